"""Counting the pages an HTTP cache in front of the app answers itself (nginx's proxy_cache): the app
never sees those requests, so CountingMiddleware cannot count them. nginx writes them to a log of
its own, without any address:

    log_format portal_counts '$time_iso8601 $request_method $upstream_cache_status $status "$request_uri" "$http_user_agent"';
    access_log /var/log/nginx/portal-counts.log portal_counts;

`manage.py count_cache_hits /var/log/nginx/portal-counts.log --state /var/lib/mobility/counts.state`
adds the cache's own answers (HIT, STALE, UPDATING) to the counters, exactly as the middleware would
have; misses, bypasses, expired and revalidated entries reached the app and are counted there.
The state file remembers how far the log was read (its inode and offset), so each line counts once.
"""

import datetime
import json
import os
import re
from collections import Counter
from urllib.parse import unquote

from django.utils import timezone

from . import counting

LINE = re.compile(r'^(?P<time>\S+) (?P<method>\S+) (?P<cache>\S+) (?P<status>\d{3}) "(?P<uri>[^"]*)" "(?P<agent>[^"]*)"$')
# REVALIDATED is not among them: nginx asked the app (a conditional GET, which the app counted).
ANSWERED_BY_THE_CACHE = frozenset({"HIT", "STALE", "UPDATING"})


def counts_of(lines) -> tuple[Counter, int]:
    """(Counter {(day, field): n}, number of lines that are not in the expected format)."""
    counts, malformed = Counter(), 0
    for line in lines:
        found = LINE.match(line.rstrip("\r\n"))
        if found is None:
            malformed += 1
            continue
        if found["method"] != "GET" or found["status"] not in ("200", "304") or found["cache"] not in ANSWERED_BY_THE_CACHE:
            continue
        path, _, query = found["uri"].partition("?")
        fields = counting.fields_for(unquote(path), query, agent=found["agent"] if found["agent"] != "-" else None)
        if not fields:
            continue
        try:
            moment = datetime.datetime.fromisoformat(found["time"])
        except ValueError:
            malformed += 1
            continue
        day = timezone.localdate(moment if moment.tzinfo else timezone.make_aware(moment)).isoformat()
        for field in fields:
            counts[(day, field)] += 1
    return counts, malformed


def read_new_lines(path, state_path):
    """The complete lines added to the log since the last run (from the start after a rotation), and
    the state to save once they are counted."""
    info = os.stat(path)
    state = {}
    if state_path and os.path.exists(state_path):
        with open(state_path) as handle:
            state = json.load(handle)
    offset = state.get("offset", 0) if state.get("inode") == info.st_ino and state.get("offset", 0) <= info.st_size else 0
    with open(path, "rb") as handle:
        handle.seek(offset)
        data = handle.read()
    end = data.rfind(b"\n") + 1  # a line being written is left for the next run
    lines = data[:end].decode("utf-8", errors="replace").splitlines()
    return lines, {"inode": info.st_ino, "offset": offset + end}


def save_state(state_path, state):
    if not state_path:
        return
    temporary = f"{state_path}.tmp"
    with open(temporary, "w") as handle:
        json.dump(state, handle)
    os.replace(temporary, state_path)
