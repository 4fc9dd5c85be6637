"""Content of the topic "contributions" (which country's social security applies, posting, contributions):
the fiches of ONSS, INASTI and Overseas Social Security, for every regime and both directions."""

import io

import pytest
from django.core.management import call_command

from tests.content.helpers import OUTDATED, answer, words

pytestmark = pytest.mark.django_db

TOPIC = "contributions"


def contributions(lang, direction, nationality, country, status):
    return answer(lang, TOPIC, direction, nationality, country, status)


def slugs(topic):
    return [f["slug"] for f in topic["fiches"]]


# (direction, nationality, country, status, regime kind, instrument, fiche slugs that must appear,
#  {language: [phrases that must appear]})
SITUATIONS = [
    (
        "leaving", "be", "es", "posted-worker", "eu", "eu-regulation-883-2004",
        ["contributions-eu-general", "contributions-eu-posting"],
        {"en": ["A1", "24 months", "ONSS"], "fr": ["formulaire A1", "24 mois", "ONSS"]},
    ),
    (
        "leaving", "be", "gb", "posted-worker", "uk", "eu-uk-tca-protocol",
        ["contributions-uk-general"],
        {"en": ["24 months", "A1", "Withdrawal Agreement"], "fr": ["24 mois", "A1", "accord de retrait"]},
    ),
    (
        "leaving", "be", "jp", "posted-worker", "bilateral", "belgium-japan",
        ["contributions-bilateral-general", "contributions-posting-japan"],
        {"en": ["5 years", "60 months", "Japan", "GOTOT"], "fr": ["5 ans", "60 mois", "Japon", "GOTOT"]},
    ),
    (
        "leaving", "be", "us", "employee", "bilateral", "belgium-united-states",
        ["contributions-bilateral-general", "contributions-posting-united-states"],
        {"en": ["5 years", "certificate of coverage"], "fr": ["5 ans", "certificate of coverage"]},
    ),
    (
        "leaving", "be", "th", "posted-worker", "none", None,
        ["contributions-no-agreement-general", "overseas-social-security-voluntary-insurance"],
        {
            "en": ["6 months", "K138bis", "Overseas Social Security"],
            "fr": ["6 mois", "K138bis", "Sécurité sociale d'Outre-Mer"],
        },
    ),
    (
        "coming", "de", "de", "posted-worker", "eu", "eu-regulation-883-2004",
        ["contributions-eu-general", "contributions-eu-posting", "contributions-limosa"],
        {"en": ["Limosa", "L1", "1 April 2007"], "fr": ["Limosa", "L1", "1er avril 2007"]},
    ),
]


@pytest.mark.parametrize(
    "direction,nationality,country,status,kind,instrument,expected_slugs,phrases",
    SITUATIONS,
    ids=[f"{s[0]}-{s[1]}-{s[2]}-{s[3]}" for s in SITUATIONS],
)
def test_each_regime_has_its_key_facts_in_english_and_french(
    direction, nationality, country, status, kind, instrument, expected_slugs, phrases
):
    for lang, expected in phrases.items():
        topic = contributions(lang, direction, nationality, country, status)
        assert topic["regime"]["kind"] == kind
        assert topic["regime"]["instrument"] == instrument
        assert set(expected_slugs) <= set(slugs(topic))
        text = words(topic)
        for phrase in expected:
            assert phrase in text, f"{phrase!r} missing in {lang} for {direction}/{nationality}/{country}/{status}"


def test_general_fiche_comes_before_the_convention_specific_one():
    topic = contributions("en", "leaving", "be", "jp", "posted-worker")
    order = slugs(topic)
    assert order.index("contributions-bilateral-general") < order.index("contributions-posting-japan")


@pytest.mark.parametrize(
    "country,slug,phrase_en,phrase_fr",
    [
        ("ca", "contributions-posting-canada", "B/CAN 1", "B/CAN 1"),
        ("au", "contributions-posting-australia", "B/AUS", "B/AUS"),
        ("br", "contributions-posting-brazil", "BEL-BRA 101", "BEL-BRA 101"),
        ("ar", "contributions-posting-argentina", "BE/ARG 101", "BE/ARG 101"),
        ("ba", "contributions-posting-bosnia-herzegovina", "BE/BIH 101", "BE/BIH 101"),
        ("in", "contributions-posting-india", "60 months", "60 mois"),
        ("kr", "contributions-posting-south-korea", "5 years", "5 ans"),
        ("me", "contributions-posting-montenegro", "24 months", "24 mois"),
        ("al", "contributions-posting-albania", "24 months", "24 mois"),
        ("md", "contributions-posting-moldova", "36 more months", "36 mois"),
        ("tr", "contributions-posting-turkiye", "24 months", "24 mois"),
    ],
)
def test_each_convention_shows_its_own_posting_limit_or_form(country, slug, phrase_en, phrase_fr):
    for lang, phrase in (("en", phrase_en), ("fr", phrase_fr)):
        topic = contributions(lang, "leaving", "be", country, "posted-worker")
        assert topic["regime"]["kind"] == "bilateral"
        assert slug in slugs(topic)
        fiche = next(f for f in topic["fiches"] if f["slug"] == slug)
        assert phrase in " ".join((fiche["title"], fiche["summary"], fiche["text"]))


