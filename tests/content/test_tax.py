"""Tax is not social security (issue 15, item 15): frontier workers, posted workers, employees and the
self-employed working across a border read, under "contributions", that the tax conventions decide where
they pay income tax, separately from where they are insured, and that the FPS Finance is the body to ask."""

import pytest

from tests.content.helpers import answer, words

pytestmark = pytest.mark.django_db

SLUG = "tax-is-not-social-security"
DATE = "2026-12-01"

PHRASES = {
    "en": ["Tax is not social security", "double taxation", "Income Tax Code 1992", "FPS Finance",
           "finance.belgium.be", "says nothing about your income tax"],
    "fr": ["L'impôt n'est pas la sécurité sociale", "double imposition", "Code des impôts sur les revenus 1992",
           "SPF Finances", "finance.belgium.be", "ne dit rien de votre impôt sur les revenus"],
}

SITUATIONS = [
    # (direction, nationality, country, status)
    ("leaving", "be", "fr", "frontier-worker-living-in-belgium"),
    ("leaving", "be", "in", "posted-worker"),
    ("coming", "fr", "fr", "frontier-worker-working-in-belgium"),
    ("coming", "in", "in", "posted-worker"),
    ("leaving", "be", "th", "employee"),
    ("leaving", "be", "de", "self-employed"),
]


@pytest.mark.parametrize("direction,nationality,country,status", SITUATIONS, ids=["-".join(s) for s in SITUATIONS])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_tax_fiche_shows_for_people_working_across_a_border(lang, direction, nationality, country, status):
    topic = answer(lang, "contributions", direction, nationality, country, status, date=DATE)
    assert SLUG in [fiche["slug"] for fiche in topic["fiches"]]
    text = words(topic)
    for phrase in PHRASES[lang]:
        assert phrase in text, (lang, phrase)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_tax_fiche_comes_after_the_social_security_fiches_and_does_not_take_their_outcome(lang):
    """It is general (statuses only): the posting fiches come first, and the answer at the top stays theirs."""
    topic = answer(lang, "contributions", "leaving", "be", "in", "posted-worker", date=DATE)
    slugs = [fiche["slug"] for fiche in topic["fiches"]]
    assert slugs[-1] == SLUG
    assert topic["outcome"]["fiche"] != SLUG


@pytest.mark.parametrize("status", ["pensioner", "student", "job-seeker"])
def test_the_tax_fiche_is_not_shown_to_people_who_do_not_work_across_a_border(status):
    topic = answer("en", "contributions", "leaving", "be", "fr", status, date=DATE)
    assert SLUG not in [fiche["slug"] for fiche in topic["fiches"]]


def test_the_wrong_idea_is_not_stated():
    """No sentence says that the country of insurance is the country of taxation."""
    text = words(answer("en", "contributions", "leaving", "be", "in", "posted-worker", date=DATE)).lower()
    assert "you pay tax where you are insured" not in text
    assert "a1 form or a posting certificate settles your social security only" in text
