from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import Criterion, Direction, NationalityGroup, Status, Topic, TopicInstitution


@admin.register(Status)
class StatusAdmin(TranslationAdmin):
    list_display = ["name", "slug", "order"]


@admin.register(Direction)
class DirectionAdmin(TranslationAdmin):
    list_display = ["name", "slug", "order"]
    filter_horizontal = ["statuses"]


class TopicInstitutionInline(admin.TabularInline):
    model = TopicInstitution
    extra = 0


@admin.register(Topic)
class TopicAdmin(TranslationAdmin):
    list_display = ["name", "slug", "order"]
    filter_horizontal = ["branches"]
    inlines = [TopicInstitutionInline]


@admin.register(NationalityGroup)
class NationalityGroupAdmin(TranslationAdmin):
    list_display = ["name", "slug", "rule", "order"]
    filter_horizontal = ["countries"]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["fiche", "topic", "regime_eu", "regime_uk", "regime_bilateral", "regime_none"]
    list_filter = ["topic", "fiche__institution", "regime_eu", "regime_uk", "regime_bilateral", "regime_none"]
    search_fields = ["fiche__slug"]
    autocomplete_fields = ["fiche"]
    filter_horizontal = ["directions", "statuses", "nationality_groups", "instruments", "countries"]


@admin.register(TopicInstitution)
class TopicInstitutionAdmin(admin.ModelAdmin):
    list_display = ["topic", "institution", "is_contact"]
    list_filter = ["topic", "is_contact"]