def test_algeria_posting_for_algerian_national_names_both_forms():
    topic = contributions("en", "leaving", "dz", "dz", "posted-worker")
    assert topic["regime"]["instrument"] == "belgium-algeria"
    text = words(topic)
    assert "B/ALG 1" in text and "B/ALG 2" in text


def test_non_eu_national_posted_to_switzerland_gets_the_1975_agreement_with_12_months():
    topic = contributions("en", "leaving", "in", "ch", "posted-worker")
    assert topic["regime"]["instrument"] == "belgium-switzerland-1975"
    assert "12 months" in words(topic)


def test_self_employed_leaving_for_the_eu_gets_the_inasti_a1_fiche():
    for lang, phrases in (("en", ["INASTI", "two months", "24 months"]), ("fr", ["INASTI", "deux mois", "24 mois"])):
        topic = contributions(lang, "leaving", "be", "fr", "self-employed")
        assert "contributions-self-employed-eu" in slugs(topic)
        text = words(topic)
        for phrase in phrases:
            assert phrase in text


def test_self_employed_coming_to_belgium_is_told_to_join_a_social_insurance_fund():
    topic = contributions("en", "coming", "ma", "ma", "self-employed")
    assert "contributions-self-employed-starting-in-belgium" in slugs(topic)
    assert "social insurance fund" in words(topic)
    topic = contributions("fr", "coming", "ma", "ma", "self-employed")
    assert "caisse d'assurances sociales" in words(topic)


def test_employee_coming_to_belgium_learns_about_dimona_and_onss():
    topic = contributions("en", "coming", "us", "us", "employee")
    assert "contributions-working-in-belgium" in slugs(topic)
    assert "Dimona" in words(topic) and "ONSS" in words(topic)


@pytest.mark.parametrize(
    "direction,country,status,slug",
    [
        ("leaving", "nl", "frontier-worker-living-in-belgium", "contributions-frontier-workers"),
        ("coming", "fr", "frontier-worker-working-in-belgium", "contributions-frontier-workers"),
        ("leaving", "de", "civil-servant", "contributions-civil-servants"),
        ("leaving", "lu", "international-transport-worker", "contributions-international-transport"),
        ("leaving", "es", "student", "contributions-students"),
        ("leaving", "nl", "employee", "contributions-eu-several-countries"),
    ],
)
def test_special_statuses_get_their_own_fiche(direction, country, status, slug):
    topic = contributions("en", direction, "be" if direction == "leaving" else country, country, status)
    assert slug in slugs(topic)


def test_air_crews_are_told_about_the_home_base_and_the_25_percent_rule():
    topic = contributions("en", "leaving", "be", "fr", "international-transport-worker")
    text = words(topic)
    assert "home base" in text and "25 %" in text


@pytest.mark.parametrize("lang", ["fr", "nl", "de", "en"])
@pytest.mark.parametrize(
    "direction,nationality,country,status",
    [
        ("leaving", "be", "es", "posted-worker"),
        ("leaving", "be", "gb", "employee"),
        ("leaving", "be", "jp", "self-employed"),
        ("leaving", "be", "th", "posted-worker"),
        ("leaving", "be", "us", "civil-servant"),
        ("coming", "de", "de", "posted-worker"),
        ("coming", "ma", "ma", "self-employed"),
        ("coming", "fr", "fr", "frontier-worker-working-in-belgium"),
    ],
)
def test_no_outdated_name_or_form_appears(lang, direction, nationality, country, status):
    topic = contributions(lang, direction, nationality, country, status)
    assert topic["fiches"], "every situation has at least one fiche"
    found = OUTDATED.search(words(topic))
    assert found is None, f"outdated name {found.group(0)!r} in {lang}"


def test_no_outdated_name_in_any_contributions_revision():
    from factsheets.models import Revision

    revisions = Revision.objects.filter(fiche__criteria__topic__slug=TOPIC).distinct()
    assert revisions.count() >= 30
    for revision in revisions:
        for lang in ("fr", "nl", "de", "en"):
            for field in ("title", "summary", "body"):
                text = getattr(revision, f"{field}_{lang}")
                assert text, f"{revision} has no {field}_{lang}"
                assert not OUTDATED.search(text), f"{revision} {field}_{lang}"


def test_coverage_finds_no_gap_for_contributions():
    out = io.StringIO()
    call_command("coverage", "--topic", TOPIC, stdout=out)
    assert out.getvalue().strip().splitlines()[-1].startswith("0 gaps")
