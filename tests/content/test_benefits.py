"""Content of the topics unemployment (ONEM), family benefits (Opgroeien, AVIQ, Iriscare, Ostbelgien),
work accidents and occupational diseases (FEDRIS) and annual holidays (ONVA): for every regime and both
directions, the fiches that appear and the facts they state, in English and French."""

import io

import pytest
from django.core.management import call_command

from tests.content.helpers import OUTDATED, answer, words

pytestmark = pytest.mark.django_db

TOPICS = ["unemployment", "family-benefits", "work-accidents", "occupational-diseases", "annual-holidays"]
INSTITUTIONS = ["onem", "opgroeien", "aviq", "iriscare", "ostbelgien-family", "fedris", "onva"]





# (topic, direction, nationality, country, status, regime kind, instrument, fiche slugs that must appear,
#  {language: [phrases that must appear]})
SITUATIONS = [
    # ---------------------------------------------------------------- unemployment
    (
        "unemployment", "leaving", "be", "es", "job-seeker", "eu", "eu-regulation-883-2004",
        ["unemployment-eu", "unemployment-eu-u2-looking-for-work", "unemployment-time-limit-2026"],
        {
            "en": ["U2", "3 months", "4 weeks", "7 days", "6 months only in exceptional cases", "except Denmark"],
            "fr": ["U2", "3 mois", "4 semaines", "7 jours", "qu'exceptionnellement", "sauf le Danemark"],
        },
    ),
    (
        "unemployment", "leaving", "be", "gb", "job-seeker", "uk", "eu-uk-tca-protocol",
        ["unemployment-uk", "unemployment-time-limit-2026"],
        {
            "en": ["not on ONEM's list", "Withdrawal Agreement", "Ask ONEM", "24 months", "1 March 2026"],
            "fr": ["ne figure pas", "accord de retrait", "Demandez à l'ONEM", "24 mois", "1er mars 2026"],
        },
    ),
    (
        "unemployment", "leaving", "be", "dz", "employee", "bilateral", "belgium-algeria",
        ["unemployment-bilateral"],
        {"en": ["Algeria", "Bosnia and Herzegovina", "Serbia", "Montenegro", "No U2"],
         "fr": ["Algérie", "Bosnie-Herzégovine", "Serbie", "Monténégro", "Pas de document U2"]},
    ),
    (
        "unemployment", "leaving", "ba", "ba", "job-seeker", "bilateral", "belgium-bosnia-herzegovina",
        ["unemployment-bilateral", "unemployment-time-limit-2026"],
        {"en": ["Bosnia and Herzegovina", "main residence in Belgium"],
         "fr": ["Bosnie-Herzégovine", "résidence principale en Belgique"]},
    ),
    (
        "unemployment", "leaving", "be", "th", "job-seeker", "none", None,
        ["unemployment-none", "unemployment-time-limit-2026"],
        {"en": ["cannot take", "4 weeks", "Overseas Social Security"],
         "fr": ["ne pouvez pas emporter", "4 semaines", "Sécurité sociale d'Outre-Mer"]},
    ),
    (
        "unemployment", "leaving", "be", "nl", "frontier-worker-living-in-belgium", "eu", "eu-regulation-883-2004",
        ["unemployment-eu", "unemployment-eu-frontier-workers"],
        {"en": ["country where he or she lives", "U1", "VDAB"], "fr": ["pays où il réside", "U1", "Forem"]},
    ),
    (
        "unemployment", "coming", "fr", "fr", "employee", "eu", "eu-regulation-883-2004",
        ["unemployment-eu", "unemployment-coming-work-abroad-counts"],
        {"en": ["U1", "C4", "after", "Actiris"], "fr": ["U1", "C4", "après", "Actiris"]},
    ),
    (
        "unemployment", "coming", "gb", "gb", "employee", "uk", "eu-uk-tca-protocol",
        ["unemployment-uk", "unemployment-coming-work-abroad-counts"],
        {"en": ["United Kingdom", "U1"], "fr": ["Royaume-Uni", "U1"]},
    ),
    # ---------------------------------------------------------------- family benefits
    (
        "family-benefits", "leaving", "be", "es", "employee", "eu", "eu-regulation-883-2004",
        ["family-benefits-belgian-bodies", "family-benefits-eu"],
        {
            "en": ["Opgroeien", "AVIQ", "Iriscare", "Ministry of the German-speaking Community", "pays the difference",
                   "rights based on work"],
            "fr": ["Opgroeien", "AVIQ", "Iriscare", "ministère de la Communauté germanophone", "paie la différence",
                   "droits ouverts par un travail"],
        },
    ),
    (
        "family-benefits", "leaving", "be", "es", "posted-worker", "eu", "eu-regulation-883-2004",
        ["family-benefits-eu", "family-benefits-eu-posted-and-frontier-workers"],
        {"en": ["A1", "Belgium normally pays first"], "fr": ["A1", "la Belgique paie normalement en premier"]},
    ),
    (
        # The EU-UK protocol leaves family benefits out: the regime is "none", the UK fiche is attached by country.
        "family-benefits", "leaving", "be", "gb", "employee", "none", None,
        ["family-benefits-uk", "family-benefits-none"],
        {"en": ["does **not** cover".replace("**", ""), "Withdrawal Agreement", "1 January 2021"],
         "fr": ["ne couvre pas", "accord de retrait", "1er janvier 2021"]},
    ),
    (
        "family-benefits", "leaving", "ma", "ma", "pensioner", "bilateral", "belgium-morocco",
        ["family-benefits-bilateral", "family-benefits-morocco"],
        {"en": ["1 June 2022", "pensioners", "Morocco"], "fr": ["1er juin 2022", "pensionnés", "Maroc"]},
    ),
    (
        "family-benefits", "leaving", "tr", "tr", "employee", "bilateral", "belgium-turkey",
        ["family-benefits-bilateral"],
        {"en": ["Türkiye", "North Macedonia", "not the birth allowance", "Israel"],
         "fr": ["Turquie", "Macédoine du Nord", "pas l'allocation de naissance", "Israël"]},
    ),
    (
        "family-benefits", "leaving", "be", "th", "employee", "none", None,
        ["family-benefits-belgian-bodies", "family-benefits-none"],
        {"en": ["end of the month of the move", "no longer a right", "before"],
         "fr": ["fin du mois du déménagement", "plus de droit", "avant"]},
    ),
    (
        "family-benefits", "coming", "de", "de", "employee", "eu", "eu-regulation-883-2004",
        ["family-benefits-eu", "family-benefits-flanders-groeipakket", "family-benefits-wallonia",
         "family-benefits-brussels", "family-benefits-german-speaking-community"],
        {"en": ["Groeipakket", "FAMIWAL", "Famiris", "FONS", "do not choose a fund", "1 September 2025"],
         "fr": ["Groeipakket", "FAMIWAL", "Famiris", "FONS", "ne choisissez pas de caisse", "1er septembre 2025"]},
    ),
    # ---------------------------------------------------------------- work accidents
    (
        "work-accidents", "leaving", "be", "es", "posted-worker", "eu", "eu-regulation-883-2004",
        ["work-accidents-belgian-scheme", "work-accidents-eu", "work-accidents-posted-workers"],
        {"en": ["FEDRIS", "insurer", "A1", "DA1", "annuity", "8 days"],
         "fr": ["FEDRIS", "assureur", "A1", "DA1", "rente", "8 jours"]},
    ),
    (
        "work-accidents", "leaving", "be", "gb", "employee", "uk", "eu-uk-tca-protocol",
        ["work-accidents-belgian-scheme", "work-accidents-uk"],
        {"en": ["24 months", "Withdrawal Agreement", "A1"], "fr": ["24 mois", "accord de retrait", "A1"]},
    ),
    (
        "work-accidents", "leaving", "ma", "ma", "employee", "bilateral", "belgium-morocco",
        ["work-accidents-belgian-scheme", "work-accidents-bilateral"],
        {"en": ["Morocco", "certificate", "ONSS"], "fr": ["Maroc", "certificat", "ONSS"]},
    ),
    (
        "work-accidents", "leaving", "be", "th", "posted-worker", "none", None,
        ["work-accidents-none", "work-accidents-posted-workers"],
        {"en": ["6 months", "K138bis", "Overseas Social Security", "accidents at work and in private life"],
         "fr": ["6 mois", "K138bis", "Sécurité sociale d'Outre-Mer", "accidents du travail et de la vie privée"]},
    ),
    (
        "work-accidents", "leaving", "be", "de", "civil-servant", "eu", "eu-regulation-883-2004",
        ["work-accidents-belgian-scheme", "work-accidents-eu"],
        {"en": ["3 July 1967", "personnel department"], "fr": ["3 juillet 1967", "service du personnel"]},
    ),
    (
        "work-accidents", "coming", "pl", "pl", "posted-worker", "eu", "eu-regulation-883-2004",
        ["work-accidents-eu", "work-accidents-posted-workers"],
        {"en": ["Posted to Belgium", "DA1"], "fr": ["Détaché vers la Belgique", "DA1"]},
    ),
    # ---------------------------------------------------------------- occupational diseases
    (
        "occupational-diseases", "leaving", "be", "es", "employee", "eu", "eu-regulation-883-2004",
        ["occupational-diseases-fedris", "occupational-diseases-eu"],
        {"en": ["FEDRIS", "form 501", "form 503", "last", "DA1", "Asbestos Fund"],
         "fr": ["FEDRIS", "formulaire 501", "formulaire 503", "dernier", "DA1", "Fonds amiante"]},
    ),
    (
        "occupational-diseases", "leaving", "be", "gb", "employee", "uk", "eu-uk-tca-protocol",
        ["occupational-diseases-fedris", "occupational-diseases-uk"],
        {"en": ["Withdrawal Agreement", "24 months"], "fr": ["accord de retrait", "24 mois"]},
    ),
    (
        "occupational-diseases", "leaving", "ma", "ma", "employee", "bilateral", "belgium-morocco",
        ["occupational-diseases-fedris", "occupational-diseases-bilateral"],
        {"en": ["Morocco", "501"], "fr": ["Maroc", "501"]},
    ),
    (
        "occupational-diseases", "leaving", "be", "th", "self-employed", "none", None,
        ["occupational-diseases-fedris", "occupational-diseases-none"],
        {"en": ["no compulsory insurance", "K138bis"], "fr": ["pas d'assurance obligatoire", "K138bis"]},
    ),
    (
        "occupational-diseases", "coming", "it", "it", "employee", "eu", "eu-regulation-883-2004",
        ["occupational-diseases-fedris", "occupational-diseases-eu"],
        {"en": ["employer in another country"], "fr": ["employeur d'un autre pays"]},
    ),
    # ---------------------------------------------------------------- annual holidays
    (
        "annual-holidays", "leaving", "be", "es", "employee", "eu", "eu-regulation-883-2004",
        ["annual-holidays-belgian-system", "annual-holidays-eu", "annual-holidays-leaving-belgium"],
        {
            "en": ["ONVA", "15.38 %", "108 %", "2 May", "30 June", "92 %", "4 weeks", "exit holiday pay",
                   "holiday certificate", "foreign bank account"],
            "fr": ["ONVA", "15,38 %", "108 %", "2 mai", "30 juin", "92 %", "4 semaines", "pécule de vacances de sortie",
                   "attestation de vacances", "compte bancaire étranger"],
        },
    ),
    (
        "annual-holidays", "leaving", "be", "gb", "posted-worker", "uk", "eu-uk-tca-protocol",
        ["annual-holidays-belgian-system", "annual-holidays-uk"],
        {"en": ["24 months", "A1", "ONVA"], "fr": ["24 mois", "A1", "ONVA"]},
    ),
    (
        "annual-holidays", "leaving", "be", "us", "posted-worker", "bilateral", "belgium-united-states",
        ["annual-holidays-belgian-system", "annual-holidays-bilateral"],
        {"en": ["certificate issued by ONSS", "ONVA"], "fr": ["certificat délivré par l'ONSS", "ONVA"]},
    ),
    (
        "annual-holidays", "leaving", "be", "th", "employee", "none", None,
        ["annual-holidays-belgian-system", "annual-holidays-none", "annual-holidays-leaving-belgium"],
        {"en": ["6 months", "K138bis"], "fr": ["6 mois", "K138bis"]},
    ),
    (
        "annual-holidays", "coming", "de", "de", "employee", "eu", "eu-regulation-883-2004",
        ["annual-holidays-belgian-system", "annual-holidays-eu", "annual-holidays-coming-first-year"],
        {"en": ["supplementary holidays", "3 months", "previous"],
         "fr": ["vacances supplémentaires", "3 mois", "précédente"]},
    ),
]


