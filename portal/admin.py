"""The editors' preview: a revision rendered exactly as the public will see it, in each language,
with the situations where its fiche appears (from the resolver's criteria)."""

from django.conf import settings
from django.contrib import admin
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from factsheets.admin import RevisionAdmin
from factsheets.models import Revision
from situations.coverage import reach
from situations.data import current_data, revision_info

from .views import fiche_context


class PreviewRevisionAdmin(RevisionAdmin):
    def get_urls(self):
        preview = path(
            "<path:object_id>/preview/<str:language>/",
            self.admin_site.admin_view(self.preview_view),
            name="factsheets_revision_preview",
        )
        return [preview, *super().get_urls()]

    def preview_view(self, request, object_id, language):
        if language not in dict(settings.LANGUAGES):
            raise Http404
        revision = self.scoped_revision(request, object_id)
        data = current_data()
        fiche = data.fiches.get(revision.fiche.slug)
        if fiche is None:
            raise Http404
        with override(language):
            shown = fiche_context(data, fiche, revision_info(revision), language, timezone.localdate(), heading=2)
        criteria = [c for rows in data.criteria.values() for c in rows if c.fiche == fiche.slug]
        rows = reach(data, criteria, on=timezone.localdate())
        groups = {g.slug: g.name() for g in data.groups}
        context = {
            **self.admin_site.each_context(request),
            "title": _("Preview of %(fiche)s, revision %(number)s") % {"fiche": fiche.slug, "number": revision.number},
            "opts": self.model._meta,
            "original": revision,
            "language": language,
            "languages": settings.LANGUAGES,
            "fiche": shown,
            "reach": [
                {
                    "direction": data.directions[row.direction].name(),
                    "group": groups[row.nationality_group],
                    "status": data.statuses[row.status].name(),
                    "topic": data.topics[row.topic].name(),
                    "regime": row.regime,
                    "countries": " ".join(row.countries),
                    "count": len(row.countries),
                }
                for row in rows
            ],
        }
        return TemplateResponse(request, "admin/factsheets/revision/preview.html", context)


admin.site.unregister(Revision)
admin.site.register(Revision, PreviewRevisionAdmin)
