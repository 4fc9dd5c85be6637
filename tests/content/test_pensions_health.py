"""Content of the topics pension (SFP), health care and incapacity for work (INAMI, the health insurance
funds, CAAMI): for every regime and both directions, the fiches that appear and the facts they state, in
English and French."""

import io
import re

import pytest
from django.core.management import call_command

from tests.content.helpers import OUTDATED, answer, resolve, words

pytestmark = pytest.mark.django_db

TOPICS = ["pension", "health-care", "incapacity-for-work"]
INSTITUTIONS = ["sfp", "inami", "mutualities", "caami"]





# (topic, direction, nationality, country, status, regime kind, instrument, fiche slugs that must appear,
#  {language: [phrases that must appear]})
SITUATIONS = [
    # ---------------------------------------------------------------- pension
    (
        "pension", "leaving", "be", "es", "employee", "eu", "eu-regulation-883-2004",
        ["pension-eu-periods-abroad", "pension-belgian-pension-age", "pension-minimum-pension"],
        {
            "en": ["Each country pays its own pension", "Periods add up", "No refund", "Federal Pensions Service",
                   "1 February 2025", "1 February 2030", "42 career years", "5,000 days", "3,120 days"],
            "fr": ["Chaque pays paie sa propre pension", "s'additionnent", "Pas de remboursement",
                   "Service fédéral des Pensions", "1er février 2025", "67 ans", "42 années de carrière", "5 000 jours"],
        },
    ),
    (
        "pension", "leaving", "be", "es", "pensioner", "eu", "eu-regulation-883-2004",
        ["pension-eu-periods-abroad", "pension-paid-abroad-life-certificate"],
        {
            "en": ["life certificate", "within 30 days", "Germany, the Netherlands and France", "suspends"],
            "fr": ["certificat de vie", "dans les 30 jours", "Allemagne, des Pays-Bas et de France", "suspend"],
        },
    ),
    (
        "pension", "leaving", "be", "gb", "pensioner", "uk", "eu-uk-tca-protocol",
        ["pension-uk", "pension-paid-abroad-life-certificate"],
        {
            "en": ["Withdrawal Agreement", "1 January 2021", "Trade and Cooperation Agreement", "State Pension"],
            "fr": ["accord de retrait", "1er janvier 2021", "accord de commerce et de coopération"],
        },
    ),
    (
        "pension", "leaving", "be", "us", "employee", "bilateral", "belgium-united-states",
        ["pension-bilateral-convention", "pension-belgian-pension-age"],
        {
            "en": ["about 25 countries", "Each country pays its own pension", "partner country"],
            "fr": ["environ 25 pays", "Chaque pays paie sa propre pension", "pays partenaire"],
        },
    ),
    (
        "pension", "leaving", "jp", "jp", "pensioner", "bilateral", "belgium-japan",
        ["pension-bilateral-convention", "pension-paid-abroad-life-certificate"],
        {"en": ["life certificate"], "fr": ["certificat de vie"]},
    ),
    (
        "pension", "leaving", "be", "th", "pensioner", "none", None,
        ["pension-no-agreement", "pension-paid-abroad-life-certificate"],
        {
            "en": ["claim each pension separately", "Belgian nationality", "never refunded", "Overseas Social Security"],
            "fr": ["séparément", "nationalité belge", "jamais remboursées", "Sécurité sociale d'Outre-Mer"],
        },
    ),
    (
        "pension", "coming", "fr", "fr", "employee", "eu", "eu-regulation-883-2004",
        ["pension-eu-periods-abroad", "pension-living-in-belgium-career-abroad"],
        {
            "en": ["whatever your nationality", "Apply through the Federal Pensions Service"],
            "fr": ["quelle que soit votre nationalité", "via le Service fédéral des Pensions"],
        },
    ),
    (
        "pension", "leaving", "be", "es", "self-employed", "eu", "eu-regulation-883-2004",
        ["pension-self-employed"],
        {"en": ["INASTI", "social insurance fund", "A1"], "fr": ["INASTI", "caisse d'assurances sociales", "A1"]},
    ),
    (
        "pension", "leaving", "be", "es", "civil-servant", "eu", "eu-regulation-883-2004",
        ["pension-civil-servants"],
        {"en": ["one a year, no longer two"], "fr": ["un seul par an, et non plus deux"]},
    ),
    (
        "pension", "leaving", "be", "th", "posted-worker", "none", None,
        ["pension-posted-workers"],
        {"en": ["6 months", "K138bis", "ONSS"], "fr": ["6 mois", "K138bis", "ONSS"]},
    ),
    (
        "pension", "coming", "nl", "nl", "frontier-worker-working-in-belgium", "eu", "eu-regulation-883-2004",
        ["pension-frontier-workers"],
        {"en": ["country where you last worked"], "fr": ["travaillé en dernier lieu"]},
    ),
    # ---------------------------------------------------------------- health care
    (
        "health-care", "leaving", "be", "es", "pensioner", "eu", "eu-regulation-883-2004",
        ["health-care-eu", "health-care-ehic-s1-s2", "health-care-pensioners-abroad"],
        {
            "en": ["European Health Insurance Card", "S1", "S2", "Belgian tariff", "come back to Belgium for care"],
            "fr": ["carte européenne d'assurance maladie", "S1", "S2", "tarif belge", "revenir en Belgique"],
        },
    ),
    (
        "health-care", "leaving", "be", "es", "posted-worker", "eu", "eu-regulation-883-2004",
        ["health-care-posted-workers"],
        {"en": ["A1", "S1", "ONSS"], "fr": ["A1", "S1", "ONSS"]},
    ),
    (
        "health-care", "leaving", "be", "gb", "student", "uk", "eu-uk-tca-protocol",
        ["health-care-uk", "health-care-students"],
        {
            "en": ["GHIC", "Withdrawal Agreement", "European Health Insurance Card"],
            "fr": ["GHIC", "accord de retrait", "carte européenne d'assurance maladie"],
        },
    ),
    (
        "health-care", "leaving", "ma", "ma", "pensioner", "bilateral", "belgium-morocco",
        ["health-care-bilateral", "health-care-morocco-pensioners"],
        {
            "en": ["BE-MAR 121", "1 June 2022", "AMO", '"106"', '"111"', "Planned treatment is never covered"],
            "fr": ["BE-MAR 121", "1er juin 2022", "AMO", "« 106 »", "« 111 »", "jamais couverts"],
        },
    ),
    (
        "health-care", "leaving", "tr", "tr", "employee", "bilateral", "belgium-turkey",
        ["health-care-bilateral"],
        {"en": ["Turkey", '"121"', '"128"'], "fr": ["Turquie", "« 121 »", "« 128 »"]},
    ),
    (
        "health-care", "leaving", "be", "au", "employee", "bilateral", "belgium-australia-health-care",
        ["health-care-bilateral", "health-care-australia-quebec"],
        {"en": ["Medicare", "each side pays"], "fr": ["Medicare", "chaque partie paie"]},
    ),
    (
        "health-care", "leaving", "be", "th", "employee", "none", None,
        ["health-care-no-agreement"],
        {
            "en": ["European Health Insurance Card is not valid", "travel assistance"],
            "fr": ["carte européenne d'assurance maladie n'y est pas valable", "assistance voyage"],
        },
    ),
    (
        "health-care", "leaving", "be", "th", "posted-worker", "none", None,
        ["health-care-no-agreement", "health-care-posted-outside-coordination"],
        {"en": ["K138bis", "6 months"], "fr": ["K138bis", "6 mois"]},
    ),
    (
        "health-care", "coming", "es", "es", "employee", "eu", "eu-regulation-883-2004",
        ["health-care-eu", "health-care-joining-a-fund", "health-care-caami"],
        {
            "en": ["You must join one of them", "CAAMI", "employer declares", "1 January 2018"],
            "fr": ["Vous devez vous affilier", "CAAMI", "employeur qui déclare", "1er janvier 2018"],
        },
    ),
    (
        "health-care", "coming", "fr", "fr", "frontier-worker-working-in-belgium", "eu", "eu-regulation-883-2004",
        ["health-care-frontier-workers"],
        {"en": ["both countries"], "fr": ["dans les deux pays"]},
    ),
    # ---------------------------------------------------------------- incapacity for work
    (
        "incapacity-for-work", "leaving", "be", "es", "employee", "eu", "eu-regulation-883-2004",
        ["incapacity-eu", "incapacity-belgian-benefits", "incapacity-reporting-to-your-fund"],
        {
            "en": ["14 calendar days", "28 calendar days", "7 calendar days", "10 %", "3 months", "1 January 2026",
                   "electronically", "medical adviser", "after one year"],
            "fr": ["14 jours civils", "28 jours civils", "7 jours civils", "10 %", "3 mois", "1er janvier 2026",
                   "voie électronique", "médecin-conseil", "après un an"],
        },
    ),
    (
        "incapacity-for-work", "leaving", "be", "gb", "employee", "uk", "eu-uk-tca-protocol",
        ["incapacity-uk"],
        {"en": ["Withdrawal Agreement", "Wait for its answer"], "fr": ["accord de retrait", "Attendez sa réponse"]},
    ),
    (
        "incapacity-for-work", "leaving", "us", "us", "invalidity-beneficiary", "bilateral", "belgium-united-states",
        ["incapacity-bilateral", "incapacity-moving-abroad-with-benefits"],
        {
            "en": ["Invalidity", "United States", "NIHDI", "liaison body"],
            "fr": ["L'invalidité", "États-Unis", "INAMI", "organisme de liaison"],
        },
    ),
    (
        "incapacity-for-work", "leaving", "be", "th", "invalidity-beneficiary", "none", None,
        ["incapacity-no-agreement", "incapacity-moving-abroad-with-benefits"],
        {
            "en": ["Never leave without asking first", "Belgian rules alone"],
            "fr": ["Ne partez jamais sans demander d'abord", "seules règles belges"],
        },
    ),
    (
        "incapacity-for-work", "coming", "es", "es", "employee", "eu", "eu-regulation-883-2004",
        ["incapacity-eu", "incapacity-waiting-period-coming", "incapacity-caami-members"],
        {
            "en": ["180 days", "12 months", "800 hours", "1 May 2017"],
            "fr": ["180 jours", "12 mois", "800 heures", "1er mai 2017"],
        },
    ),
    (
        "incapacity-for-work", "coming", "nl", "nl", "frontier-worker-working-in-belgium", "eu", "eu-regulation-883-2004",
        ["incapacity-frontier-workers"],
        {"en": ["country where you work insures you"], "fr": ["pays où vous travaillez vous assure"]},
    ),
    (
        "incapacity-for-work", "leaving", "be", "es", "posted-worker", "eu", "eu-regulation-883-2004",
        ["incapacity-posted-workers"],
        {"en": ["how long it will probably last"], "fr": ["durée probable"]},
    ),
]


