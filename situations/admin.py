import datetime

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from factsheets import roles
from factsheets.admin import ForbidOthersMixin

from .coverage import build_matrix
from .data import current_data
from .models import Criterion, Direction, NationalityGroup, Region, Status, Topic, TopicInstitution


class StableSlugMixin:
    """Identifiers appear in published addresses: they are set once, when the object is created."""

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly + ["slug"] if obj is not None else readonly


@admin.register(Status)
class StatusAdmin(StableSlugMixin, TranslationAdmin):
    list_display = ["name", "slug", "order"]


@admin.register(Direction)
class DirectionAdmin(StableSlugMixin, TranslationAdmin):
    list_display = ["name", "slug", "order"]
    filter_horizontal = ["statuses"]


class TopicInstitutionInline(admin.TabularInline):
    model = TopicInstitution
    extra = 0


@admin.register(Topic)
class TopicAdmin(StableSlugMixin, TranslationAdmin):
    list_display = ["name", "slug", "order", "asks_region"]
    filter_horizontal = ["branches"]
    inlines = [TopicInstitutionInline]


@admin.register(NationalityGroup)
class NationalityGroupAdmin(StableSlugMixin, TranslationAdmin):
    list_display = ["name", "slug", "rule", "order"]
    filter_horizontal = ["countries"]


@admin.register(Region)
class RegionAdmin(StableSlugMixin, TranslationAdmin):
    list_display = ["name", "slug", "order"]


@admin.register(Criterion)
class CriterionAdmin(ForbidOthersMixin, admin.ModelAdmin):
    """Architects attach fiches to situations; an institution's staff read the criteria of its fiches."""

    def get_queryset(self, request):
        return roles.scope(super().get_queryset(request), request.user, "fiche__institution")

    list_display = ["fiche", "topic", "regime_eu", "regime_uk", "regime_bilateral", "regime_none"]
    list_filter = ["topic", "fiche__institution", "regime_eu", "regime_uk", "regime_bilateral", "regime_none"]
    search_fields = ["fiche__slug"]
    autocomplete_fields = ["fiche"]
    filter_horizontal = ["directions", "statuses", "nationality_groups", "instruments", "countries", "regions"]
    change_list_template = "admin/situations/criterion/change_list.html"

    def get_urls(self):
        coverage = path("coverage/", self.admin_site.admin_view(self.coverage_view), name="situations_coverage")
        return [coverage, *super().get_urls()]

    def coverage_view(self, request):
        """The coverage matrix on a date: every combination that no fiche answers."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        on, error = timezone.localdate(), None
        if request.GET.get("date"):
            try:
                on = datetime.date.fromisoformat(request.GET["date"])
            except ValueError:
                error = _("Enter a date as YYYY-MM-DD.")
        data = current_data()
        topic = request.GET.get("topic") if request.GET.get("topic") in data.topics else None
        matrix = build_matrix(data, on=on, topics=[topic] if topic else None)
        groups = {group.slug: group for group in data.groups}
        context = {
            **self.admin_site.each_context(request),
            "title": _("Coverage matrix"),
            "opts": self.model._meta,
            "matrix": matrix,
            "date": on,
            "error": error,
            "topics": data.topics,
            "selected_topic": topic,
            "rows": [
                {
                    "direction": data.directions[gap.direction].name(),
                    "group": groups[gap.nationality_group].name(),
                    "status": data.statuses[gap.status].name(),
                    "topic": data.topics[gap.topic].name(),
                    "regime": gap.regime,
                    "region": data.regions[gap.region].name() if gap.region else "",
                    "missing": _("an outcome") if gap.kind == "no-outcome" else _("a fiche"),
                    "countries": " ".join(gap.countries),
                }
                for gap in matrix.gaps
            ],
        }
        return TemplateResponse(request, "admin/situations/coverage.html", context)


@admin.register(TopicInstitution)
class TopicInstitutionAdmin(admin.ModelAdmin):
    list_display = ["topic", "institution", "is_contact"]
    list_filter = ["topic", "is_contact"]
