from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def retention_days():
    """How long counts and feedback are kept (the privacy page says it)."""
    return settings.STATS_RETENTION_DAYS
