"""Content of the topic "contributions" (which country's social security applies, posting, contributions):
the fiches of ONSS, INASTI and Overseas Social Security, for every regime and both directions."""

import io

import pytest
from django.core.management import call_command

from tests.content.helpers import OUTDATED, answer, outcome, words

pytestmark = pytest.mark.django_db

TOPIC = "contributions"


DATE = "2026-12-01"


def contributions(lang, direction, nationality, country, status):
    return answer(lang, TOPIC, direction, nationality, country, status, date=DATE)


def slugs(topic):
    return [f["slug"] for f in topic["fiches"]]


# (direction, nationality, country, status, regime kind, instrument, fiche slugs that must appear,
#  {language: [phrases that must appear]})
SITUATIONS = [
    (
        "leaving", "be", "es", "posted-worker", "eu", "eu-regulation-883-2004",
        ["contributions-eu-general", "contributions-eu-posting"],
        {"en": ["A1", "24 months", "NSSO"], "fr": ["formulaire A1", "24 mois", "ONSS"]},
    ),
    (
        "leaving", "be", "gb", "posted-worker", "uk", "eu-uk-tca-protocol",
        ["contributions-uk-general"],
        {"en": ["24 months", "A1", "Withdrawal Agreement"], "fr": ["24 mois", "A1", "accord de retrait"]},
    ),
    (
        "leaving", "be", "jp", "posted-worker", "bilateral", "belgium-japan",
        ["contributions-bilateral-general", "contributions-posting-japan"],
        {"en": ["5 years", "60 months", "Japan", "WABRO"], "fr": ["5 ans", "60 mois", "Japon", "WABRO"]},
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


def test_convention_specific_fiche_comes_first_and_overseas_social_security_after_it():
    topic = contributions("en", "leaving", "be", "jp", "posted-worker")
    order = slugs(topic)
    assert order[0] == "contributions-posting-japan"
    assert order.index("contributions-posting-japan") < order.index("contributions-bilateral-general")
    assert order.index("contributions-posting-japan") < order.index("overseas-social-security-voluntary-insurance")


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
    for lang, phrases in (("en", ["NISSE", "two months", "24 months"]), ("fr", ["INASTI", "deux mois", "24 mois"])):
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
    assert "Dimona" in words(topic) and "National Social Security Office (NSSO)" in words(topic)


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


# --- Outcomes: the answer in plain words at the top of the topic -----------------------------------------

# (direction, nationality, country, status, fiche giving the outcome, {language: phrases in the outcome})
OUTCOMES = [
    ("leaving", "be", "de", "posted-worker", "contributions-eu-posting",
     {"en": ["24 months", "A1", "NSSO", "Before you leave"], "fr": ["24 mois", "formulaire A1", "ONSS", "Avant votre départ"]}),
    ("leaving", "be", "es", "pensioner", "contributions-eu-general",
     {"en": ["one country at a time", "A1"], "fr": ["un seul pays à la fois", "formulaire A1"]}),
    ("coming", "de", "de", "employee", "contributions-working-in-belgium",
     {"en": ["Dimona", "NSSO"], "fr": ["Dimona", "ONSS"]}),
    ("coming", "de", "de", "posted-worker", "contributions-eu-posting",
     {"en": ["24 months", "A1", "Limosa"], "fr": ["24 mois", "formulaire A1", "Limosa"]}),
    ("coming", "jp", "jp", "employee", "contributions-working-in-belgium",
     {"en": ["Dimona", "NSSO"], "fr": ["Dimona", "ONSS"]}),
    ("coming", "jp", "jp", "posted-worker", "contributions-posting-japan",
     {"en": ["5 years", "Limosa"], "fr": ["5 ans", "Limosa"]}),
    ("leaving", "be", "gb", "posted-worker", "contributions-uk-general",
     {"en": ["24 months", "A1", "Withdrawal Agreement"], "fr": ["24 mois", "formulaire A1", "accord de retrait"]}),
    ("leaving", "be", "jp", "posted-worker", "contributions-posting-japan",
     {"en": ["5 years", "NSSO", "WABRO"], "fr": ["5 ans", "ONSS", "WABRO"]}),
    ("leaving", "be", "ca", "posted-worker", "contributions-posting-canada",
     {"en": ["2 years", "3 years", "B/CAN 1"], "fr": ["2 ans", "3 ans", "B/CAN 1"]}),
    ("leaving", "be", "in", "posted-worker", "contributions-posting-india",
     {"en": ["60 months"], "fr": ["60 mois"]}),
    ("leaving", "dz", "dz", "posted-worker", "contributions-posting-algeria",
     {"en": ["B/ALG 1", "B/ALG 2"], "fr": ["B/ALG 1", "B/ALG 2"]}),
    ("leaving", "in", "ch", "posted-worker", "contributions-posting-switzerland-1975",
     {"en": ["12 months"], "fr": ["12 mois"]}),
    ("coming", "us", "us", "posted-worker", "contributions-posting-united-states",
     {"en": ["5 years", "Limosa"], "fr": ["5 ans", "Limosa"]}),
    ("leaving", "be", "rs", "posted-worker", "contributions-posting-serbia",
     {"en": ["NSSO", "WABRO"], "fr": ["ONSS", "WABRO"]}),
    ("leaving", "be", "th", "posted-worker", "contributions-no-agreement-general",
     {"en": ["6 months", "K138bis", "Overseas Social Security"], "fr": ["6 mois", "K138bis", "Sécurité sociale d'Outre-Mer"]}),
    ("leaving", "be", "fr", "self-employed", "contributions-self-employed-eu",
     {"en": ["24 months", "NISSE", "social insurance fund"], "fr": ["24 mois", "INASTI", "caisse d'assurances sociales"]}),
    ("coming", "ma", "ma", "self-employed", "contributions-self-employed-starting-in-belgium",
     {"en": ["social insurance fund", "NISSE"], "fr": ["caisse d'assurances sociales", "INASTI"]}),
    ("leaving", "be", "th", "self-employed", "contributions-self-employed-outside-eu",
     {"en": ["NISSE", "Overseas Social Security"], "fr": ["INASTI", "Sécurité sociale d'Outre-Mer"]}),
    ("leaving", "be", "fr", "civil-servant", "contributions-civil-servants",
     {"en": ["administration", "A1"], "fr": ["administration", "formulaire A1"]}),
]


@pytest.mark.parametrize(
    "direction,nationality,country,status,fiche,phrases", OUTCOMES, ids=[f"{o[0]}-{o[1]}-{o[2]}-{o[3]}" for o in OUTCOMES]
)
def test_outcome_gives_the_key_facts_in_english_and_french(direction, nationality, country, status, fiche, phrases):
    for lang, expected in phrases.items():
        found = contributions(lang, direction, nationality, country, status)
        assert found["outcome"] and found["outcome"]["fiche"] == fiche, found["outcome"]
        text = outcome(found)
        assert len(text.split()) <= 65, f"outcome too long in {lang}: {len(text.split())} words"
        assert ":::" not in text, "the outcome keeps only the reader's direction"
        for phrase in expected:
            assert phrase in text, f"{phrase!r} missing in the {lang} outcome of {fiche}"


def test_every_contributions_revision_has_an_outcome_in_four_languages():
    from factsheets.models import Revision

    for revision in Revision.objects.filter(fiche__criteria__topic__slug=TOPIC).distinct():
        if revision.fiche.slug == "overseas-social-security-voluntary-insurance":
            continue  # reached only next to a general fiche whose outcome names it
        for lang in ("fr", "nl", "de", "en"):
            assert getattr(revision, f"outcome_{lang}"), f"{revision} has no outcome_{lang}"


# --- Passages per direction ------------------------------------------------------------------------------

LEAVING_ONLY = {"en": ["Posted to Belgium", "posted to Belgium", "posts you to Belgium"],
                "fr": ["Détaché vers la Belgique", "détaché vers la Belgique", "vous détache en Belgique"]}
COMING_ONLY = {"en": ["Posted from Belgium", "If you leave Belgium", "Before you leave", "If your Belgian employer"],
               "fr": ["Détaché de la Belgique", "Si vous quittez la Belgique", "Avant votre départ", "Si votre employeur belge"]}


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize(
    "nationality,country,status",
    [("be", "de", "posted-worker"), ("be", "jp", "posted-worker"), ("be", "rs", "posted-worker"),
     ("be", "ma", "posted-worker"), ("be", "gb", "posted-worker"), ("be", "th", "posted-worker"),
     ("be", "fr", "self-employed"), ("be", "de", "civil-servant")],
)
def test_a_leaving_result_has_no_text_for_people_coming_to_belgium(lang, nationality, country, status):
    found = contributions(lang, "leaving", nationality, country, status)
    text = words(found) + " " + outcome(found)
    for phrase in LEAVING_ONLY[lang]:
        assert phrase not in text, f"{phrase!r} shown to a {status} leaving for {country} ({lang})"


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize(
    "nationality,country,status",
    [("de", "de", "posted-worker"), ("jp", "jp", "posted-worker"), ("in", "in", "employee"),
     ("ma", "ma", "posted-worker"), ("gb", "gb", "posted-worker"), ("th", "th", "employee"),
     ("fr", "fr", "self-employed"), ("de", "de", "civil-servant")],
)
def test_a_coming_result_has_no_text_for_people_leaving_belgium(lang, nationality, country, status):
    found = contributions(lang, "coming", nationality, country, status)
    text = words(found) + " " + outcome(found)
    for phrase in COMING_ONLY[lang]:
        assert phrase not in text, f"{phrase!r} shown to a {status} coming from {country} ({lang})"


def test_posted_to_belgium_from_the_eu_still_reads_its_own_rules():
    en = contributions("en", "coming", "de", "de", "posted-worker")
    assert "Posted to Belgium" in words(en) and "24 months" in words(en)
    fr = contributions("fr", "coming", "de", "de", "posted-worker")
    assert "Limosa" in words(fr) and "24 mois" in words(fr)


# --- FACTS.md section 9 corrections ----------------------------------------------------------------------

def test_c3_the_working_abroad_service_is_wabro_not_gotot():
    from factsheets.models import Revision

    for lang, phrase in (("en", "Working Abroad"), ("fr", "Travailler à l'étranger")):
        text = words(contributions(lang, "leaving", "be", "de", "posted-worker"))
        assert "WABRO" in text and phrase in text
        assert "GOTOT" not in text
    for revision in Revision.objects.filter(fiche__criteria__topic__slug=TOPIC).distinct():
        for lang in ("fr", "nl", "de", "en"):
            for field in ("title", "summary", "body", "outcome"):
                assert "GOTOT" not in (getattr(revision, f"{field}_{lang}") or ""), f"{revision} {field}_{lang}"


def test_c4_morocco_posting_lasts_24_months_under_the_2022_convention():
    from agreements.models import Instrument

    assert Instrument.objects.get(slug="belgium-morocco").max_posting_months == 24
    for lang, phrase in (("en", "24 months"), ("fr", "24 mois")):
        found = contributions(lang, "leaving", "be", "ma", "posted-worker")
        assert found["regime"]["instrument"] == "belgium-morocco"
        assert "contributions-posting-morocco" in slugs(found)
        assert found["outcome"]["fiche"] == "contributions-posting-morocco"
        assert phrase in outcome(found)
        assert "12 months" not in outcome(found) and "12 mois" not in outcome(found)
    coming = contributions("en", "coming", "ma", "ma", "posted-worker")
    assert "24 months" in outcome(coming) and "Limosa" in outcome(coming)


@pytest.mark.parametrize("nationality,country", [("in", "ch"), ("us", "no"), ("in", "dk"), ("be", "ch"), ("be", "de")])
def test_c7_overseas_social_security_is_not_offered_in_the_eea_switzerland_or_the_uk(nationality, country):
    for lang, name in (("en", "Overseas Social Security"), ("fr", "Sécurité sociale d'Outre-Mer")):
        for status in ("posted-worker", "employee"):
            found = contributions(lang, "leaving", nationality, country, status)
            assert "overseas-social-security-voluntary-insurance" not in slugs(found)
            text = outcome(found)
            if name in text:  # only as an option for another country, never for this one
                assert ("outside the EEA, Switzerland and the United Kingdom" in text
                        or "hors de l'EEE, de la Suisse et du Royaume-Uni" in text), text


@pytest.mark.parametrize("nationality,country", [("be", "th"), ("in", "th"), ("be", "rs"), ("fr", "cn")])
def test_c7_overseas_social_security_is_offered_outside_the_eea(nationality, country):
    found = contributions("en", "leaving", nationality, country, "posted-worker")
    assert "overseas-social-security-voluntary-insurance" in slugs(found)


def test_c7_overseas_social_security_fiche_says_it_is_no_extra_cover_during_an_eea_posting():
    en = contributions("en", "leaving", "be", "th", "employee")
    assert "not an extra cover for a posting from Belgium to an EEA country, Switzerland or the United Kingdom" in words(en)
    fr = contributions("fr", "leaving", "be", "th", "employee")
    assert "n'est pas une couverture complémentaire pour un détachement" in words(fr)


def test_switzerland_posting_says_overseas_social_security_is_closed():
    assert "not open for work in Switzerland" in words(contributions("en", "leaving", "in", "ch", "posted-worker"))
    assert "n'est pas ouverte pour un travail en Suisse" in words(contributions("fr", "leaving", "in", "ch", "posted-worker"))


def test_frontier_worker_outcome_names_the_25_percent_rule_and_the_telework_agreement():
    for lang, phrases in (("en", ["25 %", "50 %", "1 July 2023"]), ("fr", ["25 %", "50 %", "1er juillet 2023"])):
        found = contributions(lang, "leaving", "be", "nl", "frontier-worker-living-in-belgium")
        assert found["outcome"]["fiche"] in ("contributions-frontier-workers", "contributions-eu-several-countries")
        for phrase in phrases:
            assert phrase in outcome(found)


def test_people_working_in_several_countries_read_the_telework_rule():
    from factsheets.models import Revision

    revision = Revision.objects.filter(fiche__slug="contributions-eu-several-countries").order_by("-number").first()
    for lang, phrases in (("en", ["25 %", "50 %", "1 July 2023"]), ("fr", ["25 %", "50 %", "1er juillet 2023"])):
        for phrase in phrases:
            assert phrase in getattr(revision, f"outcome_{lang}")
    found = contributions("en", "coming", "fr", "fr", "frontier-worker-working-in-belgium")
    assert "50 %" in outcome(found) and "25 %" in outcome(found)


def test_coverage_reports_no_missing_outcome_for_contributions():
    out = io.StringIO()
    call_command("coverage", "--topic", TOPIC, stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert not [line for line in lines if line.startswith(("no-outcome", "no-fiche"))]
    assert lines[-1].startswith("0 gaps")


def test_cross_border_telework_section_next_to_the_25_percent_rule():
    for lang, phrases in (
        ("en", ["Cross-border telework", "1 July 2023", "less than 50 %", "25 %"]),
        ("fr", ["Télétravail transfrontalier", "1er juillet 2023", "moins de 50 %", "25 %"]),
    ):
        for status in ("frontier-worker-living-in-belgium", "employee"):
            text = words(contributions(lang, "leaving", "be", "nl", status))
            for phrase in phrases:
                assert phrase in text, f"{phrase!r} missing for {status} in {lang}"


def test_civil_servant_outcome_follows_the_direction():
    for lang, nsso in (("en", "NSSO"), ("fr", "ONSS")):
        leaving = outcome(contributions(lang, "leaving", "be", "es", "civil-servant"))
        coming = outcome(contributions(lang, "coming", "de", "de", "civil-servant"))
        assert nsso in leaving and "A1" in leaving
        assert nsso not in coming and "A1" in coming
