"""The reference data in fixtures/ is complete and coherent. It is loaded once by conftest.py."""

import datetime
import json

import pytest
from django.conf import settings
from django.core.management import call_command

from agreements.countries import country_fixture_text
from agreements.models import Branch, Country, Coverage, Instrument
from factsheets.models import Institution
from situations.models import Direction, NationalityGroup, Status, Topic, TopicInstitution

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]
D = datetime.date

# DESIGN.md §8: identifiers that may never disappear.
STATUSES = [
    "employee",
    "self-employed",
    "civil-servant",
    "posted-worker",
    "frontier-worker-working-in-belgium",
    "frontier-worker-living-in-belgium",
    "job-seeker",
    "pensioner",
    "invalidity-beneficiary",
    "student",
    "international-transport-worker",
]
TOPICS = [
    "annual-holidays",
    "family-benefits",
    "incapacity-for-work",
    "work-accidents",
    "occupational-diseases",
    "pension",
    "health-care",
    "contributions",
    "unemployment",
]
INSTITUTIONS = [
    "fps-social-security", "sfp", "inami", "mutualities", "caami", "onem", "fedris", "onva", "onss",
    "overseas-social-security", "inasti", "opgroeien", "aviq", "iriscare", "ostbelgien-family",
]  # fmt: skip
EEA_AND_SWISS = ["is", "li", "no", "ch"]
EU27_BUT_BELGIUM = [
    "at", "bg", "cy", "cz", "de", "dk", "ee", "es", "fi", "fr", "gr", "hr", "hu", "ie", "it", "lt", "lu", "lv",
    "mt", "nl", "pl", "pt", "ro", "se", "si", "sk",
]  # fmt: skip


def missing_translations(objects, fields):
    return [
        (str(obj.pk), f"{field}_{lang}")
        for obj in objects
        for field in fields
        for lang in LANGUAGES
        if not getattr(obj, f"{field}_{lang}")
    ]


def test_every_iso_country_is_there():
    assert Country.objects.count() == 250  # 249 ISO 3166-1 codes and Kosovo (XK)
    assert Country.objects.filter(code__in=["be", "es", "us", "gb", "xk", "cd"]).count() == 6


def test_every_country_has_a_name_in_four_languages():
    assert missing_translations(Country.objects.all(), ["name"]) == []
    belgium = Country.objects.get(code="be")
    assert (belgium.name_fr, belgium.name_nl, belgium.name_de, belgium.name_en) == (
        "Belgique",
        "België",
        "Belgien",
        "Belgium",
    )


def test_country_names_are_the_cldr_names_of_the_installed_library():
    fixture = (settings.BASE_DIR / "fixtures" / "countries.json").read_text(encoding="utf-8")
    assert fixture == country_fixture_text(), "Run `python manage.py build_country_fixture` and commit the result."


def test_design_statuses_and_topics_exist_with_texts_in_four_languages():
    assert set(STATUSES) <= set(Status.objects.values_list("slug", flat=True))
    assert set(TOPICS) <= set(Topic.objects.values_list("slug", flat=True))
    assert missing_translations(Status.objects.all(), ["name", "definition"]) == []
    assert missing_translations(Topic.objects.all(), ["name", "description"]) == []
    assert missing_translations(Direction.objects.all(), ["name", "title", "audience"]) == []
    assert missing_translations(NationalityGroup.objects.all(), ["name", "description"]) == []
    assert missing_translations(Branch.objects.all(), ["name"]) == []


def test_each_direction_offers_its_statuses():
    offered = {d.slug: set(d.statuses.values_list("slug", flat=True)) for d in Direction.objects.all()}
    assert set(offered) == {"leaving", "coming"}
    assert "frontier-worker-living-in-belgium" in offered["leaving"]
    assert "frontier-worker-working-in-belgium" not in offered["leaving"]
    assert "frontier-worker-working-in-belgium" in offered["coming"]
    assert offered["leaving"] | offered["coming"] == set(STATUSES)


def test_every_topic_maps_to_a_branch_and_to_an_institution():
    for topic in Topic.objects.prefetch_related("branches", "institutions"):
        assert topic.branches.exists(), topic.slug
        assert topic.institutions.exists(), topic.slug


def test_every_topic_but_family_benefits_has_one_main_contact():
    # Family benefits are paid by the body of the region where the child lives: no single contact.
    with_contact = set(TopicInstitution.objects.filter(is_contact=True).values_list("topic__slug", flat=True))
    assert with_contact == set(TOPICS) - {"family-benefits"}


def test_nationality_groups_end_with_a_catch_all():
    groups = list(NationalityGroup.objects.all())
    assert groups[-1].rule == NationalityGroup.Rule.OTHERS
    assert [g.slug for g in groups] == ["belgian", "eu-eea-swiss", "stateless-or-refugee", "third-country"]


