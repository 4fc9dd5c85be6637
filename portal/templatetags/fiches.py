"""A fiche as HTML: rendered once per published revision, language and form (title level, folded or
not), then kept with the snapshot, like the fiche's own text (views.fiche_context)."""

from django import template
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from situations.data import current_data

register = template.Library()


@register.simple_tag
def fiche_html(fiche, heading, folded=False, summary_folded=False):
    def render():
        context = {"fiche": fiche, "heading": heading, "folded": folded, "summary_folded": summary_folded}
        return mark_safe(get_template("includes/fiche.html").render(context))  # noqa: S308 (escaped in the template)

    key = fiche.get("memo_key")
    if key is None:  # a draft (the preview): rendered each time
        return render()
    return current_data().rendered.get(("html", key, heading, bool(folded), bool(summary_folded)), render)
