"""The stack the fault and coherence tests run against: ops/stack.py's own, started by a module-scoped
fixture with its state in .stack/test/ and ports of its own (so that a `make stack` left running on
8080… is not disturbed), and stopped after the module, whatever happened.

Ports: STACK_TEST_PORT (18080) for nginx, the next two for the app instances; Redis on
STACK_TEST_PORT - 1690 (16390), PostgreSQL on STACK_TEST_PORT - 2640 (15440). PostgreSQL is a
dedicated instance (initdb/pg_ctl), never the machine's shared cluster: fault (b) restarts it, which
other work on the machine must not feel.
"""

import hashlib
import http.client
import json
import os
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "ops"))

import stack as ops_stack  # noqa: E402

GERMANY = "/en/leaving/result/?nationality=be&country=de&status=posted-worker"


def test_config():
    base = int(os.environ.get("STACK_TEST_PORT", "18080"))
    return ops_stack.Config.from_env(
        state=ROOT / ".stack" / "test",
        port=base,
        app_ports=(base + 1, base + 2),
        redis_port=base - 1690,
        pg_port=base - 2640,
        page_cache_seconds=int(os.environ.get("STACK_TEST_PAGE_CACHE_SECONDS", "5")),
    )


@pytest.fixture(scope="module")
def stack():
    cfg = test_config()
    ops_stack.stop(cfg)  # what a crashed earlier run may have left
    try:
        ops_stack.start(cfg)
        yield cfg
    finally:
        ops_stack.stop(cfg)


# --- what an editor does, and what the database holds ---------------------------------------------

SAVE_SCRIPT = """
import json
from django.contrib.auth import get_user_model
from factsheets import workflow
from factsheets.models import Fiche

user, _ = get_user_model().objects.get_or_create(
    username="stack-editor", defaults={"is_staff": True, "is_superuser": True, "email": "stack-editor@example.invalid"})
fiche = Fiche.objects.get(slug=SLUG)
draft = workflow.new_draft(fiche, user, comment="tests/stack: a save")
draft.title_en = TITLE
draft.save()
workflow.submit(draft, user)
workflow.publish(draft, user, change_note="tests/stack: a save")
print("SAVED " + json.dumps({"pk": draft.pk, "number": draft.number, "title": draft.title_en}))
"""

PICK_SCRIPT = """
from factsheets.models import Revision
print("SLUG " + Revision.objects.live().order_by("fiche__slug").first().fiche.slug)
"""

STATE_SCRIPT = """
import hashlib, json
from django.apps import apps
from factsheets.models import Revision

counts = {m._meta.label: m._base_manager.count() for m in apps.get_models()}
fields = [f"{name}_{lang}" for name in Revision.ALL_TEXT_FIELDS for lang in Revision.LANGUAGES]
texts = {}
for row in Revision.objects.order_by("pk").values_list("pk", *fields):
    texts[row[0]] = hashlib.sha256(json.dumps(row[1:]).encode()).hexdigest()
print("STATE " + json.dumps({"counts": counts, "revisions": texts}))
"""


def _shell(cfg, script, marker, **values):
    code = "".join(f"{name} = {value!r}\n" for name, value in values.items()) + script
    result = ops_stack.manage(cfg, "shell", "-c", code, timeout=120, check=False)
    lines = [line for line in result.stdout.splitlines() if line.startswith(marker + " ")]
    assert result.returncode == 0 and lines, f"manage.py shell failed:\n{result.stdout}\n{result.stderr[-3000:]}"
    return lines[-1][len(marker) + 1 :]


def pick_fiche(cfg) -> str:
    return _shell(cfg, PICK_SCRIPT, "SLUG")


def editor_save(cfg, slug, title) -> dict:
    """An editor's save and publication (workflow.new_draft, submit, publish: what the admin calls) in
    a process of its own with the stack's settings; returns the new revision's pk, number and title."""
    return json.loads(_shell(cfg, SAVE_SCRIPT, "SAVED", SLUG=slug, TITLE=title))


def database_state(cfg) -> dict:
    """Row counts of every model, and a hash of each revision's texts (every field, every language)."""
    state = json.loads(_shell(cfg, STATE_SCRIPT, "STATE"))
    state["revisions"] = {int(pk): digest for pk, digest in state["revisions"].items()}
    state["hash"] = hashlib.sha256(json.dumps(sorted(state["revisions"].items())).encode()).hexdigest()
    return state


# --- HTTP -----------------------------------------------------------------------------------------


def get(port, path, timeout=10.0):
    """(status, headers, body); status -1 with the error's name in headers when it failed."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    except (OSError, http.client.HTTPException) as error:
        return -1, {"error": type(error).__name__}, b""
    finally:
        connection.close()


def wait_for(check, timeout, interval=0.05):
    """Seconds until check() is true, or None after `timeout`."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if check():
            return time.monotonic() - started
        time.sleep(interval)
    return None


class Load:
    """A steady, bounded load through nginx: `threads` clients, each one request at a time (a new
    connection each) with a short pause, over a mix of public pages: some the HTTP cache keeps (country,
    fiche pages: max-age PAGE_CACHE_SECONDS), the home page (never cached), and result pages that miss
    every cache (each request another `date=`), so that the app instances work during every fault.
    Every request is recorded: (start on time.time(), seconds, path, status; -1 for a failed request)."""

    def __init__(self, port, fiche_slug, threads=4, pause=0.02):
        self.port, self.threads, self.pause = port, threads, pause
        self.fixed = ["/en/", "/en/countries/de/", "/fr/countries/fr/", f"/en/fiche/{fiche_slug}/",
                      f"/nl/fiche/{fiche_slug}/", "/en/leaving/"]  # fmt: skip
        self.records = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._workers = []

    def _paths(self, number):
        day = 0
        while True:
            for path in self.fixed:
                yield path
                day += 1
                yield f"{GERMANY}&topic=contributions&date={_day(number, day)}"

    def _run(self, number):
        for path in self._paths(number):
            if self._stop.is_set():
                return
            started = time.time()
            status, _, _ = get(self.port, path)
            with self._lock:
                self.records.append((started, time.time() - started, path, status))
            time.sleep(self.pause)

    def start(self):
        for number in range(self.threads):
            worker = threading.Thread(target=self._run, args=(number,), name=f"load-{number}", daemon=True)
            worker.start()
            self._workers.append(worker)
        return self

    def stop(self):
        self._stop.set()
        for worker in self._workers:
            worker.join(15)

    def window(self, start, end):
        with self._lock:
            return [r for r in self.records if start <= r[0] <= end]


def _day(thread, n):
    import datetime

    return (datetime.date.today() - datetime.timedelta(days=(thread * 3000 + n) % 12000)).isoformat()


def summary(records) -> dict:
    latencies = sorted(r[1] for r in records)
    errors = [r for r in records if r[3] >= 500 or r[3] < 0]
    return {
        "requests": len(records),
        "5xx": sum(1 for r in records if r[3] >= 500),
        "failed": sum(1 for r in records if r[3] < 0),
        "non_200": sum(1 for r in records if r[3] != 200),
        "p50_ms": round(1000 * latencies[len(latencies) // 2], 1) if latencies else None,
        "max_ms": round(1000 * latencies[-1], 1) if latencies else None,
        "error_samples": [(round(r[0], 3), r[2], r[3]) for r in errors[:5]],
    }
