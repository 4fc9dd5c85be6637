"""Country names come from the Unicode CLDR (through Babel), never typed by hand."""

import json

import pycountry
from babel import Locale
from django.conf import settings

# Kosovo has no ISO 3166-1 code yet; XK is the user-assigned code the EU and CLDR use for it, and
# Belgium has a social security convention with Kosovo.
EXTRA_CODES = ("XK",)


def country_codes():
    return sorted({country.alpha_2 for country in pycountry.countries} | set(EXTRA_CODES))


def country_records():
    locales = {code: Locale.parse(code) for code, _name in settings.LANGUAGES}
    return [
        {
            "model": "agreements.country",
            "pk": code.lower(),
            "fields": {f"name_{language}": locale.territories[code] for language, locale in locales.items()},
        }
        for code in country_codes()
    ]


def country_fixture_text():
    return json.dumps(country_records(), ensure_ascii=False, indent=1) + "\n"