@pytest.mark.parametrize(
    "topic, direction, nationality, country, status, kind, instrument, slugs, phrases",
    SITUATIONS,
    ids=[f"{s[0]}-{s[1]}-{s[2]}-{s[3]}-{s[4]}" for s in SITUATIONS],
)
def test_the_situation_gets_the_fiches_and_facts_of_its_regime(
    topic, direction, nationality, country, status, kind, instrument, slugs, phrases
):
    for lang, expected in phrases.items():
        found = answer(lang, topic, direction, nationality, country, status)
        assert found["regime"]["kind"] == kind
        assert found["regime"]["instrument"] == instrument
        shown = [f["slug"] for f in found["fiches"]]
        for slug in slugs:
            assert slug in shown, (lang, slug, shown)
        text = words(found)
        for phrase in expected:
            assert phrase in text, (lang, phrase)
        assert not OUTDATED.search(text), OUTDATED.search(text).group(0)


def test_the_most_specific_fiche_comes_first_and_gives_the_outcome():
    found = answer("en", "pension", "leaving", "be", "es", "pensioner")
    shown = [f["slug"] for f in found["fiches"]]
    assert shown[0] == "pension-paid-abroad-life-certificate"
    assert found["outcome"]["fiche"] == "pension-paid-abroad-life-certificate"
    assert shown.index("pension-eu-periods-abroad") < shown.index("pension-belgian-pension-age")