@pytest.mark.parametrize(
    "topic, direction, nationality, country, status, kind, instrument, expected_slugs, phrases",
    SITUATIONS,
    ids=[f"{s[0]}-{s[1]}-{s[2]}-{s[3]}-{s[4]}" for s in SITUATIONS],
)
def test_situation_shows_the_right_fiches_and_facts(
    topic, direction, nationality, country, status, kind, instrument, expected_slugs, phrases
):
    for lang, required in phrases.items():
        found = answer(lang, topic, direction, nationality, country, status)
        assert found["regime"]["kind"] == kind
        if instrument:
            assert found["regime"]["instrument"] == instrument
        slugs = [f["slug"] for f in found["fiches"]]
        for slug in expected_slugs:
            assert slug in slugs, f"{slug} missing for {lang}: {slugs}"
        text = words(found)
        for phrase in required:
            assert phrase in text, f"{phrase!r} missing in {lang}"
        assert not OUTDATED.search(text), OUTDATED.search(text).group(0)


@pytest.mark.parametrize("topic", TOPICS)
def test_general_fiches_come_before_specific_ones(topic):
    """The fiche that applies to everyone opens the list; a status-specific fiche comes later."""
    found = answer("en", topic, "leaving", "be", "es", "posted-worker" if topic != "unemployment" else "job-seeker")
    specificity = [f["slug"] for f in found["fiches"]]
    assert len(specificity) >= 2
    general = {
        "unemployment": "unemployment-eu",
        "family-benefits": "family-benefits-belgian-bodies",
        "work-accidents": "work-accidents-belgian-scheme",
        "occupational-diseases": "occupational-diseases-fedris",
        "annual-holidays": "annual-holidays-belgian-system",
    }[topic]
    assert specificity[0] == general


