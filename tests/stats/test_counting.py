"""Counting public pages, cached or not, and moving the counts into the database."""

import datetime

import pytest
import redis
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from factsheets.models import Revision
from stats import counting
from stats.flushing import flush as flush_store
from stats.models import DailyCount, FlushedBatch
from tests.factsheets.workspace import fiche_of
from tests.stats.conftest import SPAIN, flush

pytestmark = pytest.mark.django_db

Kind = DailyCount.Kind


def total(**filters):
    return sum(DailyCount.objects.filter(**filters).values_list("count", flat=True))


def page_keys():
    return [key for key in cache._cache if ":page:" in key]


def test_a_result_page_is_counted_whether_it_comes_from_the_cache_or_not(client):
    first = client.get(SPAIN)
    assert first.status_code == 200 and len(page_keys()) == 1
    for _ in range(2):
        assert client.get(SPAIN).content == first.content  # served by the page cache
    flush()
    assert total(kind=Kind.PAGE, page_type="result", language="en", direction="leaving") == 3
    for topic in ("health-care", "pension"):
        row = DailyCount.objects.get(kind=Kind.SITUATION, topic=topic)
        assert (row.day, row.direction, row.country, row.status, row.count) == (
            timezone.localdate(), "leaving", "es", "pensioner", 3
        )
        assert row.nationality_group and row.nationality_group != "be"  # a group, never the nationality


def test_the_subjects_without_a_fiche_are_found_at_flush_time(client):
    fiche_of("sfp", state=Revision.State.PUBLISHED, topic="pension")
    client.get(SPAIN)
    flush()
    assert total(kind=Kind.SITUATION) == 2
    assert list(DailyCount.objects.filter(kind=Kind.NO_FICHE).values_list("topic", "count")) == [("health-care", 1)]


def test_a_conditional_get_answered_304_counts_as_a_view(client):
    etag = client.get(SPAIN)["ETag"]
    assert client.get(SPAIN, HTTP_IF_NONE_MATCH=etag).status_code == 304
    flush()
    assert total(kind=Kind.PAGE, page_type="result") == 2


def test_page_views_name_the_page_type_language_and_subject(client):
    fiche, _revision = fiche_of("sfp", state=Revision.State.PUBLISHED)
    for path in ("/fr/countries/es/", "/nl/institutions/sfp/", f"/de/fiche/{fiche.slug}/", "/en/", "/en/coming/"):
        assert client.get(path).status_code == 200, path
    flush()
    rows = set(DailyCount.objects.filter(kind=Kind.PAGE).values_list("page_type", "language", "direction", "subject"))
    assert rows == {
        ("country", "fr", "", "es"),
        ("institution", "nl", "", "sfp"),
        ("fiche", "de", "", fiche.slug),
        ("home", "en", "", ""),
        ("start", "en", "coming", ""),
    }


@pytest.mark.parametrize(
    "path",
    [
        "/admin/login/",
        "/static/css/site.css",
        "/healthz",
        "/api/v1/topics",
        "/robots.txt",
        "/en/fiche/no-such-fiche/",  # 404
        "/en/countries/es/?junk=1",  # 301
        "/en/leaving/result/?country=es&nationality=be&status=pensioner&topic=pension",  # 301: not canonical
    ],
)
def test_what_is_not_a_public_page_answered_200_is_not_counted(client, path):
    client.get(path)
    flush()
    assert not DailyCount.objects.exists()


def test_robots_and_posts_are_not_counted(client):
    client.get(SPAIN, HTTP_USER_AGENT="Mozilla/5.0 (compatible; Googlebot/2.1)")
    client.head(SPAIN)
    flush()
    assert not DailyCount.objects.exists()


def test_a_second_flush_adds_nothing(client):
    client.get(SPAIN)
    flush()
    before = list(DailyCount.objects.values_list("kind", "topic", "count"))
    flush()
    assert list(DailyCount.objects.values_list("kind", "topic", "count")) == before


