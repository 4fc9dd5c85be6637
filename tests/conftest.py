import datetime
import os
import re

import pytest
import time_machine
from django.core.management import call_command

CLOCK_HELP = (
    "Run the whole suite with the clock moved: +400d, +2y, -30d or a date (2028-12-02). "
    "Default: the environment variable TEST_CLOCK, else the real clock."
)


def pytest_addoption(parser):
    parser.addoption("--clock", default=os.environ.get("TEST_CLOCK", ""), help=CLOCK_HELP)


def clock_target(value: str, now: datetime.datetime) -> datetime.datetime:
    """+400d / -30d / +2y from now, or a date (its time of day is now's)."""
    match = re.fullmatch(r"([+-])(\d+)([dy])", value.strip())
    if match:
        sign = 1 if match.group(1) == "+" else -1
        amount = int(match.group(2))
        if match.group(3) == "d":
            return now + sign * datetime.timedelta(days=amount)
        try:
            return now.replace(year=now.year + sign * amount)
        except ValueError:  # 29 February
            return now.replace(year=now.year + sign * amount, day=28)
    day = datetime.date.fromisoformat(value.strip())
    return datetime.datetime.combine(day, now.timetz())


def pytest_configure(config):
    """A moved clock for the whole run (time-machine, ticking): a test that depends on today's date
    fails on some day; CI runs the suite a year and more ahead to find such tests before that day."""
    value = config.getoption("--clock")
    if not value:
        return
    try:
        target = clock_target(value, datetime.datetime.now(datetime.UTC))
    except ValueError:
        raise pytest.UsageError(f"--clock / TEST_CLOCK: {value!r} is not +<n>d, +<n>y or YYYY-MM-DD") from None
    config._clock = time_machine.travel(target, tick=True)
    config._clock.start()


def pytest_report_header(config):
    clock = getattr(config, "_clock", None)
    if clock is not None:
        return f"clock moved to {datetime.datetime.now(datetime.UTC).isoformat(timespec='seconds')}"
    return None


def pytest_unconfigure(config):
    clock = getattr(config, "_clock", None)
    if clock is not None:
        clock.stop()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The reference data (countries, agreements, institutions, questions) is loaded once per run;
    each test runs in a transaction that is rolled back. The fiches of fixtures/ are not: tests build
    the content they need, except the content tests (tests/content/), which load it."""
    with django_db_blocker.unblock():
        call_command("load_reference_data", "--without-content", verbosity=0)


def transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)))


@pytest.fixture(autouse=True)
def reference_data_after_a_flush(request):
    """A transactional test empties the database when it ends (the browser tests' live server too):
    such tests run last, and each one loads the reference data again if an earlier one removed it."""
    if transactional(request.node) and "tests/browser/" not in str(request.node.path).replace("\\", "/"):
        request.getfixturevalue("transactional_db")
        from agreements.models import Country

        if not Country.objects.exists():
            call_command("load_reference_data", "--without-content", verbosity=0)


@pytest.fixture(scope="session")
def content(django_db_setup, django_db_blocker):
    """The fiches of fixtures/, loaded once for the content tests, which run after all others."""
    from situations.management.commands.load_reference_data import content_fixtures

    names = content_fixtures()
    if names:
        with django_db_blocker.unblock():
            call_command("loaddata", *names, verbosity=0)


@pytest.fixture(autouse=True)
def commits_inside_a_test_case(monkeypatch):
    """A test case wraps each test in a transaction that is rolled back, so `on_commit` hooks would
    never run. When an atomic block of the code under test ends well and only the test case's own
    block remains, its hooks run now: what a real commit of that block would do in production."""
    from django.db import transaction

    exit_block = transaction.Atomic.__exit__

    def exit_and_commit(self, exc_type, exc_value, traceback):
        result = exit_block(self, exc_type, exc_value, traceback)
        connection = transaction.get_connection(self.using)
        blocks = connection.atomic_blocks
        if exc_type is None and blocks and all(getattr(b, "_from_testcase", False) for b in blocks):
            hooks, connection.run_on_commit = connection.run_on_commit, []
            for _savepoints, hook, _robust in hooks:
                hook()
        return result

    monkeypatch.setattr(transaction.Atomic, "__exit__", exit_and_commit)


@pytest.fixture(autouse=True)
def fresh_resolver_data():
    """Each test's changes are rolled back: the resolver must not keep them in memory."""
    from portal import caching
    from situations.data import data_changed

    data_changed()
    caching._paused_until["at"] = 0.0  # a test that broke the cache does not pause it for the next
    yield
    data_changed()
    caching._paused_until["at"] = 0.0


def pytest_collection_modifyitems(items):
    """The content tests run after the others (the content they load stays in the database), then the
    transactional tests, and the browser tests last: these empty the database after each test."""

    def rank(item):
        path = str(item.path).replace("\\", "/")
        if "tests/browser/" in path:
            return 3
        return 2 if transactional(item) else 1 if "tests/content/" in path else 0

    items.sort(key=rank)
