import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agreements.models import Country, Instrument
from situations.data import SituationData, current_data, data_changed
from situations.models import Direction, NationalityGroup, Status
from situations.resolver import InvalidValue, Situation, resolve
from tests.factories import RevisionFactory
from tests.situations.helpers import published_fiche

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)


def situation(data, topics=("pension",), **answers):
    values = {"direction": "leaving", "nationality": "be", "country": "es", "status": "pensioner", "date": TODAY}
    values.update(answers)
    return Situation.build(data, topics=topics, **values)


def fiche_slugs(resolution, topic=0):
    return [match.fiche.slug for match in resolution.topics[topic].fiches]


def test_a_belgian_pensioner_in_spain_gets_the_eu_regime_and_the_eu_fiche():
    eu = published_fiche("pension", regime_eu=True)
    published_fiche("pension", regime_none=True)
    data = current_data()
    resolution = resolve(data, situation(data))
    assert resolution.group == "belgian"
    assert resolution.topics[0].regime.kind == "eu"
    assert fiche_slugs(resolution) == [eu.slug]


def test_specific_fiches_come_before_general_ones_then_editor_order():
    specific = published_fiche(
        "pension", order=1, statuses=[Status.objects.get(slug="pensioner")], countries=[Country.objects.get(code="es")]
    )
    general_late = published_fiche("pension", order=20)
    general_early = published_fiche("pension", order=10)
    middle = published_fiche("pension", order=1, regime_eu=True)
    data = current_data()
    resolution = resolve(data, situation(data))
    assert fiche_slugs(resolution) == [specific.slug, middle.slug, general_early.slug, general_late.slug]
    assert resolution.topics[0].outcome.fiche.slug == specific.slug  # the most specific answer comes first


def test_every_dimension_of_a_criterion_must_match():
    published_fiche("pension", directions=[Direction.objects.get(slug="coming")])
    published_fiche("pension", statuses=[Status.objects.get(slug="student")])
    published_fiche("pension", nationality_groups=[NationalityGroup.objects.get(slug="third-country")])
    published_fiche("pension", instruments=[Instrument.objects.get(slug="belgium-japan")])
    published_fiche("pension", countries=[Country.objects.get(code="jp")])
    published_fiche("health-care")
    data = current_data()
    assert fiche_slugs(resolve(data, situation(data))) == []


def test_a_convention_specific_fiche_reaches_that_convention_only():
    japan = published_fiche("contributions", instruments=[Instrument.objects.get(slug="belgium-japan")])
    data = current_data()
    in_japan = resolve(data, situation(data, topics=("contributions",), country="jp", status="posted-worker"))
    in_india = resolve(data, situation(data, topics=("contributions",), country="in", status="posted-worker"))
    assert fiche_slugs(in_japan) == [japan.slug]
    assert fiche_slugs(in_india) == []


def test_drafts_and_future_publications_stay_private():
    fiche = published_fiche("pension")
    RevisionFactory(fiche=fiche, number=2)  # a draft
    scheduled = published_fiche("pension")
    scheduled.revisions.update(publish_from=datetime.datetime(2027, 1, 1, tzinfo=datetime.UTC))
    data_changed()
    data = current_data()
    now = resolve(data, situation(data), at=datetime.datetime(2026, 11, 23, tzinfo=datetime.UTC))
    later = resolve(data, situation(data), at=datetime.datetime(2027, 1, 1, tzinfo=datetime.UTC))
    assert fiche_slugs(now) == [fiche.slug]
    assert [m.revision.number for m in now.topics[0].fiches] == [1]
    assert set(fiche_slugs(later)) == {fiche.slug, scheduled.slug}


def test_without_a_fiche_the_topic_names_whom_to_contact():
    data = current_data()
    resolution = resolve(data, situation(data, topics=("pension", "family-benefits")))
    pension, family = resolution.topics
    assert pension.contact == "sfp"
    assert family.contact is None
    assert set(family.institutions) == {"opgroeien", "aviq", "iriscare", "ostbelgien-family"}


def test_nationality_groups():
    data = current_data()
    groups = {
        nationality: resolve(data, situation(data, nationality=nationality)).group
        for nationality in ("be", "fr", "no", "ch", "gb", "us", "stateless", "refugee")
    }
    assert groups == {
        "be": "belgian",
        "fr": "eu-eea-swiss",
        "no": "eu-eea-swiss",
        "ch": "eu-eea-swiss",
        "gb": "third-country",
        "us": "third-country",
        "stateless": "stateless-or-refugee",
        "refugee": "stateless-or-refugee",
    }
    british_in_2019 = resolve(data, situation(data, nationality="gb", date=datetime.date(2019, 1, 1)))
    assert british_in_2019.group == "eu-eea-swiss"


