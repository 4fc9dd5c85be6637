"""Posting under every bilateral convention that covers applicable legislation (issue 15, items 4, 5, 12):
each convention has its own ONSS posting fiche, every instrument states its posting limit (or that it
has none, or that it is not verified), and every instrument has a summary and a link to its legal text."""

import pytest

from tests.content.helpers import answer, outcome

pytestmark = pytest.mark.django_db

DATE = "2026-12-01"
LANGUAGES = ("fr", "nl", "de", "en")


def contributions(lang, direction, nationality, country, status="posted-worker"):
    return answer(lang, "contributions", direction, nationality, country, status, date=DATE)


def fiche(topic, slug):
    found = [f for f in topic["fiches"] if f["slug"] == slug]
    assert found, f"{slug} missing among {[f['slug'] for f in topic['fiches']]}"
    return " ".join((found[0]["title"], found[0]["summary"], found[0]["text"]))


# (country, nationality of a person coming from there, instrument, fiche, {language: key facts in the fiche})
UNVERIFIED = {
    "en": ["WABRO", "posting certificate", "ask the National Social Security Office (NSSO)"],
    "fr": ["WABRO", "certificat de détachement", "demandez-les à l'Office national de sécurité sociale (ONSS)"],
}
NEW_POSTING_FICHES = [
    ("rs", "rs", "belgium-serbia", "contributions-posting-serbia",
     {lang: phrases + ["SRB/BE 101"] for lang, phrases in UNVERIFIED.items()}),
    ("mk", "mk", "belgium-north-macedonia", "contributions-posting-north-macedonia",
     {lang: phrases + ["RM/BE 101"] for lang, phrases in UNVERIFIED.items()}),
    ("xk", "xk", "belgium-kosovo", "contributions-posting-kosovo", UNVERIFIED),
    ("tn", "tn", "belgium-tunisia", "contributions-posting-tunisia", UNVERIFIED),
    ("il", "il", "belgium-israel", "contributions-posting-israel", UNVERIFIED),
    ("cl", "cl", "belgium-chile", "contributions-posting-chile", UNVERIFIED),
    ("ph", "ph", "belgium-philippines", "contributions-posting-philippines", UNVERIFIED),
    ("uy", "uy", "belgium-uruguay", "contributions-posting-uruguay", UNVERIFIED),
    ("sm", "sm", "belgium-san-marino", "contributions-posting-san-marino", UNVERIFIED),
]


@pytest.mark.parametrize(
    "country,nationality,instrument,slug,facts", NEW_POSTING_FICHES, ids=[p[0] for p in NEW_POSTING_FICHES]
)
def test_posted_worker_leaving_reads_the_convention_posting_fiche(country, nationality, instrument, slug, facts):
    for lang, phrases in facts.items():
        topic = contributions(lang, "leaving", "be", country)
        assert topic["regime"]["kind"] == "bilateral"
        assert topic["regime"]["instrument"] == instrument
        text = fiche(topic, slug)
        for phrase in phrases:
            assert phrase in text, f"{phrase!r} missing in the {lang} fiche {slug}"
        assert topic["outcome"]["fiche"] == slug
    assert "WABRO" in outcome(contributions("en", "leaving", "be", country))
    assert "Before you leave" in outcome(contributions("en", "leaving", "be", country))
    assert "Avant votre départ" in outcome(contributions("fr", "leaving", "be", country))


@pytest.mark.parametrize(
    "country,nationality,instrument,slug,facts", NEW_POSTING_FICHES, ids=[p[0] for p in NEW_POSTING_FICHES]
)
def test_posted_worker_coming_reads_the_convention_posting_fiche_with_limosa(country, nationality, instrument, slug, facts):
    for lang, phrase in (("en", "Limosa declaration"), ("fr", "déclaration Limosa")):
        topic = contributions(lang, "coming", nationality, country)
        assert topic["regime"]["instrument"] == instrument
        text = fiche(topic, slug)
        assert phrase in text
        assert "WABRO" not in text, "the Belgian certificate step is for people leaving Belgium"
        assert topic["outcome"]["fiche"] == slug
        assert "Limosa" in outcome(topic)


