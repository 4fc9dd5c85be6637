"""Property: for any situation, the resolve endpoint says what `manage.py resolve --format json`
says: the same bytes when the answers are valid, a 400 problem exactly when the command refuses them
(exit status 2)."""

import datetime
import io
import json
from urllib.parse import urlencode

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from hypothesis import HealthCheck, given, settings, strategies as st

from agreements.regime import REFUGEE, STATELESS

pytestmark = pytest.mark.django_db

LANGUAGES = ("fr", "nl", "de", "en")
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def data(fiche):
    """The snapshot, with a few published fiches so that answers list some."""
    from situations.data import current_data
    from situations.models import Direction
    from tests.situations.helpers import published_fiche

    published_fiche("health-care", regime_eu=True)
    published_fiche("contributions", directions=[Direction.objects.get(slug="coming")])
    published_fiche("family-benefits")
    return current_data()


def command(args: list) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("resolve", *args, "--format", "json", stdout=out)
    except CommandError as error:
        return error.returncode, ""
    return 0, out.getvalue().strip()


def as_arguments(query: list) -> list:
    return [item for key, value in query for item in (f"--{key}", value)]


def dates():
    today = timezone.localdate()
    return st.one_of(st.none(), st.dates(datetime.date(1959, 1, 1), today.replace(year=today.year + 2)))


@st.composite
def situations(draw, data, *, junk=False):
    """(question, value) pairs of a situation the wizard offers; with `junk`, any answer may be wrong."""

    def maybe_wrong(strategy):
        return st.one_of(strategy, st.sampled_from(["", "xx", "be ", "Pensioner", "zz-top", "refugees"])) if junk else strategy

    direction = draw(maybe_wrong(st.sampled_from(sorted(data.directions))))
    statuses = sorted(data.directions[direction].statuses) if direction in data.directions else ["employee"]
    countries = sorted(set(data.countries) - {"be"})
    query = [
        ("direction", direction),
        ("nationality", draw(maybe_wrong(st.sampled_from([*sorted(data.countries), STATELESS, REFUGEE])))),
        ("country", draw(maybe_wrong(st.sampled_from(countries)))),
        ("status", draw(maybe_wrong(st.sampled_from(statuses)))),
    ]
    topics = draw(st.lists(maybe_wrong(st.sampled_from(list(data.topics))), min_size=1, max_size=4))
    query += [("topic", topic) for topic in topics]
    if draw(st.booleans()):
        query.append(("region", draw(maybe_wrong(st.sampled_from(sorted(data.regions))))))
    day = draw(dates())
    if day is not None:
        query.append(("date", day.isoformat()))
    query.append(("lang", draw(st.sampled_from(LANGUAGES))))
    return draw(st.permutations(query))


def test_the_endpoint_agrees_with_the_command_on_valid_situations(client, data):
    listed = []

    @SETTINGS
    @given(query=situations(data))
    def check(query):
        status, printed = command(as_arguments(query))
        assert status == 0
        response = client.get("/api/v1/resolve?" + urlencode(query))
        assert response.status_code == 200
        assert response.content.decode() == printed
        answer = json.loads(response.content)
        assert answer == json.loads(printed)
        listed.extend(f["slug"] for topic in answer["topics"] for f in topic["fiches"])

    check()
    assert listed, "no situation drawn listed a fiche: the property was checked on empty answers only"


def test_the_endpoint_refuses_what_the_command_refuses(client, data):
    @SETTINGS
    @given(query=situations(data, junk=True))
    def check(query):
        status, printed = command(as_arguments(query))
        response = client.get("/api/v1/resolve?" + urlencode(query))
        if status == 0:
            assert response.status_code == 200 and response.content.decode() == printed
        else:
            assert status == 2
            assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"

    check()
