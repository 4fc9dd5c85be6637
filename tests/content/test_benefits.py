"""Content of the topics unemployment (ONEM), family benefits (Opgroeien, AVIQ, Iriscare, Ostbelgien),
work accidents and occupational diseases (FEDRIS) and annual holidays (ONVA): for every regime and both
directions, the fiches that appear and the facts they state, in English and French."""

import io

import pytest
from django.core.management import call_command

from tests.content.helpers import OUTDATED, answer, outcome, words

pytestmark = pytest.mark.django_db

DATE = "2026-12-01"  # every answer is computed on this date, so that no test depends on today
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
            "en": ["not on NEO's list", "Withdrawal Agreement", "Ask NEO", "24 months", "1 March 2026"],
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
        {"en": ["Morocco", "certificate", "NSSO"], "fr": ["Maroc", "certificat", "ONSS"]},
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
        {
            "en": ["certificate issued by the National Social Security Office (NSSO)", "ONVA"],
            "fr": ["certificat délivré par l'Office national de sécurité sociale (ONSS)", "ONVA"],
        },
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
        found = answer(lang, topic, direction, nationality, country, status, date=DATE)
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
def test_specific_fiches_come_before_general_ones(topic):
    """Fiches are listed most specific first: the status fiche opens the list, the fiche for everyone closes it."""
    status = "job-seeker" if topic == "unemployment" else "posted-worker"
    found = answer("en", topic, "leaving", "be", "es", status, date=DATE)
    slugs = [f["slug"] for f in found["fiches"]]
    specific, general = {
        "unemployment": ("unemployment-eu-u2-looking-for-work", "unemployment-eu"),
        "family-benefits": ("family-benefits-eu-posted-and-frontier-workers", "family-benefits-eu"),
        "work-accidents": ("work-accidents-posted-workers", "work-accidents-belgian-scheme"),
        "occupational-diseases": ("occupational-diseases-eu", "occupational-diseases-fedris"),
        "annual-holidays": ("annual-holidays-eu", "annual-holidays-belgian-system"),
    }[topic]
    assert slugs[0] == specific, slugs
    assert slugs.index(general) > slugs.index(specific)
    assert found["outcome"]["fiche"] == specific


def test_unemployment_export_to_the_uk_is_not_promised():
    """The absence of a U2 for the United Kingdom is not verified: the fiche sends the reader to ONEM."""
    found = answer("en", "unemployment", "leaving", "be", "gb", "job-seeker", date=DATE)
    text = words(found) + outcome(found)
    assert "unemployment-eu-u2-looking-for-work" not in [f["slug"] for f in found["fiches"]]
    assert "Ask NEO" in text
    assert "keep your benefit for 3 months" not in text


def test_non_eu_national_under_the_eu_rules_is_told_about_denmark():
    found = answer("fr", "unemployment", "leaving", "ma", "fr", "job-seeker", date=DATE)
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
    """No situation of these topics lacks a fiche or an answer in plain words (family benefits: in every region)."""
    out = io.StringIO()
    call_command("coverage", *[arg for topic in TOPICS for arg in ("--topic", topic)], "--date", DATE, stdout=out)
    report = out.getvalue()
    assert "no-fiche" not in report and "no-outcome" not in report, report[:2000]
    assert report.strip().splitlines()[-1].startswith("0 gaps"), report[-500:]