def test_quebec_posting_lasts_24_months_and_sits_next_to_the_canada_agreement():
    for lang, phrases in (
        ("en", ["24 months", "WABRO", "posting certificate", "the rest of Canada"]),
        ("fr", ["24 mois", "WABRO", "certificat de détachement", "reste du Canada"]),
    ):
        topic = contributions(lang, "leaving", "be", "ca")
        assert topic["regime"]["instrument"] == "belgium-canada"
        text = fiche(topic, "contributions-posting-quebec")
        for phrase in phrases:
            assert phrase in text, f"{phrase!r} missing in the {lang} Québec fiche"
        # The Canada agreement keeps the answer at the top; the Québec entente is read next to it.
        assert topic["outcome"]["fiche"] == "contributions-posting-canada"


def test_unverified_limits_are_said_to_be_unverified_not_invented():
    from agreements.models import Instrument

    for slug in ("belgium-serbia", "belgium-kosovo", "belgium-chile", "belgium-san-marino", "belgium-israel"):
        instrument = Instrument.objects.get(slug=slug)
        assert instrument.max_posting_months is None
        assert "could not be verified" in instrument.posting_notes_en or "not verified" in instrument.posting_notes_en
        assert "ONSS" in instrument.posting_notes_fr


def test_every_instrument_has_a_summary_a_legal_text_and_a_posting_statement_in_four_languages():
    from agreements.models import Instrument

    instruments = Instrument.objects.all()
    assert instruments.count() == 38
    for instrument in instruments:
        for lang in LANGUAGES:
            assert getattr(instrument, f"summary_{lang}"), f"{instrument.slug} has no summary_{lang}"
            url = getattr(instrument, f"legal_text_url_{lang}")
            assert url.startswith(("https://", "http://")), f"{instrument.slug} has no legal_text_url_{lang}"
            assert getattr(instrument, f"posting_notes_{lang}"), f"{instrument.slug} has no posting_notes_{lang}"


def test_every_posting_limit_in_the_data_is_the_one_the_notes_state():
    from agreements.models import Instrument

    for instrument in Instrument.objects.exclude(max_posting_months=None):
        months = instrument.max_posting_months
        note = instrument.posting_notes_en
        stated = f"{months} months" in note or (months % 12 == 0 and f"{months // 12} year" in note)
        assert stated, f"{instrument.slug}: {months} months not stated in {note!r}"


def test_instruments_without_posting_rules_say_so():
    from agreements.models import Instrument

    assert "No posting rules" in Instrument.objects.get(slug="belgium-australia-health-care").posting_notes_en
    assert "Aucune règle de détachement" in Instrument.objects.get(slug="belgium-dr-congo").posting_notes_fr


# --- Kosovo (issue 15, item 5) ---------------------------------------------------------------------------


def test_kosovo_covers_everyone_subject_to_either_legislation():
    from agreements.models import Coverage

    (coverage,) = Coverage.objects.filter(instrument__slug="belgium-kosovo")
    assert coverage.persons == Coverage.Persons.EVERYONE
    topic = contributions("en", "leaving", "in", "xk")  # an Indian national working from Belgium
    assert topic["regime"]["instrument"] == "belgium-kosovo"


def test_kosovo_has_no_family_benefits_branch_in_data_or_text():
    from agreements.models import Instrument

    kosovo = Instrument.objects.get(slug="belgium-kosovo")
    branches = set(kosovo.branches.values_list("slug", flat=True))
    assert "family-benefits" not in branches
    assert {"applicable-legislation", "old-age", "survivors", "accidents-at-work", "occupational-diseases"} <= branches
    assert "Family benefits are not covered" in kosovo.summary_en
    assert "Pas de volet allocations familiales" in kosovo.summary_fr
    family = answer("en", "family-benefits", "leaving", "be", "xk", "employee", date=DATE)
    assert family["regime"]["kind"] != "bilateral"