def test_a_non_belgian_leaving_for_a_country_without_agreement_is_told_to_ask_sfp_and_not_promised_payment():
    found = answer("en", "pension", "leaving", "th", "th", "pensioner")
    shown = [f["slug"] for f in found["fiches"]]
    assert "pension-no-agreement" in shown
    assert "pension-paid-abroad-life-certificate" not in shown
    assert "Ask the Federal Pensions Service before you move" in words(found)


def test_the_morocco_pensioners_fiche_applies_only_under_the_2022_convention():
    before = answer("en", "health-care", "leaving", "ma", "ma", "pensioner", date="2021-06-01")
    assert before["regime"]["instrument"] == "belgium-morocco-1968"
    assert "health-care-morocco-pensioners" not in [f["slug"] for f in before["fiches"]]
    after = answer("en", "health-care", "leaving", "ma", "ma", "pensioner", date="2022-06-01")
    assert "health-care-morocco-pensioners" in [f["slug"] for f in after["fiches"]]


def test_quebec_health_care_is_explained_only_for_canada():
    found = answer("en", "health-care", "leaving", "be", "ca", "employee")
    assert found["regime"]["kind"] == "none"
    assert "belgium-quebec" in found["regime"]["also"]
    assert "health-care-australia-quebec" in [f["slug"] for f in found["fiches"]]
    assert "Elsewhere in Canada, no agreement covers health care" in words(found)
    other = answer("en", "health-care", "leaving", "be", "th", "employee")
    assert "health-care-australia-quebec" not in [f["slug"] for f in other["fiches"]]