def test_unemployment_export_to_the_uk_is_not_promised():
    """The absence of a U2 for the United Kingdom is not verified: the fiche sends the reader to ONEM."""
    found = answer("en", "unemployment", "leaving", "be", "gb", "job-seeker")
    text = words(found)
    assert "unemployment-eu-u2-looking-for-work" not in [f["slug"] for f in found["fiches"]]
    assert "Ask ONEM" in text
    assert "keep your benefit for 3 months" not in text


def test_non_eu_national_under_the_eu_rules_is_told_about_denmark():
    found = answer("fr", "unemployment", "leaving", "ma", "fr", "job-seeker")
    assert found["regime"]["kind"] == "eu"
    assert "sauf le Danemark" in words(found)


def test_every_language_of_every_revision_is_free_of_outdated_names():
    from factsheets.models import Revision

    revisions = Revision.objects.filter(fiche__institution__slug__in=INSTITUTIONS)
    assert revisions.count() >= 30
    for revision in revisions:
        for lang in ("fr", "nl", "de", "en"):
            for field in ("title", "summary", "body"):
                value = getattr(revision, f"{field}_{lang}")
                assert value, f"{revision} {field}_{lang} empty"
                assert not OUTDATED.search(value), f"{revision} {field}_{lang}: {OUTDATED.search(value).group(0)}"


def test_every_fiche_has_legal_references_and_links():
    from factsheets.models import Fiche

    for fiche in Fiche.objects.filter(institution__slug__in=INSTITUTIONS):
        revision = fiche.revisions.get(number=1)
        kinds = set(revision.references.values_list("kind", flat=True))
        assert kinds == {"legal", "link"}, f"{fiche.slug}: {kinds}"
        for reference in revision.references.filter(kind="link"):
            for lang in ("fr", "nl", "de", "en"):
                assert getattr(reference, f"url_{lang}").startswith("https://"), f"{fiche.slug} {reference}"


def test_no_gap_for_these_topics():
    out = io.StringIO()
    call_command("coverage", *[arg for topic in TOPICS for arg in ("--topic", topic)], stdout=out)
    assert "0 gaps" in out.getvalue()
