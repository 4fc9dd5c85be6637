"""Fiche texts may quote named amounts, {{ amount:minimum-pension-single }}, and link to other fiches,
[the posting fiche](fiche:posting-eu). Both are checked when a revision is saved and expanded when it
is shown: an amount becomes its value on the date, formatted for the language, with the date it
applies from.

A text may also hold passages for one direction only, between a line `::: leaving` (or
`::: coming`) and a line `:::`. A result page keeps the passages of its direction and drops the
others; a page with no direction (the fiche's own page) shows every passage under its label."""

import datetime
import functools
import re
from decimal import Decimal

from babel.dates import get_month_names
from babel.numbers import format_currency, format_decimal
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

AMOUNT = re.compile(r"\{\{\s*amount:([a-z0-9-]+)\s*\}\}")
FICHE_LINK = re.compile(r"\]\(fiche:([a-z0-9-]+)\)")
LOCALES = {"fr": "fr_BE", "nl": "nl_BE", "de": "de_BE", "en": "en_GB"}
VARIANTS = ("leaving", "coming")
VARIANT_LINE = re.compile(r"^:::[ \t]*([a-z-]*)[ \t]*$")


def _variant_blocks(text: str):
    """(variant or None, lines) in order; raises ValueError with a message for a malformed text."""
    blocks, current, lines = [], None, []
    for number, line in enumerate((text or "").splitlines(), start=1):
        match = VARIANT_LINE.match(line.strip())
        if not match:
            lines.append(line)
            continue
        name = match.group(1)
        if name:
            if current is not None:
                raise ValueError(_("Line %(line)d opens “::: %(name)s” inside another passage; close it first with “:::”.") % {"line": number, "name": name})
            if name not in VARIANTS:
                raise ValueError(_("Line %(line)d: unknown passage “%(name)s”; use “::: leaving” or “::: coming”.") % {"line": number, "name": name})
            blocks.append((None, lines))
            current, lines = name, []
        else:
            if current is None:
                raise ValueError(_("Line %(line)d closes a passage that was never opened.") % {"line": number})
            blocks.append((current, lines))
            current, lines = None, []
    if current is not None:
        raise ValueError(_("The passage “::: %(name)s” is never closed with a line “:::”.") % {"name": current})
    blocks.append((None, lines))
    return blocks


def variant_errors(text: str) -> list:
    try:
        _variant_blocks(text)
    except ValueError as error:
        return [str(error)]
    return []


def variant_names(text: str) -> set:
    try:
        return {name for name, _lines in _variant_blocks(text) if name}
    except ValueError:
        return set()


def for_direction(text: str, direction: str | None, *, labels: dict | None = None) -> str:
    """The text as a reader of that direction sees it. With no direction, each passage is kept under
    its label (`labels`: variant → a line of Markdown, e.g. "**If you are leaving Belgium**")."""
    if not text or ":::" not in text:
        return text or ""
    try:
        blocks = _variant_blocks(text)
    except ValueError:
        return text  # refused at save; an old text is shown as written rather than lost
    out = []
    for name, lines in blocks:
        if name is None:
            out.extend(lines)
        elif direction is None:
            out.extend(["", (labels or {}).get(name, ""), "", *lines, ""])
        elif name == direction:
            out.extend(["", *lines, ""])
    return "\n".join(out).strip("\n")


def amount_names(text: str) -> set:
    return set(AMOUNT.findall(text or ""))


def fiche_slugs(text: str) -> set:
    return set(FICHE_LINK.findall(text or ""))


@functools.cache
def _month_names(language: str) -> dict:
    """Babel's names of the months as a date spells them (CLDR's "format" context, wide)."""
    return dict(get_month_names("wide", "format", LOCALES.get(language, "en_GB")))


def long_date(day: datetime.date, language: str) -> str:
    """A date in the language's own style: 23 November 2026, 1er mai 2010, 1 mei 2010, 1. Mai 2010.

    Babel's patterns "d MMMM y" (German: "d. MMMM y") with its month names, put together here: a
    result page asked for another day formats a date never seen before, and Babel's own format_date
    takes longer than the rest of the page's dates (tests/content/test_long_date.py holds the two equal)."""
    month = _month_names(language)[day.month]
    if language == "de":
        return f"{day.day}. {month} {day.year}"
    if language == "fr" and day.day == 1:
        return f"1er {month} {day.year}"
    return f"{day.day} {month} {day.year}"


def format_amount(value: Decimal, unit: str, applies_from: datetime.date, language: str) -> str:
    locale = LOCALES.get(language, "en_GB")
    if unit == "percent":
        figure = f"{format_decimal(value, locale=locale)} %"
    else:
        figure = format_currency(value, "EUR", locale=locale)
    since = long_date(applies_from, language)
    with override(language):
        per = {"eur-month": _("a month"), "eur-day": _("a day"), "eur-year": _("a year")}.get(unit)
        if per:
            return _("%(figure)s %(per)s (since %(date)s)") % {"figure": figure, "per": per, "date": since}
        return _("%(figure)s (since %(date)s)") % {"figure": figure, "date": since}


def expand(text: str, *, language: str, amounts: dict, on: datetime.date) -> str:
    """`amounts`: name → (unit, [(applies_from, value), …] newest first)."""

    def amount(match):
        unit, values = amounts.get(match.group(1), (None, []))
        current = next(((start, value) for start, value in values if start <= on), None)
        if current is None:
            return match.group(0)
        return format_amount(current[1], unit, current[0], language)

    text = AMOUNT.sub(amount, text or "")
    with override(language):
        return FICHE_LINK.sub(lambda m: f"]({reverse('fiche', args=[m.group(1)])})", text)