# ---------------------------------------------------------------------------------------------- outcomes
# (topic, direction, nationality, country, status, region, fiche giving the outcome,
#  {language: [phrases the outcome must contain]})
OUTCOMES = [
    ("unemployment", "leaving", "be", "es", "job-seeker", None, "unemployment-eu-u2-looking-for-work",
     {"en": ["3 months", "4 weeks", "U2", "7 days", "6 only in exceptional cases"],
      "fr": ["3 mois", "4 semaines", "U2", "7 jours", "6 seulement à titre exceptionnel"]}),
    ("unemployment", "leaving", "be", "es", "employee", None, "unemployment-eu",
     {"en": ["Only one country", "3 months", "U2"], "fr": ["Un seul pays", "3 mois", "U2"]}),
    ("unemployment", "leaving", "be", "nl", "frontier-worker-living-in-belgium", None, "unemployment-eu-frontier-workers",
     {"en": ["claim unemployment benefit in Belgium", "U1"], "fr": ["demandez les allocations de chômage en Belgique", "U1"]}),
    ("unemployment", "coming", "fr", "fr", "frontier-worker-working-in-belgium", None, "unemployment-eu-frontier-workers",
     {"en": ["country of residence, not in Belgium", "U1"], "fr": ["pays de résidence, pas en Belgique", "U1"]}),
    ("unemployment", "coming", "fr", "fr", "employee", None, "unemployment-coming-work-abroad-counts",
     {"en": ["C4", "U1", "worked in Belgium afterwards"], "fr": ["C4", "U1", "travaillé ensuite en Belgique"]}),
    ("unemployment", "leaving", "be", "gb", "job-seeker", None, "unemployment-uk",
     {"en": ["not on NEO's list", "Ask NEO in writing"], "fr": ["ne figure pas", "Interrogez l'ONEM par écrit"]}),
    ("unemployment", "leaving", "be", "dz", "employee", None, "unemployment-bilateral",
     {"en": ["no U2", "main residence in Belgium"], "fr": ["pas de U2", "résidence principale en Belgique"]}),
    ("unemployment", "leaving", "be", "th", "job-seeker", None, "unemployment-none",
     {"en": ["cannot take", "4 weeks"], "fr": ["ne pouvez pas emporter", "4 semaines"]}),
    ("unemployment", "coming", "th", "th", "employee", None, "unemployment-none",
     {"en": ["normally does not count"], "fr": ["ne compte normalement pas"]}),
    # family benefits: the region of the child decides the body
    ("family-benefits", "leaving", "be", "es", "employee", "flanders", "family-benefits-flanders-groeipakket",
     {"en": ["Groeipakket", "Opgroeien", "FONS"], "fr": ["Groeipakket", "Opgroeien", "FONS"]}),
    ("family-benefits", "coming", "in", "in", "employee", "wallonia", "family-benefits-wallonia",
     {"en": ["AVIQ", "FAMIWAL"], "fr": ["AVIQ", "FAMIWAL"]}),
    ("family-benefits", "coming", "de", "de", "employee", "brussels", "family-benefits-brussels",
     {"en": ["Iriscare", "Famiris"], "fr": ["Iriscare", "Famiris"]}),
    ("family-benefits", "coming", "de", "de", "employee", "german-speaking-community",
     "family-benefits-german-speaking-community",
     {"en": ["Ministry of the German-speaking Community", "no fund to choose"],
      "fr": ["ministère de la Communauté germanophone", "pas de caisse à choisir"]}),
    ("family-benefits", "leaving", "be", "es", "employee", "abroad", "family-benefits-eu",
     {"en": ["another EU country", "pays the difference"], "fr": ["autre pays de l'UE", "paie la différence"]}),
    ("family-benefits", "leaving", "be", "es", "posted-worker", "flanders", "family-benefits-eu-posted-and-frontier-workers",
     {"en": ["A1", "stay insured in Belgium"], "fr": ["A1", "restez assuré en Belgique"]}),
    ("family-benefits", "coming", "pl", "pl", "posted-worker", "brussels", "family-benefits-eu-posted-and-frontier-workers",
     {"en": ["Posted to Belgium", "home country"], "fr": ["Détaché vers la Belgique", "pays d'origine"]}),
    ("family-benefits", "leaving", "be", "gb", "employee", "abroad", "family-benefits-uk",
     {"en": ["does not cover", "1 January 2021", "Withdrawal Agreement"],
      "fr": ["ne couvre pas", "1er janvier 2021", "accord de retrait"]}),
    ("family-benefits", "leaving", "tr", "tr", "employee", "abroad", "family-benefits-bilateral",
     {"en": ["partner country"], "fr": ["pays partenaire"]}),
    ("family-benefits", "leaving", "ma", "ma", "pensioner", "abroad", "family-benefits-morocco",
     {"en": ["1 June 2022", "pensioners"], "fr": ["1er juin 2022", "pensionnés"]}),
    ("family-benefits", "leaving", "be", "th", "employee", "abroad", "family-benefits-none",
     {"en": ["children who live in Belgium", "before the move"], "fr": ["enfants qui vivent en Belgique", "avant le déménagement"]}),
    # work accidents
    ("work-accidents", "leaving", "be", "de", "posted-worker", None, "work-accidents-posted-workers",
     {"en": ["stay insured in Belgium", "A1", "8 days"], "fr": ["restez assuré en Belgique", "A1", "8 jours"]}),
    ("work-accidents", "coming", "pl", "pl", "posted-worker", None, "work-accidents-posted-workers",
     {"en": ["home country", "DA1"], "fr": ["pays d'origine", "DA1"]}),
    ("work-accidents", "leaving", "be", "es", "employee", None, "work-accidents-eu",
     {"en": ["DA1", "within 8 days"], "fr": ["DA1", "dans les 8 jours"]}),
    ("work-accidents", "leaving", "be", "gb", "employee", None, "work-accidents-uk",
     {"en": ["24 months", "8 days"], "fr": ["24 mois", "8 jours"]}),
    ("work-accidents", "leaving", "ma", "ma", "employee", None, "work-accidents-bilateral",
     {"en": ["convention", "8 days"], "fr": ["convention", "8 jours"]}),
    ("work-accidents", "leaving", "be", "th", "employee", None, "work-accidents-none",
     {"en": ["6 months", "K138bis", "Overseas Social Security"], "fr": ["6 mois", "K138bis", "Sécurité sociale d'Outre-Mer"]}),
    ("work-accidents", "coming", "th", "th", "employee", None, "work-accidents-none",
     {"en": ["first day", "8 days"], "fr": ["premier jour", "8 jours"]}),
    # occupational diseases
    ("occupational-diseases", "leaving", "be", "es", "employee", None, "occupational-diseases-eu",
     {"en": ["last", "501", "503"], "fr": ["dernière", "501", "503"]}),
    ("occupational-diseases", "leaving", "be", "gb", "employee", None, "occupational-diseases-uk",
     {"en": ["24 months", "Ask FEDRIS before you move"], "fr": ["24 mois", "Interrogez FEDRIS avant"]}),
    ("occupational-diseases", "leaving", "ma", "ma", "employee", None, "occupational-diseases-bilateral",
     {"en": ["both countries", "501"], "fr": ["deux pays", "501"]}),
    ("occupational-diseases", "leaving", "be", "th", "self-employed", None, "occupational-diseases-none",
     {"en": ["K138bis", "no compulsory insurance"], "fr": ["K138bis", "pas d'assurance obligatoire"]}),
    # annual holidays
    ("annual-holidays", "leaving", "be", "es", "employee", None, "annual-holidays-leaving-belgium",
     {"en": ["exit holiday pay", "holiday certificate", "2 May", "30 June", "foreign bank account"],
      "fr": ["pécule de vacances de sortie", "attestation de vacances", "2 mai", "30 juin", "compte bancaire étranger"]}),
    ("annual-holidays", "coming", "de", "de", "employee", None, "annual-holidays-coming-first-year",
     {"en": ["previous year", "3 months", "supplementary holidays"],
      "fr": ["l'année précédente", "3 mois", "vacances supplémentaires"]}),
    ("annual-holidays", "leaving", "be", "gb", "posted-worker", None, "annual-holidays-uk",
     {"en": ["A1", "24 months", "ONVA"], "fr": ["A1", "24 mois", "ONVA"]}),
    ("annual-holidays", "leaving", "be", "us", "posted-worker", None, "annual-holidays-bilateral",
     {"en": ["certificate issued by NSSO"], "fr": ["certificat de la convention délivré par l'ONSS"]}),
    ("annual-holidays", "leaving", "be", "th", "posted-worker", None, "annual-holidays-none",
     {"en": ["6 months", "K138bis"], "fr": ["6 mois", "K138bis"]}),
    ("annual-holidays", "coming", "pl", "pl", "posted-worker", None, "annual-holidays-eu",
     {"en": ["previous year", "A1"], "fr": ["l'année précédente", "A1"]}),
]