def test_the_answers_are_put_in_canonical_form():
    data = current_data()
    built = situation(data, topics=("Pension", "health-care", "pension"), nationality="BE", country="ES")
    assert built.topics == ("health-care", "pension")
    assert built.query() == [
        ("nationality", "be"),
        ("country", "es"),
        ("status", "pensioner"),
        ("topic", "health-care"),
        ("topic", "pension"),
    ]


@pytest.mark.parametrize(
    ("answers", "question"),
    [
        ({"direction": "abroad"}, "direction"),
        ({"nationality": "xx"}, "nationality"),
        ({"country": "xx"}, "country"),
        ({"country": "be"}, "country"),
        ({"status": "astronaut"}, "status"),
        ({"status": "frontier-worker-working-in-belgium"}, "status"),  # a status of the other direction
        ({"topics": ("pension", "holidays")}, "topic"),
        ({"topics": ()}, "topic"),
    ],
)
def test_invalid_answers_are_refused_with_the_accepted_values(answers, question):
    data = current_data()
    topics = answers.pop("topics", ("pension",))
    with pytest.raises(InvalidValue) as error:
        situation(data, topics=topics, **answers)
    assert error.value.question == question
    assert error.value.accepted


def queries_to_resolve():
    data_changed()
    with CaptureQueriesContext(connection) as cold:
        data = current_data()
        resolve(data, situation(data, topics=tuple(data.topics)))
    with CaptureQueriesContext(connection) as warm:
        data = current_data()
        resolve(data, situation(data, topics=tuple(data.topics)))
    return len(cold), len(warm)


def test_resolving_costs_the_same_queries_with_10_or_500_fiches():
    for _ in range(10):
        published_fiche("pension", statuses=[Status.objects.get(slug="pensioner")])
    with_ten = queries_to_resolve()
    for _ in range(490):
        published_fiche("pension", countries=[Country.objects.get(code="es")])
    with_five_hundred = queries_to_resolve()
    assert with_ten == with_five_hundred
    assert with_ten[1] == 0  # warm data: no query at all
    assert len(resolve(current_data(), situation(current_data())).topics[0].fiches) == 500


# --- Properties over every valid situation ---------------------------------------------------------


@pytest.fixture(scope="module")
def reference(django_db_blocker):
    with django_db_blocker.unblock():
        return SituationData.load()


def valid_situations(data):
    countries = sorted(code for code in data.countries if code != "be")
    nationalities = sorted(data.countries) + ["stateless", "refugee"]

    @st.composite
    def build(draw):
        direction = draw(st.sampled_from(sorted(data.directions)))
        return {
            "direction": direction,
            "nationality": draw(st.sampled_from(nationalities)),
            "country": draw(st.sampled_from(countries)),
            "status": draw(st.sampled_from(data.directions[direction].statuses)),
            "topics": draw(st.lists(st.sampled_from(list(data.topics)), min_size=1, max_size=9)),
            "date": draw(st.dates(datetime.date(1990, 1, 1), datetime.date(2035, 12, 31))),
        }

    return build()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_every_valid_situation_resolves_to_fiches_or_a_contact(reference, drawn):
    answers = drawn.draw(valid_situations(reference))
    resolution = resolve(reference, Situation.build(reference, **answers))
    assert [r.topic for r in resolution.topics] == [t for t in reference.topics if t in answers["topics"]]
    for result in resolution.topics:
        assert result.regime.kind in {"eu", "uk", "bilateral", "none"}
        assert result.fiches or result.contact or result.institutions


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_the_order_of_the_topics_does_not_matter(reference, drawn):
    answers = drawn.draw(valid_situations(reference))
    shuffled = drawn.draw(st.permutations(answers["topics"]))
    first = resolve(reference, Situation.build(reference, **answers))
    second = resolve(reference, Situation.build(reference, **(answers | {"topics": shuffled})))
    assert first == second


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(question=st.sampled_from(["direction", "nationality", "country", "status", "topics"]), value=st.text(max_size=30))
def test_values_outside_the_lists_are_rejected(reference, question, value):
    answers = {"direction": "leaving", "nationality": "be", "country": "es", "status": "pensioner", "topics": ["pension"]}
    accepted = {
        "direction": set(reference.directions),
        "nationality": set(reference.countries) | {"stateless", "refugee"},
        "country": set(reference.countries) - {"be"},
        "status": set(reference.directions["leaving"].statuses),
        "topics": set(reference.topics),
    }[question]
    if value.strip().lower() in accepted:
        return
    answers[question] = [value] if question == "topics" else value
    with pytest.raises(InvalidValue):
        Situation.build(reference, **answers)
