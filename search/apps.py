from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from factsheets.models import Revision

        from .index import revision_deleted, revision_saved

        # Every change of a revision's state or texts is saved through post_save (the workflow sends it
        # after its conditional updates too); a deleted revision takes its entries with it (CASCADE),
        # and the revision published before it is live again from then on.
        post_save.connect(revision_saved, sender=Revision, dispatch_uid="search-revision-save")
        post_delete.connect(revision_deleted, sender=Revision, dispatch_uid="search-revision-delete")