@pytest.mark.parametrize(
    "topic, direction, nationality, country, status, region, fiche, phrases",
    OUTCOMES,
    ids=[f"{o[0]}-{o[1]}-{o[2]}-{o[3]}-{o[4]}-{o[5] or 'any'}" for o in OUTCOMES],
)
def test_outcome_gives_the_key_facts(topic, direction, nationality, country, status, region, fiche, phrases):
    for lang, required in phrases.items():
        found = answer(lang, topic, direction, nationality, country, status, date=DATE, region=region)
        assert found["outcome"], f"no outcome for {lang}"
        assert found["outcome"]["fiche"] == fiche, found["outcome"]["fiche"]
        text = outcome(found)
        for phrase in required:
            assert phrase in text, f"{phrase!r} missing in the {lang} outcome: {text}"
        assert ":::" not in text
        assert len(text.split()) <= 90, f"outcome too long ({len(text.split())} words): {text}"


# ---------------------------------------------------------------------------------------------- regions
BODIES = {
    "flanders": ("family-benefits-flanders-groeipakket", {"en": "Opgroeien", "fr": "Opgroeien"}),
    "wallonia": ("family-benefits-wallonia", {"en": "AVIQ", "fr": "AVIQ"}),
    "brussels": ("family-benefits-brussels", {"en": "Iriscare", "fr": "Iriscare"}),
    "german-speaking-community": (
        "family-benefits-german-speaking-community",
        {"en": "Ministry of the German-speaking Community", "fr": "ministère de la Communauté germanophone"},
    ),
}
REGIONAL_SLUGS = {slug for slug, _names in BODIES.values()}


