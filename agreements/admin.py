from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from . import changes
from .models import Branch, Country, Coverage, Instrument, InstrumentChange


@admin.register(Country)
class CountryAdmin(TranslationAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name_fr", "name_nl", "name_de", "name_en"]


@admin.register(Branch)
class BranchAdmin(TranslationAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]


class CoverageInline(admin.TabularInline):
    model = Coverage
    fk_name = "instrument"
    extra = 0
    autocomplete_fields = ["country"]
    fields = [
        "country",
        "valid_from",
        "valid_until",
        "persons",
        "stateless_and_refugees",
        "third_country_nationals",
        "nationals_of",
        "posting_for_everyone",
    ]


@admin.register(Instrument)
class InstrumentAdmin(TranslationAdmin):
    def get_readonly_fields(self, request, obj=None):
        # The identifier is in published addresses and on the command line: set once.
        return ["slug"] if obj is not None else []

    list_display = ["short_name", "slug", "kind", "signed_on", "in_force_from", "in_force_until", "max_posting_months"]
    list_filter = ["kind", "branches"]
    search_fields = ["slug", "name_fr", "name_nl", "name_de", "name_en", "short_name_en"]
    filter_horizontal = ["branches"]
    inlines = [CoverageInline]

    # Changes of dates are recorded for the public feeds of changes (agreements.changes).
    def save_model(self, request, obj, form, change):
        before = changes.stored(Instrument, obj.pk) if change else None
        super().save_model(request, obj, form, change)
        changes.instrument_saved(before, obj, request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Coverage:
            return super().save_formset(request, form, formset, change)
        # The forms' instances already hold the new values: the old ones are read from the database.
        instances = [f.instance for f in formset.initial_forms]
        stored = Coverage.objects.in_bulk([c.pk for c in instances])
        before = {id(c): stored.get(c.pk) for c in instances}
        super().save_formset(request, form, formset, change)
        for coverage in formset.new_objects:
            changes.coverage_saved(None, coverage, request.user)
        for coverage, _fields in formset.changed_objects:
            changes.coverage_saved(before.get(id(coverage)), coverage, request.user)
        for coverage in formset.deleted_objects:
            changes.coverage_deleted(before.get(id(coverage)) or coverage, request.user)

    fieldsets = [
        (None, {"fields": ["slug", "kind", "name", "short_name", "summary", "legal_text_url"]}),
        ("Dates", {"fields": ["signed_on", "in_force_from", "in_force_until", "replaces"]}),
        ("Scope", {"fields": ["branches"]}),
        ("Posting", {"fields": ["max_posting_months", "max_posting_extension_months", "posting_notes"]}),
        (None, {"fields": ["notes"]}),
    ]


@admin.register(Coverage)
class CoverageAdmin(admin.ModelAdmin):
    list_display = ["instrument", "country", "valid_from", "valid_until", "persons", "third_country_nationals"]
    list_filter = ["instrument__kind", "instrument", "persons", "third_country_nationals"]
    search_fields = ["country__code", "country__name_en", "instrument__slug"]
    autocomplete_fields = ["country"]

    def save_model(self, request, obj, form, change):
        before = changes.stored(Coverage, obj.pk) if change else None
        super().save_model(request, obj, form, change)
        changes.coverage_saved(before, obj, request.user)

    def delete_model(self, request, obj):
        changes.coverage_deleted(obj, request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for coverage in queryset:
            changes.coverage_deleted(coverage, request.user)
        super().delete_queryset(request, queryset)


@admin.register(InstrumentChange)
class InstrumentChangeAdmin(admin.ModelAdmin):
    """Every recorded change of dates, for audits; written by the saves above, never edited here."""

    list_display = ["at", "instrument", "country", "kind", "from_before", "until_before", "from_after", "until_after", "user"]
    list_filter = ["kind", "instrument"]
    list_select_related = ["instrument", "country", "user"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
