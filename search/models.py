"""The search index: one row per published revision and language.

Every published revision is indexed, also one scheduled for later: the query keeps, for each fiche,
the revision live at the moment asked (the latest publication not in the future), as the public
pages do. Drafts, revisions under review and withdrawn ones are never in the index.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class Entry(models.Model):
    revision = models.ForeignKey(
        "factsheets.Revision", verbose_name=_("revision"), on_delete=models.CASCADE, related_name="+"
    )
    fiche = models.ForeignKey("factsheets.Fiche", verbose_name=_("fiche"), on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField(_("revision number"))
    publish_from = models.DateTimeField(_("published from"))
    # When a later publication of the fiche replaces it (empty: it is the latest). Live at a moment:
    # publish_from <= moment < until, a range read from the row itself, without looking at the others.
    until = models.DateTimeField(_("replaced from"), null=True)
    language = models.CharField(_("language"), max_length=2)
    title = models.TextField(_("title"))
    summary = models.TextField(_("summary"))
    text = models.TextField(_("text"), help_text=_("The outcome and the body as plain text."))
    # PostgreSQL only (left empty on SQLite): title weighted A, summary B, outcome and body C.
    vector = SearchVectorField(null=True)

    class Meta:
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")
        ordering = ["fiche", "language", "-publish_from"]
        constraints = [
            models.UniqueConstraint(fields=["revision", "language"], name="search_entry_one_per_revision_language"),
        ]
        indexes = [models.Index(fields=["language", "fiche", "publish_from"], name="search_entry_live")]

    def __str__(self):
        return f"{self.fiche_id} #{self.number} [{self.language}]"
