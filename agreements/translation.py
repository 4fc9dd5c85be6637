from django.conf import settings
from modeltranslation.translator import TranslationOptions, register

from .models import Branch, Country, Instrument


@register(Country)
class CountryTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = tuple(code for code, _name in settings.LANGUAGES)


@register(Branch)
class BranchTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"default": ("name",)}


@register(Instrument)
class InstrumentTranslation(TranslationOptions):
    fields = ("name", "short_name", "summary", "posting_notes", "legal_text_url")
    required_languages = {"default": ("name", "short_name")}
