from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import Branch, Country, Coverage, Instrument


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
