"""Content of the topics pension (SFP), health care and incapacity for work (INAMI, the health insurance
funds, CAAMI): for every regime and both directions, the fiches that appear and the facts they state, in
English and French."""

import io
import re

import pytest
from django.core.management import call_command

from tests.content.helpers import OUTDATED, answer, outcome, resolve, words

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
        {"en": ["NISSE", "social insurance fund", "A1"], "fr": ["INASTI", "caisse d'assurances sociales", "A1"]},
    ),
    (
        "pension", "leaving", "be", "es", "civil-servant", "eu", "eu-regulation-883-2004",
        ["pension-civil-servants"],
        {"en": ["one a year, no longer two"], "fr": ["un seul par an, et non plus deux"]},
    ),
    (
        "pension", "leaving", "be", "th", "posted-worker", "none", None,
        ["pension-posted-workers"],
        {"en": ["6 months", "K138bis", "NSSO"], "fr": ["6 mois", "K138bis", "ONSS"]},
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
        {"en": ["A1", "S1", "NSSO"], "fr": ["A1", "S1", "ONSS"]},
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


# ---------------------------------------------------------------------------------------------- outcomes
# The answer in plain words at the top of each topic: (topic, direction, nationality, country, status,
# fiche that gives it, {language: phrases it must contain}). Dated, so no step of time changes the answer.
DATE = "2026-12-01"

OUTCOMES = [
    # pension
    ("pension", "leaving", "be", "es", "employee", "pension-eu-periods-abroad",
     {"en": ["Each country where you worked pays its own pension", "Federal Pensions Service"],
      "fr": ["Chaque pays où vous avez travaillé paie sa propre pension", "Service fédéral des Pensions"]}),
    ("pension", "coming", "fr", "fr", "employee", "pension-eu-periods-abroad",
     {"en": ["one claim to the Federal Pensions Service"], "fr": ["une seule demande auprès du Service fédéral des Pensions"]}),
    ("pension", "leaving", "be", "gb", "employee", "pension-uk",
     {"en": ["State Pension", "1 January 2021"], "fr": ["State Pension", "1er janvier 2021"]}),
    ("pension", "leaving", "be", "us", "employee", "pension-bilateral-convention",
     {"en": ["convention covers pensions", "partner country"], "fr": ["convention couvre les pensions", "pays partenaire"]}),
    ("pension", "leaving", "th", "th", "employee", "pension-no-agreement",
     {"en": ["claim each pension separately", "never refunded", "ask the Federal Pensions Service before you move"],
      "fr": ["séparément", "jamais remboursées", "interrogez le Service fédéral des Pensions avant de partir"]}),
    ("pension", "coming", "th", "th", "employee", "pension-no-agreement",
     {"en": ["whatever your nationality"], "fr": ["quelle que soit votre nationalité"]}),
    ("pension", "leaving", "be", "es", "pensioner", "pension-paid-abroad-life-certificate",
     {"en": ["life certificate", "within 30 days", "GRAPA", "main residence in Belgium"],
      "fr": ["certificat de vie", "dans les 30 jours", "GRAPA", "résidence principale en Belgique"]}),
    ("pension", "leaving", "be", "th", "posted-worker", "pension-posted-workers",
     {"en": ["6 months", "K138bis"], "fr": ["6 mois", "K138bis"]}),
    ("pension", "coming", "in", "in", "posted-worker", "pension-posted-workers",
     {"en": ["stay insured in your home country"], "fr": ["vous restez assuré(e) dans votre pays"]}),
    ("pension", "coming", "nl", "nl", "frontier-worker-working-in-belgium", "pension-frontier-workers",
     {"en": ["country where you last worked"], "fr": ["travaillé en dernier lieu"]}),
    # health care
    ("health-care", "leaving", "be", "de", "employee", "health-care-eu",
     {"en": ["European Health Insurance Card", "S1", "S2"], "fr": ["carte européenne d'assurance maladie", "S1", "S2"]}),
    ("health-care", "coming", "es", "es", "employee", "health-care-eu",
     {"en": ["join a health insurance fund or CAAMI"], "fr": ["affiliez-vous à une mutualité ou à la CAAMI"]}),
    ("health-care", "leaving", "be", "gb", "employee", "health-care-uk",
     {"en": ["European Health Insurance Card", "S1"], "fr": ["carte européenne d'assurance maladie", "S1"]}),
    ("health-care", "coming", "gb", "gb", "employee", "health-care-uk", {"en": ["GHIC"], "fr": ["GHIC"]}),
    ("health-care", "leaving", "tr", "tr", "employee", "health-care-bilateral",
     {"en": ["not valid", "planned treatment is never covered"], "fr": ["pas valable", "jamais couverts"]}),
    ("health-care", "leaving", "be", "th", "employee", "health-care-no-agreement",
     {"en": ["not valid", "private insurance"], "fr": ["pas valable", "assurance locale ou privée"]}),
    ("health-care", "coming", "th", "th", "employee", "health-care-no-agreement",
     {"en": ["join a Belgian health insurance fund or CAAMI"], "fr": ["affiliez-vous à une mutualité belge ou à la CAAMI"]}),
    ("health-care", "leaving", "be", "au", "employee", "health-care-australia-quebec",
     {"en": ["Medicare"], "fr": ["Medicare"]}),
    ("health-care", "leaving", "be", "es", "pensioner", "health-care-pensioners-abroad",
     {"en": ["S1", "register it with the health insurer"], "fr": ["S1", "faites-le enregistrer"]}),
    ("health-care", "leaving", "ma", "ma", "pensioner", "health-care-morocco-pensioners",
     {"en": ["BE-MAR 121", "AMO", "1 June 2022"], "fr": ["BE-MAR 121", "AMO", "1er juin 2022"]}),
    ("health-care", "leaving", "be", "de", "posted-worker", "health-care-posted-workers",
     {"en": ["A1", "NSSO", "S1"], "fr": ["A1", "ONSS", "S1"]}),
    ("health-care", "coming", "de", "de", "posted-worker", "health-care-posted-workers",
     {"en": ["Your home country keeps insuring you", "S1"], "fr": ["Votre pays continue à vous assurer", "S1"]}),
    ("health-care", "leaving", "be", "th", "posted-worker", "health-care-posted-outside-coordination",
     {"en": ["K138bis", "6 months"], "fr": ["K138bis", "6 mois"]}),
    ("health-care", "leaving", "be", "fr", "frontier-worker-living-in-belgium", "health-care-frontier-workers",
     {"en": ["country where you work insures you", "S1"], "fr": ["pays où vous travaillez vous assure", "S1"]}),
    ("health-care", "coming", "fr", "fr", "frontier-worker-working-in-belgium", "health-care-frontier-workers",
     {"en": ["Belgium insures you", "both countries"], "fr": ["La Belgique vous assure", "deux pays"]}),
    ("health-care", "leaving", "be", "es", "student", "health-care-students",
     {"en": ["European Health Insurance Card", "S2"], "fr": ["carte européenne d'assurance maladie", "S2"]}),
    ("health-care", "coming", "es", "es", "student", "health-care-students",
     {"en": ["European Health Insurance Card of your home country"], "fr": ["carte européenne d'assurance maladie de votre pays"]}),
    # incapacity for work
    ("incapacity-for-work", "leaving", "be", "es", "employee", "incapacity-eu",
     {"en": ["country where you are insured", "Belgian fund"], "fr": ["pays où vous êtes assuré(e)", "mutualité belge"]}),
    ("incapacity-for-work", "coming", "es", "es", "employee", "incapacity-eu",
     {"en": ["180 days", "12 months"], "fr": ["180 jours", "12 mois"]}),
    ("incapacity-for-work", "leaving", "be", "gb", "employee", "incapacity-uk",
     {"en": ["wait for its answer"], "fr": ["attendez sa réponse"]}),
    ("incapacity-for-work", "leaving", "us", "us", "employee", "incapacity-bilateral",
     {"en": ["partner country", "medical adviser"], "fr": ["pays partenaire", "médecin-conseil"]}),
    ("incapacity-for-work", "leaving", "be", "th", "employee", "incapacity-no-agreement",
     {"en": ["Belgian rules alone", "Never leave without asking"], "fr": ["seules les règles belges", "Ne partez jamais"]}),
    ("incapacity-for-work", "coming", "th", "th", "employee", "incapacity-no-agreement",
     {"en": ["180 days"], "fr": ["180 jours"]}),
    ("incapacity-for-work", "leaving", "be", "es", "invalidity-beneficiary", "incapacity-moving-abroad-with-benefits",
     {"en": ["even for a holiday", "wait for its answer"], "fr": ["même pour des vacances", "attendez sa réponse"]}),
    ("incapacity-for-work", "leaving", "be", "de", "posted-worker", "incapacity-posted-workers",
     {"en": ["14 days", "28 days"], "fr": ["14 jours", "28 jours"]}),
    ("incapacity-for-work", "coming", "de", "de", "posted-worker", "incapacity-posted-workers",
     {"en": ["stay insured in your home country"], "fr": ["vous restez assuré(e) dans votre pays"]}),
    ("incapacity-for-work", "coming", "nl", "nl", "frontier-worker-working-in-belgium", "incapacity-frontier-workers",
     {"en": ["Belgium insures you", "14 days"], "fr": ["La Belgique vous assure", "14 jours"]}),
]


@pytest.mark.parametrize(
    "topic, direction, nationality, country, status, fiche, phrases", OUTCOMES,
    ids=[f"{o[0]}-{o[1]}-{o[2]}-{o[3]}-{o[4]}" for o in OUTCOMES],
)
def test_the_outcome_states_the_answer_of_the_situation(topic, direction, nationality, country, status, fiche, phrases):
    for lang, expected in phrases.items():
        found = answer(lang, topic, direction, nationality, country, status, date=DATE)
        assert found["outcome"] and found["outcome"]["fiche"] == fiche, (lang, found["outcome"])
        text = outcome(found)
        for phrase in expected:
            assert phrase in text, (lang, phrase, text)
        assert ":::" not in text
        assert len(text.split()) <= 75, (lang, len(text.split()))


def test_every_outcome_is_written_in_four_languages_for_each_direction():
    from factsheets.models import Fiche
    from factsheets.text import for_direction

    with_outcome = 0
    for fiche in Fiche.objects.filter(institution__slug__in=INSTITUTIONS):
        revision = fiche.revisions.get(number=1)
        texts = {lang: getattr(revision, f"outcome_{lang}") for lang in ("fr", "nl", "de", "en")}
        if not any(texts.values()):
            continue
        with_outcome += 1
        for lang, text in texts.items():
            assert text, (fiche.slug, lang)
            for direction in ("leaving", "coming"):
                shown = for_direction(text, direction)
                assert shown.strip(), (fiche.slug, lang, direction)
                assert len(shown.split()) <= 75, (fiche.slug, lang, direction, len(shown.split()))
                assert "\n- " not in shown and "##" not in shown, (fiche.slug, lang)
    assert with_outcome >= 25


# ---------------------------------------------------------------------------------------------- directions
# (language, topic, direction, nationality, country, status, phrases that must not appear)
OTHER_DIRECTION = [
    ("en", "health-care", "coming", "in", "in", "employee", ["If you leave Belgium", "Before you leave Belgium"]),
    ("fr", "health-care", "coming", "in", "in", "employee", ["Si vous quittez la Belgique", "Avant de quitter la Belgique"]),
    ("en", "health-care", "coming", "tr", "tr", "employee", ["Before you leave Belgium", "Pensioners returning to Morocco"]),
    ("fr", "health-care", "coming", "tr", "tr", "employee", ["Avant de quitter la Belgique", "Pensionnés qui retournent au Maroc"]),
    ("en", "health-care", "leaving", "be", "de", "posted-worker", ["Posted to Belgium"]),
    ("fr", "health-care", "leaving", "be", "de", "posted-worker", ["Détaché(e) en Belgique"]),
    ("en", "health-care", "coming", "de", "de", "posted-worker", ["Posted from Belgium"]),
    ("fr", "health-care", "coming", "de", "de", "posted-worker", ["Détaché(e) depuis la Belgique"]),
    ("en", "health-care", "leaving", "be", "es", "pensioner", ["Morocco"]),
    ("fr", "health-care", "leaving", "be", "es", "pensioner", ["Maroc"]),
    ("en", "health-care", "leaving", "be", "th", "posted-worker", ["Posted to Belgium", "If you come to Belgium"]),
    ("en", "pension", "leaving", "be", "de", "posted-worker", ["Posted to Belgium"]),
    ("fr", "pension", "leaving", "be", "de", "posted-worker", ["Détaché(e) en Belgique"]),
    ("en", "pension", "coming", "in", "in", "posted-worker", ["Posted from Belgium"]),
    ("en", "pension", "coming", "th", "th", "employee", ["Working outside Europe", "before you move"]),
    ("en", "incapacity-for-work", "coming", "th", "th", "employee", ["If you receive a Belgian benefit and want to leave"]),
    ("en", "incapacity-for-work", "leaving", "be", "th", "employee", ["If you come to Belgium"]),
    ("fr", "incapacity-for-work", "leaving", "be", "th", "employee", ["Si vous venez en Belgique"]),
    ("en", "incapacity-for-work", "leaving", "be", "de", "posted-worker", ["Posted to Belgium"]),
    ("en", "incapacity-for-work", "coming", "es", "es", "employee", ["Invalidity and moving"]),
    ("en", "health-care", "leaving", "be", "es", "student", ["Studying in Belgium"]),
    ("en", "health-care", "coming", "es", "es", "student", ["Studying in another European country"]),
]


@pytest.mark.parametrize(
    "lang, topic, direction, nationality, country, status, banned", OTHER_DIRECTION,
    ids=[f"{o[0]}-{o[1]}-{o[2]}-{o[3]}-{o[4]}-{o[5]}" for o in OTHER_DIRECTION],
)
def test_no_text_of_the_other_direction(lang, topic, direction, nationality, country, status, banned):
    found = answer(lang, topic, direction, nationality, country, status, date=DATE)
    text = words(found) + " " + outcome(found)
    for phrase in banned:
        assert phrase not in text, (phrase, [f["slug"] for f in found["fiches"] if phrase in f["text"]])
    assert ":::" not in text


# ---------------------------------------------------------------------------------------------- corrections (FACTS §9)
def _fiche_text(slug, lang):
    from factsheets.models import Fiche

    revision = Fiche.objects.get(slug=slug).revisions.get(number=1)
    return getattr(revision, f"body_{lang}")


PLANNED_CARE = {
    "en": ["every planned treatment needs an S2", "2011/24/EU", "Belgian tariff", "at least one night in hospital",
           "CT, MRI and PET scans, cathlab and radiotherapy"],
    "fr": ["tout traitement programmé exige un S2", "2011/24/UE", "tarif belge", "au moins une nuit d'hospitalisation",
           "CT-scan, IRM, PET-scan, cathlab et radiothérapie"],
}
PLANNED_CARE_WRONG = {
    "en": ["optional", "better of the two"],
    "fr": ["facultati", "plus avantageux"],
}


@pytest.mark.parametrize("slug", ["health-care-eu", "health-care-ehic-s1-s2"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_c2_planned_care_needs_an_s2_under_the_regulation_and_prior_authorisation_under_the_directive(slug, lang):
    text = _fiche_text(slug, lang)
    for phrase in PLANNED_CARE[lang]:
        assert phrase.lower() in text.lower(), (slug, lang, phrase)
    for phrase in PLANNED_CARE_WRONG[lang]:
        assert phrase not in text, (slug, lang, phrase)
    from factsheets.models import Fiche

    urls = Fiche.objects.get(slug=slug).revisions.get(number=1).references.values_list("url_en", flat=True)
    assert any("health.belgium.be" in url and "prior-authorisation" in url for url in urls)


@pytest.mark.parametrize("country", ["in", "us", "jp", "kr"])
def test_c6_a_worker_posted_to_belgium_without_a_health_care_chapter_is_not_told_to_join_a_belgian_fund(country):
    english = answer("en", "health-care", "coming", country, country, "posted-worker", date=DATE)
    assert english["outcome"]["fiche"] == "health-care-posted-outside-coordination"
    assert "you do not join a Belgian fund" in outcome(english)
    assert "home country's social security, health insurance included" in outcome(english)
    assert "you must join a" not in outcome(english).lower()
    assert "With the posting certificate (certificate of coverage) of the convention, you are exempt" in words(english)
    french = answer("fr", "health-care", "coming", country, country, "posted-worker", date=DATE)
    assert "vous ne vous affiliez pas à une mutualité belge" in outcome(french)
    assert "vous devez vous affilier à une" not in outcome(french)
    # the general texts name the exception too
    assert "There is one exception" in words(english)
    assert "Il y a une exception" in words(french)


def test_c6_an_employee_with_a_belgian_contract_still_joins_a_fund():
    found = answer("en", "health-care", "coming", "in", "in", "employee", date=DATE)
    assert "join a Belgian health insurance fund or CAAMI" in outcome(found)


def test_c8_the_quebec_entente_covers_quebec_only():
    for lang, phrase in (("en", "The Québec agreement covers Québec only"), ("fr", "L'entente avec le Québec ne couvre que le Québec")):
        for direction, nationality in (("leaving", "be"), ("coming", "ca")):
            found = answer(lang, "health-care", direction, nationality, "ca", "employee", date=DATE)
            assert found["outcome"]["fiche"] == "health-care-australia-quebec"
            assert phrase in outcome(found), (lang, direction)
    bilateral = {"en": "which covers Québec only: elsewhere in Canada, no agreement covers health care",
                 "fr": "qui ne couvre que le Québec : ailleurs au Canada, aucun accord ne couvre les soins de santé"}
    for lang, phrase in bilateral.items():
        assert phrase in _fiche_text("health-care-bilateral", lang)


def test_c9_the_bilateral_health_care_fiche_names_every_convention_country_of_the_data():
    import json
    from pathlib import Path

    fixtures = Path(__file__).resolve().parents[2] / "fixtures"
    instruments = json.loads((fixtures / "instruments.json").read_text())
    names = {o["pk"]: o["fields"] for o in json.loads((fixtures / "countries.json").read_text())}
    with_sickness = {
        o["fields"]["slug"] for o in instruments
        if o["model"] == "agreements.instrument" and o["fields"]["kind"] == "bilateral" and ["sickness"] in o["fields"]["branches"]
    }
    countries = sorted({
        o["fields"]["country"][0] for o in instruments
        if o["model"] == "agreements.coverage" and o["fields"]["instrument"][0] in with_sickness
    })
    alias = {"Türkiye": "Turkey", "Bosnia & Herzegovina": "Bosnia and Herzegovina"}
    checked = set()
    for code in countries:
        found = answer("en", "health-care", "leaving", code, code, "employee", date=DATE)
        if found["regime"]["kind"] != "bilateral":
            continue
        checked.add(code)
        for lang in ("en", "fr"):
            name = names[code][f"name_{lang}"]
            assert alias.get(name, name) in _fiche_text("health-care-bilateral", lang), (code, lang)
    assert {"sm", "ma", "tr", "au"} <= checked
    assert "San Marino" in _fiche_text("health-care-bilateral", "en")
    assert "Saint-Marin" in _fiche_text("health-care-bilateral", "fr")


def test_c10_the_minimum_pension_amounts_are_dated_and_said_to_be_indexed(client):
    english = _fiche_text("pension-minimum-pension", "en")
    assert "as they apply from 1 May 2024" in english
    assert "indexed" in english and "ask the Federal Pensions Service for the current amount" in english
    assert "the date shows since when" not in english
    french = _fiche_text("pension-minimum-pension", "fr")
    assert "à partir du 1er mai 2024" in french
    assert "indexée" in french and "demandez le montant actuel au Service fédéral des Pensions" in french
    page = client.get("/en/fiche/pension-minimum-pension/").content.decode()
    assert "1 May 2024" in page and "current amount" in page


# ---------------------------------------------------------------------------------------------- GRAPA, S041, P1
def test_grapa_is_lost_when_a_pensioner_leaves_belgium():
    for country in ("es", "ma", "th"):
        english = answer("en", "pension", "leaving", "be", country, "pensioner", date=DATE)
        assert "income guarantee for the elderly (GRAPA)" in words(english), country
        assert "main residence" in words(english)
        french = answer("fr", "pension", "leaving", "be", country, "pensioner", date=DATE)
        assert "garantie de revenus aux personnes âgées (GRAPA)" in words(french), country
    assert "22 March 2001" in _fiche_text("pension-paid-abroad-life-certificate", "en")
    assert "22 mars 2001" in _fiche_text("pension-paid-abroad-life-certificate", "fr")
    assert "at most 29 days in a calendar year" in _fiche_text("pension-paid-abroad-life-certificate", "en")
    assert "29 jours au maximum par année civile" in _fiche_text("pension-paid-abroad-life-certificate", "fr")
    # a non-Belgian leaving for a country without agreement reads it in the no-agreement fiche
    found = answer("en", "pension", "leaving", "th", "th", "pensioner", date=DATE)
    assert "GRAPA" in words(found)
    # nobody coming to Belgium is told that it stops
    found = answer("en", "pension", "coming", "th", "th", "pensioner", date=DATE)
    assert "GRAPA" not in words(found) + outcome(found)


def test_s041_proves_insurance_periods_abroad():
    english = answer("en", "incapacity-for-work", "coming", "es", "es", "employee", date=DATE)
    assert "S041 (formerly form E104)" in words(english)
    french = answer("fr", "incapacity-for-work", "coming", "es", "es", "employee", date=DATE)
    assert "S041 (anciennement formulaire E104)" in words(french)
    care = answer("en", "health-care", "coming", "es", "es", "employee", date=DATE)
    assert "S041" in words(care)


def test_p1_summarises_the_pension_decisions():
    english = answer("en", "pension", "leaving", "be", "es", "employee", date=DATE)
    assert "you receive a P1" in words(english)
    french = answer("fr", "pension", "leaving", "be", "es", "employee", date=DATE)
    assert "vous recevez un P1" in words(french)