@pytest.mark.parametrize("region", list(BODIES))
@pytest.mark.parametrize(
    "direction, nationality, country, status",
    [("leaving", "be", "es", "employee"), ("leaving", "be", "th", "pensioner"), ("coming", "in", "in", "employee"),
     ("coming", "de", "de", "self-employed")],
)
def test_the_child_region_gives_one_body(region, direction, nationality, country, status):
    slug, names = BODIES[region]
    for lang in ("en", "fr"):
        found = answer(lang, "family-benefits", direction, nationality, country, status, date=DATE, region=region)
        slugs = [f["slug"] for f in found["fiches"]]
        assert [s for s in slugs if s in REGIONAL_SLUGS] == [slug], slugs
        assert "family-benefits-belgian-bodies" not in slugs
        assert found["outcome"]["fiche"] == slug
        assert names[lang] in outcome(found)
        others = [n[lang] for r, (_s, n) in BODIES.items() if r != region]
        assert not any(name in outcome(found) for name in others)


def test_a_child_abroad_gets_the_fiche_on_which_body_pays():
    for lang, phrases in {
        "en": ["cooperation agreement of 6 September 2017", "establishment unit", "current or last employer in Belgium",
               "last domicile in Belgium", "social insurance fund of a self-employed parent"],
        "fr": ["accord de coopération du 6 septembre 2017", "unité d'établissement", "dernier employeur du parent en Belgique",
               "dernier domicile du parent en Belgique", "caisse d'assurances sociales d'un parent indépendant"],
    }.items():
        found = answer(lang, "family-benefits", "leaving", "be", "es", "employee", date=DATE, region="abroad")
        slugs = [f["slug"] for f in found["fiches"]]
        assert "family-benefits-belgian-bodies" in slugs
        assert not REGIONAL_SLUGS & set(slugs)
        text = words(found)
        for phrase in phrases:
            assert phrase in text, phrase


