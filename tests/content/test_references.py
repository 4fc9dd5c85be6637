"""Every reference of a fiche gives the reader an address (issue 15, item 18): an official URL in each
language, or, when no direct link to the text could be verified, an official search page and a label
that says so ("… to be looked up in Justel by its date: no direct link verified")."""

import json
from pathlib import Path

import pytest

# The content fixture (tests/content/conftest.py) loads the fiches into the test database.
pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
FILES = sorted(path.name for path in FIXTURES.glob("fiches-*.json"))
LANGS = ("fr", "nl", "de", "en")

# A link to a search page instead of the text itself: the label must give the reason, in its language.
SEARCH_PAGES = ("/cgi_loi/rech.pl",)
REASONS = {
    "en": "no direct link verified",
    "fr": "pas de lien direct vérifié",
    "nl": "geen rechtstreekse link gecontroleerd",
    "de": "kein direkter Link geprüft",
}


def references(filename):
    rows = json.loads((FIXTURES / filename).read_text(encoding="utf-8"))
    return [row["fields"] for row in rows if row["model"] == "factsheets.reference"]


def where(reference):
    slug, number = reference["revision"]
    return f"{slug}#{number} {reference['kind']} {reference['order']}"


@pytest.mark.parametrize("filename", FILES)
def test_every_reference_has_an_address_in_every_language(filename):
    problems = []
    for reference in references(filename):
        for lang in LANGS:
            url = reference.get(f"url_{lang}") or ""
            label = reference.get(f"label_{lang}") or ""
            if not url:
                problems.append(f"{where(reference)} [{lang}]: no URL ({label})")
            elif not url.startswith("https://"):
                problems.append(f"{where(reference)} [{lang}]: not https ({url})")
            elif any(page in url for page in SEARCH_PAGES) and REASONS[lang] not in label:
                problems.append(f"{where(reference)} [{lang}]: a search page, and the label does not say why")
    assert not problems, "\n".join(problems)
