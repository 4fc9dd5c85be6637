import datetime

from django import template
from django.utils.translation import get_language

from factsheets.text import long_date as format_long_date

register = template.Library()


@register.filter
def long_date(value):
    """23 November 2026 · 1er mai 2010 · 1 mei 2010 · 1. Mai 2010."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not isinstance(value, datetime.date):
        return ""
    return format_long_date(value, get_language() or "en")