def test_institutions_are_there_under_their_current_names():
    assert set(INSTITUTIONS) <= set(Institution.objects.values_list("slug", flat=True))
    assert missing_translations(Institution.objects.all(), ["acronym", "name", "description", "website"]) == []
    names = " ".join(
        getattr(i, f"{field}_{lang}") for i in Institution.objects.all() for field in ("acronym", "name") for lang in LANGUAGES
    )
    for outdated in ("ONP", "FAMIFED", "ONAFTS", "OSSOM", "ORPSS", "Fonds des accidents du travail"):
        assert outdated not in names


def test_every_instrument_has_coherent_dates():
    for instrument in Instrument.objects.all():
        assert missing_translations([instrument], ["name", "short_name"]) == []
        if instrument.in_force_from and instrument.signed_on:
            assert instrument.signed_on <= instrument.in_force_from, instrument.slug
        if instrument.in_force_until:
            assert instrument.in_force_from and instrument.in_force_from <= instrument.in_force_until, instrument.slug
        assert instrument.branches.exists(), instrument.slug


def test_every_coverage_lies_within_its_instrument_and_never_overlaps():
    periods = {}
    for coverage in Coverage.objects.select_related("instrument"):
        coverage.full_clean()  # the model's own checks: dates inside the instrument, no overlap
        periods.setdefault((coverage.instrument.slug, coverage.country_id), []).append(coverage)
    assert periods


def covered(instrument, country, day):
    return Coverage.objects.on(day).filter(instrument__slug=instrument, country=country).exists()


@pytest.mark.parametrize("country", EU27_BUT_BELGIUM + EEA_AND_SWISS)
def test_eu_regulations_cover_every_eu_eea_and_swiss_state_today(country):
    assert covered("eu-regulation-883-2004", country, D(2026, 11, 23))


@pytest.mark.parametrize(
    ("instrument", "country", "day", "expected"),
    [
        ("eu-regulation-883-2004", "hr", D(2013, 6, 30), False),
        ("eu-regulation-883-2004", "hr", D(2013, 7, 1), True),
        ("eu-regulation-883-2004", "gb", D(2020, 12, 31), True),
        ("eu-regulation-883-2004", "gb", D(2021, 1, 1), False),
        ("eu-uk-tca-protocol", "gb", D(2020, 12, 31), False),
        ("eu-uk-tca-protocol", "gb", D(2021, 1, 1), True),
        ("eu-regulation-883-2004", "ch", D(2012, 3, 31), False),
        ("eu-regulation-883-2004", "ch", D(2012, 4, 1), True),
        ("eu-regulation-1408-71", "ch", D(2012, 3, 31), True),
        ("eu-regulation-883-2004", "no", D(2012, 5, 31), False),
        ("eu-regulation-883-2004", "no", D(2012, 6, 1), True),
        ("eu-regulation-1408-71", "es", D(2010, 4, 30), True),
        ("eu-regulation-883-2004", "es", D(2010, 5, 1), True),
        ("eu-regulation-883-2004", "us", D(2026, 1, 1), False),
    ],
)
def test_membership_changes_on_the_right_day(instrument, country, day, expected):
    assert covered(instrument, country, day) is expected


@pytest.mark.parametrize(
    ("country", "day", "expected"),
    [("es", D(2010, 12, 31), False), ("es", D(2011, 1, 1), True), ("dk", D(2026, 1, 1), False),
     ("no", D(2026, 1, 1), False), ("ch", D(2026, 1, 1), False), ("hr", D(2013, 7, 1), True)],
)  # fmt: skip
def test_eu_regulations_reach_third_country_nationals_where_reg_1231_2010_applies(country, day, expected):
    coverage = Coverage.objects.on(day).get(instrument__slug="eu-regulation-883-2004", country=country)
    assert coverage.third_country_nationals is expected


def test_the_uk_protocol_leaves_out_family_benefits():
    branches = set(Instrument.objects.get(slug="eu-uk-tca-protocol").branches.values_list("slug", flat=True))
    assert "family-benefits" not in branches
    assert {"old-age", "sickness", "unemployment", "applicable-legislation"} <= branches


def test_bilateral_conventions_in_force_today():
    today = D(2026, 11, 23)
    partners = set(
        Coverage.objects.on(today).filter(instrument__kind="bilateral").values_list("country", flat=True)
    )
    for partner in ["al", "dz", "ar", "au", "ba", "br", "ca", "cl", "ph", "in", "il", "jp", "mk", "md", "ma",
                    "me", "rs", "tn", "tr", "uy", "us", "kr", "sm", "xk"]:  # fmt: skip
        assert partner in partners, partner


def test_loading_the_reference_data_twice_changes_nothing():
    counts = {model: model.objects.count() for model in (Country, Instrument, Coverage, Institution, Topic, TopicInstitution)}
    call_command("load_reference_data", verbosity=0)
    assert {model: model.objects.count() for model in counts} == counts


def test_fixtures_refer_to_objects_by_stable_identifier():
    for path in (settings.BASE_DIR / "fixtures").glob("*.json"):
        if path.name == "countries.json":
            continue
        for record in json.loads(path.read_text(encoding="utf-8")):
            assert "pk" not in record, f"{path.name}: {record['model']} uses a database id"
