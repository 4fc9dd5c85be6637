"""The options of a select, built in Python: the country list has 250 of them, which the template
engine took most of a question page's time to render one by one."""

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

SELECTED = mark_safe(" selected")


@register.simple_tag
def option_tags(options, current):
    """<option value="…"[ selected]>label</option> for each option, escaped."""
    return format_html_join(
        "", '<option value="{}"{}>{}</option>', ((o.value, SELECTED if o.value == current else "", o.label) for o in options)
    )
