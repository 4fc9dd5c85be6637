from modeltranslation.translator import TranslationOptions, register

from .models import Amount, Institution, Reference, Revision


@register(Institution)
class InstitutionTranslation(TranslationOptions):
    fields = ("acronym", "name", "description", "website", "contact_url", "address")
    required_languages = {"default": ("acronym", "name", "description", "website")}


@register(Revision)
class RevisionTranslation(TranslationOptions):
    # Not required per language: a draft may be written one language at a time; the publication
    # workflow checks that every language is there.
    fields = ("title", "summary", "body", "outcome")


@register(Reference)
class ReferenceTranslation(TranslationOptions):
    fields = ("label", "url")


@register(Amount)
class AmountTranslation(TranslationOptions):
    fields = ("label",)