def test_parents_work_is_no_longer_said_to_be_irrelevant_for_a_child_abroad():
    """FACTS §9 C1: the parents' work does decide the body when the child lives abroad."""
    from factsheets.models import Revision

    revision = Revision.objects.get(fiche__slug="family-benefits-belgian-bodies", number=1)
    wrong = {
        "en": "The work or status of the parents does not decide",
        "fr": "Le travail ou le statut des parents ne détermine pas",
        "nl": "Het werk of statuut van de ouders bepaalt niet",
        "de": "Die Arbeit oder der Status der Eltern bestimmt nicht",
    }
    right = {
        "en": "While your child lives in Belgium, the work or status of the parents",
        "fr": "Tant que votre enfant vit en Belgique, le travail ou le statut des parents",
        "nl": "Zolang uw kind in België woont, bepaalt het werk of statuut van de ouders",
        "de": "Solange Ihr Kind in Belgien lebt, bestimmt die Arbeit oder der Status der Eltern",
    }
    for lang in ("fr", "nl", "de", "en"):
        body = getattr(revision, f"body_{lang}")
        assert wrong[lang] not in body
        assert right[lang] in body
        assert "2017" in body and "Kosovo" not in body


# ---------------------------------------------------------------------------------------------- directions
LEAVING_ONLY = {
    "en": ["Posted from Belgium", "If you leave Belgium", "You live in Belgium and worked abroad",
           "## Before you leave", "Steps before you leave", "Leaving Belgium",
           "If you take Belgian benefit with you to another European country"],
    "fr": ["Détaché depuis la Belgique", "Si vous quittez la Belgique", "Vous vivez en Belgique et travailliez"],
}
COMING_ONLY = {
    "en": ["Posted to Belgium", "Steps when you arrive", "You live abroad and worked in Belgium",
           "Coming to Belgium from such a country", "Starting work in Belgium after working abroad"],
    "fr": ["Détaché vers la Belgique", "Étapes à votre arrivée", "Vous vivez à l'étranger et travailliez en Belgique"],
}
DIRECTION_CASES = [
    ("work-accidents", "be", "de", "posted-worker", "pl", "pl", "posted-worker", None),
    ("work-accidents", "be", "th", "employee", "th", "th", "employee", None),
    ("unemployment", "be", "nl", "frontier-worker-living-in-belgium", "fr", "fr", "frontier-worker-working-in-belgium", None),
    ("unemployment", "be", "th", "job-seeker", "in", "in", "employee", None),
    ("unemployment", "be", "es", "job-seeker", "es", "es", "job-seeker", None),
    ("family-benefits", "be", "es", "posted-worker", "pl", "pl", "posted-worker", "flanders"),
    ("family-benefits", "be", "th", "employee", "in", "in", "employee", "brussels"),
    ("annual-holidays", "be", "es", "employee", "de", "de", "employee", None),
    ("annual-holidays", "be", "gb", "posted-worker", "gb", "gb", "employee", None),
]


@pytest.mark.parametrize("case", DIRECTION_CASES, ids=[f"{c[0]}-{c[2]}-{c[5]}" for c in DIRECTION_CASES])
def test_no_text_of_the_other_direction(case):
    topic, l_nat, l_country, l_status, c_nat, c_country, c_status, region = case
    for lang in ("en", "fr"):
        leaving = answer(lang, topic, "leaving", l_nat, l_country, l_status, date=DATE, region=region)
        coming = answer(lang, topic, "coming", c_nat, c_country, c_status, date=DATE, region=region)
        leaving_text = words(leaving) + " " + outcome(leaving)
        coming_text = words(coming) + " " + outcome(coming)
        for phrase in COMING_ONLY[lang]:
            assert phrase not in leaving_text, f"{phrase!r} shown to someone leaving ({lang})"
        for phrase in LEAVING_ONLY[lang]:
            assert phrase not in coming_text, f"{phrase!r} shown to someone coming ({lang})"
        assert ":::" not in leaving_text and ":::" not in coming_text


def test_direction_passages_are_well_formed():
    from factsheets.models import Revision
    from factsheets.text import variant_errors

    for revision in Revision.objects.filter(fiche__institution__slug__in=INSTITUTIONS):
        for lang in ("fr", "nl", "de", "en"):
            for field in ("body", "outcome"):
                assert not variant_errors(getattr(revision, f"{field}_{lang}") or ""), f"{revision} {field}_{lang}"
            for field in ("title", "summary"):
                assert ":::" not in getattr(revision, f"{field}_{lang}")
            assert getattr(revision, f"outcome_{lang}") or not revision.outcome_en, f"{revision} outcome_{lang}"


