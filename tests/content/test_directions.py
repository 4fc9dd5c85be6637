"""A reader sees only the text of their own direction: no "if you leave Belgium" for a person coming
to Belgium, no "posted to Belgium" for a person leaving (issue: answer first, point 4). Every status
of each direction, every topic, for countries of every kind of rules, in English and French."""

import re

import pytest

from tests.content.helpers import resolve

pytestmark = pytest.mark.django_db

TOPICS = [
    "contributions", "health-care", "pension", "incapacity-for-work", "family-benefits", "unemployment",
    "work-accidents", "occupational-diseases", "annual-holidays",
]  # fmt: skip
COUNTRIES = ["de", "gb", "us", "in", "ma", "th"]
STATUSES = {
    "leaving": ["employee", "self-employed", "posted-worker", "pensioner", "job-seeker", "student"],
    "coming": ["employee", "self-employed", "posted-worker", "pensioner", "student"],
}
# Phrases that only make sense in one direction.
LEAVING_ONLY = {
    "en": re.compile(r"\b(If|When) you leave Belgium\b|\bbefore you leave Belgium\b", re.I),
    "fr": re.compile(r"\bSi vous quittez la Belgique\b|\bavant de quitter la Belgique\b", re.I),
}
COMING_ONLY = {
    "en": re.compile(r"\b(If|When) you come to Belgium\b|\bposted to Belgium\b|\bworking in Belgium from abroad\b", re.I),
    "fr": re.compile(r"\bSi vous venez en Belgique\b|\bdétachée?s? en Belgique\b", re.I),
}


def everything_read(result):
    parts = []
    for topic in result["topics"]:
        parts.append((topic.get("outcome") or {}).get("text", ""))
        for fiche in topic["fiches"]:
            parts += [fiche["title"], fiche["summary"], fiche["text"]]
    return " ".join(parts)


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("direction", ["leaving", "coming"])
def test_no_text_of_the_other_direction(direction, lang):
    wrong = COMING_ONLY[lang] if direction == "leaving" else LEAVING_ONLY[lang]
    found = {}
    for country in COUNTRIES:
        for status in STATUSES[direction]:
            nationality = "be" if direction == "leaving" else country
            result = resolve(
                lang, direction=direction, nationality=nationality, country=country, status=status,
                topic=TOPICS, region="flanders", date="2026-12-01",
            )  # fmt: skip
            for match in wrong.finditer(everything_read(result)):
                found.setdefault(match.group(0), set()).add(f"{country}/{status}")
    assert found == {}
