"""factsheets.text.long_date puts Babel's month names into Babel's patterns itself: it must give what
Babel's format_date gives, for every language and every month, day of the month and kind of year."""

import datetime

import pytest
from babel.dates import format_date

from factsheets.text import LOCALES, long_date

PATTERNS = {"fr": "d MMMM y", "nl": "d MMMM y", "de": "d. MMMM y", "en": "d MMMM y"}
# Every day of a leap year and of an ordinary one, and the first and last days of the range a
# result page accepts (portal.wizard: 1959 to three years ahead).
DAYS = [datetime.date(2024, 1, 1) + datetime.timedelta(days=n) for n in range(366 + 365)] + [
    datetime.date(1959, 1, 1),
    datetime.date(1999, 12, 31),
    datetime.date(2029, 12, 31),
]


@pytest.mark.parametrize("language", list(LOCALES))
def test_a_long_date_is_what_babel_formats(language):
    for day in DAYS:
        expected = format_date(day, format=PATTERNS[language], locale=LOCALES[language])
        if language == "fr" and day.day == 1:
            expected = "1er" + expected[1:]
        assert long_date(day, language) == expected, day


def test_dates_read_as_each_language_writes_them():
    day = datetime.date(2010, 5, 1)
    assert [long_date(day, language) for language in ("en", "fr", "nl", "de")] == [
        "1 May 2010",
        "1er mai 2010",
        "1 mei 2010",
        "1. Mai 2010",
    ]
    assert long_date(datetime.date(2026, 12, 23), "fr") == "23 décembre 2026"
