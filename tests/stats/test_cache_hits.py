"""Pages answered by the HTTP cache in front of the app, counted from its log (stats/cachelog.py)."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from stats.models import DailyCount
from tests.stats.conftest import SPAIN, flush

pytestmark = pytest.mark.django_db

Kind = DailyCount.Kind


def line(cache="HIT", uri=SPAIN, status=200, method="GET", agent="Mozilla/5.0", time="2026-06-01T23:30:00+00:00"):
    return f'{time} {method} {cache} {status} "{uri}" "{agent}"\n'


def test_the_caches_own_answers_are_counted_and_the_apps_are_not(tmp_path):
    log = tmp_path / "counts.log"
    log.write_text(
        line() + line(cache="STALE") + line(cache="UPDATING", status=304)
        + line(cache="MISS") + line(cache="BYPASS") + line(cache="EXPIRED") + line(cache="REVALIDATED", status=304)
        + line(cache="-")  # the app answered (and counted) those
        + line(method="POST") + line(status=404) + line(agent="Googlebot/2.1") + line(uri="/admin/")
        + line(uri="/fr/countries/es/") + "junk\n"
    )  # fmt: skip
    call_command("count_cache_hits", str(log), verbosity=0)
    flush()
    # 23:30 UTC on 1 June is 2 June in Brussels: the day is the site's
    assert set(DailyCount.objects.values_list("day", flat=True)) == {datetime.date(2026, 6, 2)}
    result = DailyCount.objects.get(kind=Kind.PAGE, page_type="result")
    assert (result.language, result.direction, result.count) == ("en", "leaving", 3)
    assert DailyCount.objects.get(kind=Kind.PAGE, page_type="country").subject == "es"
    assert sorted(DailyCount.objects.filter(kind=Kind.SITUATION).values_list("topic", "count")) == [
        ("health-care", 3), ("pension", 3)
    ]


def test_each_line_is_counted_once_and_a_line_being_written_waits(tmp_path):
    log, state = tmp_path / "counts.log", tmp_path / "state.json"
    log.write_text(line() + line() + line()[:20])  # the third line is not finished
    call_command("count_cache_hits", str(log), "--state", str(state), verbosity=0)
    call_command("count_cache_hits", str(log), "--state", str(state), verbosity=0)
    with log.open("a") as handle:
        handle.write(line()[20:] + line())
    call_command("count_cache_hits", str(log), "--state", str(state), verbosity=0)
    flush()
    assert DailyCount.objects.get(kind=Kind.PAGE).count == 4


def test_a_rotated_log_is_read_from_its_start(tmp_path):
    log, state = tmp_path / "counts.log", tmp_path / "state.json"
    log.write_text(line() * 3)
    call_command("count_cache_hits", str(log), "--state", str(state), verbosity=0)
    log.rename(tmp_path / "counts.log.1")
    log.write_text(line())
    call_command("count_cache_hits", str(log), "--state", str(state), verbosity=0)
    flush()
    assert DailyCount.objects.get(kind=Kind.PAGE).count == 4


def test_a_missing_log_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("count_cache_hits", str(tmp_path / "nope.log"))