def test_kosovo_self_employed_and_simultaneous_work_follow_the_country_of_residence():
    for lang, phrases in (
        ("en", ["also covers self-employed people", "insured only in the country where you live"]),
        ("fr", ["vise aussi les travailleurs indépendants", "uniquement dans le pays où vous habitez"]),
    ):
        topic = contributions(lang, "leaving", "be", "xk", "self-employed")
        text = fiche(topic, "contributions-posting-kosovo")
        for phrase in phrases:
            assert phrase in text, f"{phrase!r} missing in the {lang} Kosovo fiche"


# --- One name per institution per language (item 11) and a URL for every reference (item 18), ONSS fiches ---

FOREIGN_ACRONYMS = {
    "en": ("ONSS", "INASTI", "ONEM", "INAMI", "RSZ", "RSVZ", "LSS", "LISVS"),
    "fr": ("NSSO", "NISSE", "RSZ", "RSVZ", "LSS", "LISVS"),
    "nl": ("ONSS", "INASTI", "NSSO", "NISSE", "LSS", "LISVS"),
    "de": ("ONSS", "INASTI", "NSSO", "NISSE", "RSZ", "RSVZ"),
}
FULL_NAMES = {
    "en": {"NSSO": "National Social Security Office (NSSO)",
           "NISSE": "National Institute for the Social Security of the Self-employed (NISSE)"},
    "fr": {"ONSS": "Office national de sécurité sociale (ONSS)",
           "INASTI": "Institut national d'assurances sociales pour travailleurs indépendants (INASTI)"},
    "nl": {"RSZ": "Rijksdienst voor Sociale Zekerheid (RSZ)",
           "RSVZ": "Rijksinstituut voor de Sociale Verzekeringen der Zelfstandigen (RSVZ)"},
    "de": {"LSS": "für soziale Sicherheit (LSS)", "LISVS": "der Sozialversicherungen für Selbständige (LISVS)"},
}


def onss_revisions():
    from factsheets.models import Revision

    revisions = list(Revision.objects.filter(fiche__institution__slug="onss"))
    assert len(revisions) >= 38
    return revisions


def test_onss_fiches_use_the_acronym_of_each_language():
    import re

    for revision in onss_revisions():
        for lang, foreign in FOREIGN_ACRONYMS.items():
            pattern = re.compile(r"\b(" + "|".join(foreign) + r")\b(?!-)")
            for field in ("title", "summary", "body", "outcome"):
                found = pattern.search(getattr(revision, f"{field}_{lang}"))
                assert found is None, f"{revision.fiche.slug} {field}_{lang} says {found.group(0)!r}"
        # "FPS" alone names no body: the English text says which Federal Public Service it means.
        for field in ("title", "summary", "body", "outcome"):
            assert not re.search(r"\bFPS\b(?! (Social Security|Employment|Finance|Foreign Affairs))", getattr(revision, f"{field}_en"))


def test_onss_fiches_spell_each_acronym_out_at_its_first_use_in_the_body():
    import re

    for revision in onss_revisions():
        for lang, names in FULL_NAMES.items():
            body = getattr(revision, f"body_{lang}")
            for acronym, full in names.items():
                first = re.search(r"\b" + acronym + r"\b(?!-)", body)
                if first:
                    assert body[: first.end() + 1].endswith(full), (
                        f"{revision.fiche.slug} body_{lang}: first {acronym} is not spelt out"
                    )


def test_every_onss_reference_has_an_official_url_in_four_languages():
    from factsheets.models import Reference

    references = Reference.objects.filter(revision__fiche__institution__slug="onss")
    assert references.count() >= 90
    for reference in references:
        for lang in LANGUAGES:
            url = getattr(reference, f"url_{lang}")
            assert url.startswith(("https://", "http://")), f"{reference} has no url_{lang}"
            if "rech.pl" in url:  # the Justel search page: the label says why there is no direct link
                assert "Justel" in getattr(reference, f"label_{lang}")
