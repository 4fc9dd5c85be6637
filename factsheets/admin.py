from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from .models import Amount, AmountValue, Fiche, Institution, Reference, Revision


@admin.register(Institution)
class InstitutionAdmin(TranslationAdmin):
    list_display = ["acronym", "name", "slug", "parent", "phone"]
    search_fields = ["slug", "acronym_fr", "acronym_nl", "acronym_en", "name_fr", "name_nl", "name_de", "name_en"]
    fieldsets = [
        (None, {"fields": ["slug", "acronym", "name", "description", "parent"]}),
        ("Contact", {"fields": ["website", "contact_url", "email", "phone", "address"]}),
    ]


class RevisionInline(admin.TabularInline):
    model = Revision
    extra = 0
    fields = ["number", "state", "title", "last_reviewed", "publish_from", "author", "created_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Fiche)
class FicheAdmin(admin.ModelAdmin):
    list_display = ["slug", "institution", "order", "created_at"]
    list_filter = ["institution"]
    search_fields = ["slug", "revisions__title_en", "revisions__title_fr"]
    inlines = [RevisionInline]


class ReferenceInline(TranslationTabularInline):
    model = Reference
    extra = 0


@admin.register(Revision)
class RevisionAdmin(TranslationAdmin):
    list_display = ["__str__", "title", "state", "last_reviewed", "publish_from", "author"]
    list_filter = ["state", "fiche__institution"]
    search_fields = ["fiche__slug", "title_fr", "title_nl", "title_de", "title_en"]
    readonly_fields = ["created_at"]
    inlines = [ReferenceInline]


class AmountValueInline(admin.TabularInline):
    model = AmountValue
    extra = 1


@admin.register(Amount)
class AmountAdmin(TranslationAdmin):
    list_display = ["slug", "label", "unit", "institution"]
    list_filter = ["institution", "unit"]
    search_fields = ["slug", "label_fr", "label_en"]
    inlines = [AmountValueInline]


@admin.register(Reference)
class ReferenceAdmin(TranslationAdmin):
    list_display = ["label", "kind", "revision", "url"]
    list_filter = ["kind", "revision__fiche__institution"]
    search_fields = ["label_fr", "label_nl", "label_de", "label_en", "url_en", "revision__fiche__slug"]
    list_select_related = ["revision__fiche"]


@admin.register(AmountValue)
class AmountValueAdmin(admin.ModelAdmin):
    list_display = ["amount", "value", "applies_from"]
    list_filter = ["amount__institution", "amount"]
    date_hierarchy = "applies_from"
