from django.apps import AppConfig, apps
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class SituationsConfig(AppConfig):
    name = "situations"
    verbose_name = _("Situations and criteria")

    def ready(self):
        from .data import data_changed

        # Any change to what the resolver reads invalidates its in-memory data in every process.
        for label in ("agreements", "factsheets", "situations"):
            for model in apps.get_app_config(label).get_models():
                post_save.connect(data_changed, sender=model, dispatch_uid=f"resolver-{model._meta.label}-save")
                post_delete.connect(data_changed, sender=model, dispatch_uid=f"resolver-{model._meta.label}-delete")
        m2m_changed.connect(data_changed, dispatch_uid="resolver-m2m")