def test_every_answer_of_these_topics_names_its_contact_institution():
    found = resolve("fr", direction="leaving", nationality="be", country="th", status="pensioner", topic=TOPICS)
    assert {t["topic"]: t["contact"]["institution"] for t in found["topics"]} == {
        "pension": "sfp",
        "health-care": "inami",
        "incapacity-for-work": "inami",
    }


@pytest.mark.parametrize("topic", TOPICS)
def test_the_coverage_matrix_has_no_gap(topic):
    out = io.StringIO()
    call_command("coverage", "--topic", topic, stdout=out)  # raises SystemExit(1) on a gap
    assert out.getvalue().startswith("0 gaps")


def test_the_minimum_pension_page_shows_the_named_amounts_with_their_date(client):
    english = client.get("/en/fiche/pension-minimum-pension/").content.decode()
    assert "1,773.35" in english and "2,215.99" in english
    assert "1,773.10" in english and "2,216.29" in english
    assert "1 May 2024" in english
    french = client.get("/fr/fiche/pension-minimum-pension/").content.decode()
    assert "773,35" in french and "215,99" in french
    assert "mai 2024" in french
    assert "{{" not in english + french


def test_every_fiche_of_these_institutions_is_complete_in_four_languages():
    from factsheets.models import Fiche

    fiches = Fiche.objects.filter(institution__slug__in=INSTITUTIONS)
    assert fiches.count() >= 35
    for fiche in fiches:
        revision = fiche.revisions.get(number=1)
        assert revision.state == "published"
        assert str(revision.last_reviewed) == "2026-11-23"
        for lang in ("fr", "nl", "de", "en"):
            title = getattr(revision, f"title_{lang}")
            summary = getattr(revision, f"summary_{lang}")
            body = getattr(revision, f"body_{lang}")
            assert title and summary and body, (fiche.slug, lang)
            assert len(title) <= 200 and len(summary) <= 400, (fiche.slug, lang)
            assert not re.search(r"^# ", body, re.M), (fiche.slug, lang)
            assert not re.search(r"<[a-zA-Z/]", body), (fiche.slug, lang)
            for text in (title, summary, body):
                assert not OUTDATED.search(text), (fiche.slug, lang, OUTDATED.search(text).group(0))
        kinds = list(revision.references.values_list("kind", "order"))
        assert ("legal", 1) in kinds, fiche.slug
        assert len(kinds) == len(set(kinds)), fiche.slug


def test_fiche_links_point_to_fiches_that_exist():
    from factsheets.models import Fiche, Revision
    from factsheets.text import fiche_slugs

    existing = set(Fiche.objects.values_list("slug", flat=True))
    for revision in Revision.objects.filter(fiche__institution__slug__in=INSTITUTIONS):
        for lang in ("fr", "nl", "de", "en"):
            assert fiche_slugs(getattr(revision, f"body_{lang}")) <= existing, (revision.fiche.slug, lang)
