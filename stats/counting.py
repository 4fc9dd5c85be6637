"""Counting public page views and the situations looked up, at a cost a page does not notice.

A request adds one or two short strings ("fields") to a tally in the memory of its process: no
round trip, no query. Every STATS_PUSH_SECONDS a request of that process pushes the tally into the
shared store, one HINCRBY per field on a hash per day, in a single pipelined round trip to Redis.
`manage.py flush_stats` then moves the hashes into the database (stats/flushing.py).

Fields name what was seen, never who saw it:
- `p|<language>|<page type>|<direction>|<subject>`: a page view (subject: the country, fiche,
  institution or question the page is about);
- `r|<language>|<direction>|<canonical query>`: a result page. The query holds the nationality,
  which only lives in Redis until the next flush: the flush turns it into a nationality group, and
  finds out there which subjects had no fiche, resolving each distinct situation once.

Without Redis (development, tests) the shared store is a dictionary of the process, which the
command flushes when it runs in the same process (the tests). When Redis is down, pages answer as
usual: the tally keeps what it holds (up to MAX_PENDING fields) and is pushed when Redis is back, the
failure is logged once.
"""

import logging
import re
import threading
import time
import uuid
from collections import Counter

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.urls import Resolver404, resolve
from django.utils import timezone, translation

log = logging.getLogger(__name__)

MAX_PENDING = 20_000  # distinct fields kept in a process while the store cannot be reached
MAX_QUERY = 600  # longer queries are not counted as situations (no canonical result has one)
PAUSE_AFTER_FAILURE = 5.0
DAY_KEY_SECONDS = 7 * 24 * 3600  # a day's hash outlives a few missed flushes, not more
SKIPPED_NAMES = ("feedback",)  # url names (prefixes) that are not page views
ROBOTS = re.compile(r"bot|crawl|spider|slurp", re.IGNORECASE)

_languages = None


def languages() -> frozenset:
    global _languages
    if _languages is None:
        _languages = frozenset(code for code, _name in settings.LANGUAGES)
    return _languages


class Classifier:
    """path → (language, page type, direction, subject), or None for what is not a public page.
    Memoised: a site has a bounded number of addresses that answer 200 (only those are asked)."""

    SIZE = 4096

    def __init__(self):
        self.known = {}

    def __call__(self, path: str):
        found = self.known.get(path, False)
        if found is not False:
            return found
        found = self.classify(path)
        if len(self.known) >= self.SIZE:
            self.known.clear()
        self.known[path] = found
        return found

    @staticmethod
    def classify(path: str):
        language = path[1:3]
        if path[3:4] != "/" or language not in languages():
            return None
        try:
            with translation.override(language):
                match = resolve(path)
        except Resolver404:
            return None
        name = match.url_name or ""
        if not name or name.startswith(SKIPPED_NAMES):
            return None
        kwargs = match.kwargs
        subject = kwargs.get("question") or kwargs.get("code") or kwargs.get("slug") or ""
        return (language, name, kwargs.get("direction", ""), str(subject)[:100])


classify = Classifier()


_fields = {}


def fields_of(path: str, meta: dict):
    """The fields a 200 (or 304) GET of `path` counts, or () when it counts nothing; `meta` is the
    WSGI environment (request.META)."""
    return fields_for(
        path,
        meta.get("QUERY_STRING", ""),
        agent=meta.get("HTTP_USER_AGENT"),
        purpose=meta.get("HTTP_SEC_PURPOSE", meta.get("HTTP_PURPOSE", "")),
    )


def fields_for(path: str, query: str, *, agent=None, purpose=""):
    """The fields of a page view of `path?query` (also for the HTTP cache's log, stats/cachelog.py)."""
    if agent and ROBOTS.search(agent):
        return ()
    if purpose and "prefetch" in purpose:
        return ()
    key = (path, query)
    fields = _fields.get(key)
    if fields is None:
        fields = _fields_of(path, query)
        if len(_fields) >= Classifier.SIZE:
            _fields.clear()
        _fields[key] = fields
    return fields


def _fields_of(path, query):
    found = classify(path)
    if found is None:
        return ()
    language, name, direction, subject = found
    fields = (f"p|{language}|{name}|{direction}|{subject}",)
    if name == "result" and query and len(query) <= MAX_QUERY:
        fields += (f"r|{language}|{direction}|{query}",)
    return fields


# Shared stores ------------------------------------------------------------------------------------