# ---------------------------------------------------------------------------------------------- other corrected facts
def test_blue_collar_holiday_pay_is_lost_after_three_years():
    for lang, phrases in {
        "en": ["after three years", "31 December 2028", "Ask ONVA to confirm"],
        "fr": ["après trois ans", "31 décembre 2028", "Demandez à l'ONVA de confirmer"],
    }.items():
        found = answer(lang, "annual-holidays", "leaving", "be", "es", "employee", date=DATE)
        text = words(found)
        for phrase in phrases:
            assert phrase in text, phrase
        assert "after some years" not in text and "après quelques années" not in text
        assert "has not been described here in detail" not in text


def test_work_accident_declaration_within_8_days():
    """fedris.be: the employer declares within 8 days from the day after the accident; the victim can declare it
    to the insurer or FEDRIS within 3 years."""
    for lang, (phrase, start, victim) in {
        "en": ("within 8 days", "counted from the day after the accident", "at the latest 3 years after the accident"),
        "fr": ("dans les 8 jours", "à compter du lendemain de l'accident", "au plus tard 3 ans après l'accident"),
    }.items():
        for direction, nationality, country in (("leaving", "be", "fr"), ("coming", "th", "th")):
            found = answer(lang, "work-accidents", direction, nationality, country, "employee", date=DATE)
            assert phrase in outcome(found)
            text = words(found)
            assert start in text and victim in text


def test_language_polish_of_the_review():
    """FACTS §9, language polish: the clumsy wordings are gone in every language of these fiches."""
    from factsheets.models import Revision

    revisions = list(Revision.objects.filter(fiche__institution__slug__in=INSTITUTIONS))
    every = {lang: " ".join(getattr(r, f"{f}_{lang}") or "" for r in revisions for f in ("title", "summary", "body", "outcome"))
             for lang in ("fr", "nl", "de", "en")}
    assert "Continuez à chercher du travail avec" not in every["fr"]
    assert "restez inscrit auprès de votre service régional de l'emploi" in every["fr"]
    assert "aangerekend tegen" not in every["nl"] and "berekend op **108 %** van uw brutoloon" in every["nl"]
    assert "Blijf werk zoeken met" not in every["nl"] and "blijf ingeschreven bij uw gewestelijke dienst" in every["nl"]
    assert "ook het vakantiegeld van bepaalde kunstenaars" in every["nl"]
    assert "angerechnet zu" not in every["de"] and "berechnet auf **108 %** Ihres Bruttolohns" in every["de"]
    assert "Suchen Sie weiter Arbeit mit" not in every["de"] and "bei Ihrem regionalen Arbeitsamt eingeschrieben" in every["de"]
    assert "Selbständig" not in every["de"]
    family_de = " ".join(r.body_de + r.outcome_de for r in revisions if r.fiche.slug.startswith("family-benefits"))
    assert "Rente" not in family_de and "Pension" in family_de
    assert "counted at **108 %**" not in every["en"]


def test_posted_to_belgium_gets_the_belgian_minimum_of_paid_holidays():
    """Law of 5 March 2002 (emploi.belgique.be): the Belgian minimum length of paid annual holidays applies to the
    work of a posted worker in Belgium, unless the home country's rules are more favourable."""
    for lang, (in_outcome, in_text) in {
        "en": ("Belgian minimum of paid annual holidays", "law of 5 March 2002"),
        "fr": ("durée minimale belge des congés annuels payés", "loi du 5 mars 2002"),
    }.items():
        for nationality, country in (("pl", "pl"), ("in", "in"), ("gb", "gb"), ("th", "th")):
            found = answer(lang, "annual-holidays", "coming", nationality, country, "posted-worker", date=DATE)
            assert in_outcome in outcome(found), (country, outcome(found))
            assert in_text in words(found), country
        leaving = answer(lang, "annual-holidays", "leaving", "be", "pl", "posted-worker", date=DATE)
        assert in_text not in words(leaving)
