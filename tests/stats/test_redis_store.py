"""The Redis store's flush protocol (rename, leftover batches, one flush at a time), against a small
in-memory stand-in for the few Redis commands it uses; the real server is used by the benchmark."""

import fnmatch

import pytest
from django.utils import timezone

from stats import counting
from stats.flushing import flush
from stats.models import DailyCount

pytestmark = pytest.mark.django_db


class FakeRedis:
    def __init__(self):
        self.data = {}

    def _key(self, key):
        return key.encode() if isinstance(key, str) else key

    def pipeline(self, transaction=False):
        return FakePipeline(self)

    def hincrby(self, key, field, number):
        fields = self.data.setdefault(self._key(key), {})
        fields[field.encode()] = fields.get(field.encode(), 0) + number

    def expire(self, key, seconds):
        pass

    def set(self, key, value, nx=False, ex=None):
        if nx and self._key(key) in self.data:
            return None
        self.data[self._key(key)] = value.encode()
        return True

    def get(self, key):
        return self.data.get(self._key(key))

    def delete(self, key):
        self.data.pop(self._key(key), None)

    def scan_iter(self, match, count=None):
        return [key for key in list(self.data) if fnmatch.fnmatchcase(key.decode(), match)]

    def rename(self, old, new):
        self.data[self._key(new)] = self.data.pop(self._key(old))

    def hgetall(self, key):
        return {field: str(number).encode() for field, number in self.data.get(self._key(key), {}).items()}


class FakePipeline:
    def __init__(self, client):
        self.client, self.calls = client, []

    def __getattr__(self, name):
        return lambda *args: self.calls.append((name, args))

    def execute(self):
        for name, args in self.calls:
            getattr(self.client, name)(*args)


def today():
    return timezone.localdate().isoformat()


def test_a_flush_takes_every_day_and_leaves_new_counts_for_the_next():
    client = FakeRedis()
    store = counting.RedisStore(client, "mobility")
    store.add({(today(), "p|en|home||"): 3, ("2026-01-01", "p|fr|home||"): 2})
    assert set(client.data) == {f"mobility:stats:counts:{today()}".encode(), b"mobility:stats:counts:2026-01-01"}
    report = flush(store)
    assert report.batches == 2 and not client.data  # batches deleted, lock released
    assert sorted(DailyCount.objects.values_list("language", "count")) == [("en", 3), ("fr", 2)]
    store.add({(today(), "p|en|home||"): 1})
    flush(store)
    assert DailyCount.objects.get(language="en").count == 4


def test_a_batch_left_by_a_flush_that_stopped_is_taken_by_the_next():
    client = FakeRedis()
    client.hincrby(f"mobility:stats:batch:abc:{today()}", "p|en|home||", 5)
    flush(counting.RedisStore(client, "mobility"))
    assert DailyCount.objects.get().count == 5 and not client.data


def test_a_second_flush_at_the_same_time_does_nothing():
    client = FakeRedis()
    first = counting.RedisStore(client, "mobility")
    first.add({(today(), "p|en|home||"): 3})
    client.set("mobility:stats:flush-lock", "someone else", nx=True)
    with pytest.raises(counting.AnotherFlushRunning):
        flush(first)
    assert not DailyCount.objects.exists()
    assert client.get("mobility:stats:flush-lock") == b"someone else"  # not released by the refused flush
    client.delete("mobility:stats:flush-lock")
    flush(first)
    assert DailyCount.objects.get().count == 3


def test_a_failed_write_leaves_the_batch_in_redis(monkeypatch):
    client = FakeRedis()
    store = counting.RedisStore(client, "mobility")
    store.add({(today(), "p|en|home||"): 2})
    monkeypatch.setattr("stats.flushing.increment", lambda *args: (_ for _ in ()).throw(RuntimeError("db down")))
    with pytest.raises(RuntimeError):
        flush(store)
    monkeypatch.undo()
    assert any(key.startswith(b"mobility:stats:batch:") for key in client.data)
    flush(counting.RedisStore(client, "mobility"))
    assert DailyCount.objects.get().count == 2
