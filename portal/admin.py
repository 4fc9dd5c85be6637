"""The workspace's fiches and revisions, assembled here once from `factsheets.admin` and what needs
the other apps: each institution's dashboard (coverage from `situations`) and the editors' preview (a
revision rendered exactly as the public will see it, in each language, with the situations where its
fiche appears). No other module registers or unregisters these two models."""

import datetime

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from factsheets import roles
from factsheets.admin import FicheAdmin, RevisionAdmin
from factsheets.models import Fiche, Institution, Revision
from situations.coverage import build_matrix, reach
from situations.data import current_data, revision_info

from .views import fiche_context


class WorkspaceRevisionAdmin(RevisionAdmin):
    """Revisions, with the preview."""

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


class WorkspaceFicheAdmin(FicheAdmin):
    """The fiche list, plus each institution's dashboard: what to review, publish and write next."""

    change_list_template = "admin/factsheets/fiche/change_list.html"

    def get_urls(self):
        dashboard = path("dashboard/", self.admin_site.admin_view(self.dashboard_view), name="factsheets_dashboard")
        return [dashboard, *super().get_urls()]

    def dashboard_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        data = current_data()
        institutions = Institution.objects.order_by("slug")
        if roles.sees_everything(request.user):
            chosen = institutions.filter(slug=request.GET.get("institution")).first()
        else:
            chosen = institutions.get(pk=roles.institution_id(request.user))
        fiches = self.get_queryset(request)
        if chosen:
            fiches = fiches.filter(institution=chosen)
        today = timezone.localdate()
        year_ago = today - datetime.timedelta(days=365)
        live = Revision.objects.live().filter(fiche__in=fiches).select_related("fiche")
        stale = [r for r in live if r.last_reviewed < year_ago]
        waiting = Revision.objects.filter(fiche__in=fiches, state=Revision.State.SUBMITTED).select_related("fiche", "author")
        topics = [t for t in data.topics.values() if chosen is None or chosen.slug in t.institutions]
        gaps = build_matrix(data, on=today, topics=[t.slug for t in topics]).gaps if topics else ()
        gap_counts = {t.slug: 0 for t in topics}
        for gap in gaps:
            gap_counts[gap.topic] += len(gap.countries)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Dashboard") + (f" – {chosen.acronym}" if chosen else ""),
            "opts": self.model._meta,
            "institutions": institutions if roles.sees_everything(request.user) else None,
            "chosen": chosen,
            "stale": stale,
            "waiting": waiting,
            "gaps": [(t, gap_counts[t.slug]) for t in topics],
        }
        return TemplateResponse(request, "admin/factsheets/fiche/dashboard.html", context)


admin.site.register(Fiche, WorkspaceFicheAdmin)
admin.site.register(Revision, WorkspaceRevisionAdmin)