class LocalStore:
    """The process's own dictionary: development without Redis, and the tests."""

    def __init__(self):
        self.days, self.lock = {}, threading.Lock()

    def add(self, counts: dict):
        with self.lock:
            for (day, field), number in counts.items():
                fields = self.days.setdefault(day, Counter())
                if field in fields or len(fields) < MAX_PENDING:  # never flushed (development): bounded
                    fields[field] += number

    def claim(self):
        """[(batch name, day, {field: number})] taken out of the store."""
        with self.lock:
            days, self.days = self.days, {}
        return [(f"local:{uuid.uuid4().hex}:{day}", day, dict(fields)) for day, fields in days.items()]

    def release(self, name):
        """The batch is in the database."""

    def give_back(self, day, fields):
        """The batch could not be written: its counts return to the store."""
        self.add({(day, field): number for field, number in fields.items()})

    def unlock(self):
        pass


class AnotherFlushRunning(Exception):
    pass


class RedisStore:
    """A hash per day, `<prefix>:stats:counts:<day>`. A flush renames each day's hash to a batch of its
    own (atomic: counts that arrive meanwhile start a new hash), and deletes the batch once the
    database holds it; a batch left by a flush that stopped is taken by the next one."""

    LOCK_SECONDS = 600

    def __init__(self, client, prefix: str):
        self.client, self.prefix = client, f"{prefix}:stats:" if prefix else "stats:"
        self.token = uuid.uuid4().hex

    def day_key(self, day) -> str:
        return f"{self.prefix}counts:{day}"

    def add(self, counts: dict):
        pipe = self.client.pipeline(transaction=False)
        days = set()
        for (day, field), number in counts.items():
            pipe.hincrby(self.day_key(day), field, number)
            days.add(day)
        for day in days:
            pipe.expire(self.day_key(day), DAY_KEY_SECONDS)
        pipe.execute()

    def claim(self):
        if not self.client.set(f"{self.prefix}flush-lock", self.token, nx=True, ex=self.LOCK_SECONDS):
            raise AnotherFlushRunning
        for key in list(self.client.scan_iter(match=f"{self.prefix}counts:*", count=500)):
            day = key.decode().rsplit(":", 1)[1]
            try:
                self.client.rename(key, f"{self.prefix}batch:{uuid.uuid4().hex}:{day}")
            except Exception:  # gone meanwhile (expired): nothing to take
                log.debug("stats: %s vanished before its flush", key)
        batches = []
        for key in self.client.scan_iter(match=f"{self.prefix}batch:*", count=500):
            name = key.decode()
            fields = {f.decode(): int(n) for f, n in self.client.hgetall(key).items()}
            batches.append((name[len(self.prefix):], name.rsplit(":", 1)[1], fields))
        return batches

    def release(self, name):
        self.client.delete(f"{self.prefix}{name}")

    def give_back(self, day, fields):
        """A batch that failed stays in Redis under its name; the next flush takes it."""

    def unlock(self):
        key = f"{self.prefix}flush-lock"
        if self.client.get(key) == self.token.encode():
            self.client.delete(key)


_local_store = LocalStore()


def store():
    """Redis when Django's cache is Redis (the same server and short timeouts), else the local store."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        return RedisStore(backend._cache.get_client(write=True), backend.key_prefix)
    return _local_store


# The tally of a process ---------------------------------------------------------------------------


class Tally:
    def __init__(self):
        self.counts, self.lock = Counter(), threading.Lock()
        self.pushed_at = time.monotonic()
        self.paused_until = 0.0
        self.failing = False
        self.dropped = 0
        self.day, self.day_checked_at = "", float("-inf")

    def add(self, fields):
        now = time.monotonic()
        if now >= self.day_checked_at + 1:  # the date, read once a second (it costs more than the rest)
            self.day, self.day_checked_at = timezone.localdate().isoformat(), now
        day = self.day
        with self.lock:
            counts = self.counts
            for field in fields:
                key = (day, field)
                if key in counts or len(counts) < MAX_PENDING:
                    counts[key] += 1
                else:
                    self.dropped += 1
        if now - self.pushed_at >= settings.STATS_PUSH_SECONDS and now >= self.paused_until:
            self.push()

    def push(self):
        """Hands the tally to the shared store; on failure keeps it and pauses (logged once)."""
        with self.lock:
            counts, self.counts = self.counts, Counter()
            self.pushed_at = time.monotonic()
        if not counts:
            return
        try:
            store().add(counts)
        except Exception:
            with self.lock:
                for key, number in counts.items():
                    if key in self.counts or len(self.counts) < MAX_PENDING:
                        self.counts[key] += number
                    else:
                        self.dropped += number
            self.paused_until = time.monotonic() + PAUSE_AFTER_FAILURE
            if not self.failing:
                self.failing = True
                log.warning("statistics: the counters' store is unavailable; counts wait in memory", exc_info=True)
            return
        if self.failing:
            self.failing = False
            log.warning("statistics: the counters' store is back (%s counts dropped meanwhile)", self.dropped)
            self.dropped = 0


tally = Tally()
