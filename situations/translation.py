from django.conf import settings
from modeltranslation.translator import TranslationOptions, register

from .models import Direction, NationalityGroup, Region, Status, Topic

EVERY_LANGUAGE = tuple(code for code, _name in settings.LANGUAGES)


@register(Status)
class StatusTranslation(TranslationOptions):
    fields = ("name", "definition")
    required_languages = EVERY_LANGUAGE


@register(Direction)
class DirectionTranslation(TranslationOptions):
    fields = ("name", "title", "audience")
    required_languages = EVERY_LANGUAGE


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = EVERY_LANGUAGE


@register(NationalityGroup)
class NationalityGroupTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = EVERY_LANGUAGE


@register(Region)
class RegionTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = EVERY_LANGUAGE
