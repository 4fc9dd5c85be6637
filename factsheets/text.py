"""Fiche texts may quote named amounts, {{ amount:minimum-pension-single }}, and link to other fiches,
[the posting fiche](fiche:posting-eu). Both are checked when a revision is saved and expanded when it
is shown: an amount becomes its value on the date, formatted for the language, with the date it
applies from."""

import datetime
import re
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from django.utils.translation import gettext as _
from django.utils.translation import override

AMOUNT = re.compile(r"\{\{\s*amount:([a-z0-9-]+)\s*\}\}")
FICHE_LINK = re.compile(r"\]\(fiche:([a-z0-9-]+)\)")
LOCALES = {"fr": "fr_BE", "nl": "nl_BE", "de": "de_BE", "en": "en_GB"}


def amount_names(text: str) -> set:
    return set(AMOUNT.findall(text or ""))


def fiche_slugs(text: str) -> set:
    return set(FICHE_LINK.findall(text or ""))


def format_amount(value: Decimal, unit: str, applies_from: datetime.date, language: str) -> str:
    locale = LOCALES.get(language, "en_GB")
    if unit == "percent":
        figure = f"{format_decimal(value, locale=locale)} %"
    else:
        figure = format_currency(value, "EUR", locale=locale)
    since = format_date(applies_from, format="long", locale=locale)
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
    return FICHE_LINK.sub(lambda m: f"](/{language}/fiche/{m.group(1)}/)", text)