def test_counts_of_later_flushes_are_added_to_the_same_rows(client):
    client.get(SPAIN)
    flush()
    client.get(SPAIN)
    client.get(SPAIN)
    flush()
    assert DailyCount.objects.filter(kind=Kind.PAGE).count() == 1
    assert total(kind=Kind.PAGE) == 3


class RecordedStore(counting.LocalStore):
    """A store that hands out a batch the database already holds (a flush that stopped after its commit)."""

    def __init__(self, name):
        super().__init__()
        self.name, self.released = name, []

    def claim(self):
        return [(self.name, timezone.localdate().isoformat(), {"p|en|home||": 7})]

    def release(self, name):
        self.released.append(name)


def test_a_batch_already_in_the_database_is_not_added_twice():
    FlushedBatch.objects.create(name="batch:abc:2026-01-01")
    store = RecordedStore("batch:abc:2026-01-01")
    report = flush_store(store)
    assert report.already_in == 1 and store.released == ["batch:abc:2026-01-01"]
    assert not DailyCount.objects.exists()


def test_a_failed_write_gives_the_batch_back_to_the_store(client, monkeypatch):
    client.get("/en/")
    monkeypatch.setattr("stats.flushing.increment", lambda *args: (_ for _ in ()).throw(RuntimeError("db down")))
    with pytest.raises(RuntimeError):
        flush()
    monkeypatch.undo()
    flush()
    assert total(kind=Kind.PAGE, page_type="home") == 1


def test_an_invalid_situation_in_the_store_is_ignored():
    counting._local_store.add({(timezone.localdate().isoformat(), "r|en|leaving|nationality=zz&country=es"): 3})
    report = flush_store()
    assert report.ignored == 3 and not DailyCount.objects.exists()


DOWN = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


def test_with_redis_down_pages_answer_and_the_counts_wait_in_memory(client, settings, caplog):
    settings.STATS_PUSH_SECONDS = 0
    counting.tally.failing = False
    with override_settings(CACHES=DOWN), caplog.at_level("WARNING", logger="stats.counting"):
        assert isinstance(counting.store(), counting.RedisStore)
        for path in (SPAIN, "/en/countries/es/", "/en/"):
            assert client.get(path).status_code == 200
        assert sum(counting.tally.counts.values()) >= 4  # kept: 3 views and the situation
        assert len([r for r in caplog.records if r.name == "stats.counting"]) == 1  # logged once
        with pytest.raises(redis.exceptions.ConnectionError):
            call_command("flush_stats", verbosity=0)
    counting.tally.paused_until = 0
    flush()  # Redis "back" (the local store again): nothing was lost
    assert total(kind=Kind.PAGE) == 3 and total(kind=Kind.SITUATION) == 2


def test_counting_off_counts_nothing(client, settings):
    settings.STATS_COUNTING = False
    client.get(SPAIN)
    flush()
    assert not DailyCount.objects.exists()


def test_the_retention_deletes_older_counts_and_feedback(settings):
    from stats.models import Feedback

    settings.STATS_RETENTION_DAYS = 400
    today = timezone.localdate()
    for age in (401, 400, 10):
        day = today - datetime.timedelta(days=age)
        DailyCount.objects.create(day=day, kind=Kind.PAGE, page_type="home", language="en", count=9)
        Feedback.objects.create(created=day, page_type="fiche", path="/en/fiche/x/", language="en", useful=True)
    call_command("flush_stats", verbosity=0)
    assert sorted((today - day).days for day in DailyCount.objects.values_list("day", flat=True)) == [10, 400]
    assert sorted((today - day).days for day in Feedback.objects.values_list("created", flat=True)) == [10, 400]


def test_the_counting_middleware_comes_before_the_page_cache(settings):
    order = settings.MIDDLEWARE
    assert order.index("stats.middleware.CountingMiddleware") < order.index("portal.caching.PageCacheMiddleware")
