"""Benchmark of the public pages under gunicorn with the production settings, side by side with a bare
Django view in the same run (issue 17). Prints figures and whether each target is met; asserts
nothing, exits 0 when the run itself worked, and is not part of the test suite.

    make bench                                     # SQLite file and local-memory cache, in a temp folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mobility_bench REDIS_URL=redis://127.0.0.1:6379/5 make bench
    .venv/bin/python benchmarks/pages.py --quick   # 3 s per measurement: a smoke run
    .venv/bin/python benchmarks/pages.py --pages result-2,country --connections 16 --duration 5 --workers 3

Options: --workers (gunicorn sync workers, 2), --connections (32), --duration (seconds per measurement,
10; --quick: 3), --threads (wrk threads, 2), --pages (comma-separated names, see --list), --client
(wrk or python; wrk when installed: `apt-get install -y wrk`), --clip-fixtures (see below),
--fiches N (synthetic published fiches added for the query count at a second amount of content,
500), --keep (keep the temporary folder and the servers' logs); `make bench BENCH_ARGS="--quick"`.

What it does, in one run:
1. Database. With DATABASE_URL naming PostgreSQL, the benchmark uses that server but always its own
   database `mobility_bench`, dropped and recreated (no other database is touched); otherwise a
   SQLite file in a temporary folder. It runs `migrate`, `setup_roles`, `load_reference_data` (all
   fixtures/, content included) and `collectstatic` into a temporary STATIC_ROOT (WhiteNoise's
   manifest storage needs it; benchmarks/bench_settings.py is portal.settings.prod with only
   STATIC_ROOT changed). REDIS_URL, when set, is the cache (portal/settings/base.py reads it);
   otherwise each process's local memory. Keys written to Redis are the app's own, with their normal
   expiry (PAGE_CACHE_SECONDS); the benchmark never flushes Redis.
2. Servers. The project (`gunicorn portal.wsgi`) with DEBUG off, a generated SECRET_KEY,
   ALLOWED_HOSTS=127.0.0.1,localhost,.bench.invalid and SECURE_SSL_REDIRECT=false (TLS ends at the
   load balancer in production; wrk speaks plain HTTP), and the bare view (benchmarks/bare.py: a
   constant 25 KB HttpResponse behind SecurityMiddleware and CommonMiddleware only), both with the
   same gunicorn settings (N sync workers). They run side by side; measurements run one at a time.
3. Load. wrk (`-t2 -c32 -d10s`; 3xx and non-2xx are counted, errors shown), or, without wrk, a
   thread-based Python client of this file (one keep-alive connection per thread; its own cost
   shares the machine's cores and the GIL, so it understates every figure, bare view included).
   Requests carry no Accept-Encoding (no gzip), like wrk's.
   The bare view is measured first and again after every page (--bare each; --bare ends: at the
   start and the end only); each page's ratios use the mean of the bare runs just before and after
   it, so that the load of other processes on the machine moves both sides of the ratio.
   - cached: one second of the same load on the same address first (so that every worker's cache
     holds the page, local memory included), then the measurement on that one address.
   - uncached: every request is a different cache key. portal/caching.py keys a page by data
     version, language, scheme, host and full address, so each request carries its own Host header
     (`m<thread>-<n>.bench.invalid`, `w…` in the warm-up, allowed by ALLOWED_HOSTS); on top of that, so that the misses do
     not depend on the host being in the key, result pages add a real `date=` (each request another
     day, going back from today, wrk's thread k from 2,000 × (k-1) days back; all within
     1959-01-01..today+3y; canonical, it goes last), country and fiche pages cycle through every
     country code / published fiche of the sitemap in the four languages. A page the project does
     not cache (no `Cache-Control: public`: robots.txt) is the same either way; the table's
     "server-cached" column says which are. The WSGI handler's kept answers (portal/handler.py) are
     keyed by the Host header too, so they miss alike.
   Every address is checked first: it must answer 200 without a redirect (a non-canonical address
   answers 301, which would measure the redirect); a page that does not is reported and skipped.
   `robots.txt` is measured too, without a target: a trivial view behind the project's whole
   middleware stack, the floor under every page's ratio.
4. Memory: VmRSS of each gunicorn worker (/proc/<pid>/status) after the run.
5. SQL queries per page (in-process, Django's test client, production settings, a fresh Host so the
   page cache misses, the data already loaded): with the content of fixtures/, then again after
   adding --fiches synthetic published fiches to the benchmark database. Also the in-process time of
   each such page, with its page shape kept and rendered afresh. An uncached request above misses
   the page cache but finds its shape (portal/shapes.py) when a request before it had the same rules,
   fiches and outcomes: other dates of the same situation mostly do, as other nationalities of the
   same group would; the "rendered afresh" figure is the cost of a situation met for the first time.
6. Sitemap: when /sitemap.xml is a <sitemapindex>, each part is fetched 5 times sequentially with a
   fresh Host (uncached) and its median kept.

If `load_reference_data` fails on PostgreSQL because a fixture holds a text longer than its column
(SQLite does not check lengths; it happened before commit f1cbcf5), `--clip-fixtures` loads a copy
of fixtures/ with those texts cut to the column's size and prints each cut.

The resolver targets at 5,000 fiches are measured by `benchmarks/resolver.py --fiches 5000`, not here.
"""

import argparse
import datetime
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

TOPICS = (
    "contributions", "health-care", "pension", "incapacity-for-work", "family-benefits", "unemployment",
    "work-accidents", "occupational-diseases", "annual-holidays",
)  # fmt: skip
GERMANY = "/en/leaving/result/?nationality=be&country=de&status=posted-worker"

# name, label, address; the fiche address and the sitemap parts are found at run time.
PAGES = [
    ("result-1", "result, 1 subject", f"{GERMANY}&topic=contributions"),
    ("result-2", "result, 2 subjects", f"{GERMANY}&topic=contributions&topic=health-care"),
    (
        "result-9",
        "result, 9 subjects",
        "/en/leaving/result/?nationality=be&country=th&status=employee"
        + "".join(f"&topic={t}" for t in TOPICS)
        + "&region=flanders",
    ),
    ("country", "country page", "/en/countries/de/"),
    ("home", "home `/en/`", "/en/"),
    ("start", "start `/en/leaving/`", "/en/leaving/"),
    ("question", "question, country list", "/en/leaving/country/?nationality=be"),
    ("fiche", "fiche page", None),
    ("sitemap", "`sitemap.xml`", "/sitemap.xml"),
    # Not a target: the project's whole middleware stack around a trivial view, the floor of every page.
    ("robots", "`robots.txt` (floor, no target)", "/robots.txt"),
]
DIAGNOSTIC = {"robots"}
LANGUAGES = ("en", "fr", "nl", "de")


def log(*args):
    print(*args, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- database and servers -------------------------------------------------------------------------


def prepare_database(args, tmp):
    """The DATABASE_URL of the benchmark's own database, created empty."""
    url = os.environ.get("DATABASE_URL", "")
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.startswith("postgres"):
        import psycopg

        bench = parts._replace(path="/mobility_bench").geturl()
        admin = parts._replace(path="/postgres").geturl()
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute("DROP DATABASE IF EXISTS mobility_bench WITH (FORCE)")
            connection.execute("CREATE DATABASE mobility_bench")
        log(f"database: PostgreSQL {parts.hostname}:{parts.port or 5432}, database mobility_bench (recreated)")
        return bench
    if url:
        log(f"DATABASE_URL {parts.scheme}:… is not PostgreSQL; using a temporary SQLite file instead")
    path = tmp / "bench.sqlite3"
    log(f"database: SQLite {path}")
    return f"sqlite:///{path}"


def app_environment(args, tmp, database_url):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="benchmarks.bench_settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost,.bench.invalid",
        SECURE_SSL_REDIRECT="false",
        BENCH_STATIC_ROOT=str(tmp / "static"),
        DATABASE_URL=database_url,
        PYTHONPATH=str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
    )
    if os.environ.get("REDIS_URL"):
        log(f"cache: Redis {os.environ['REDIS_URL']} (django.core.cache.backends.redis.RedisCache)")
    else:
        env.pop("REDIS_URL", None)
        log("cache: local memory of each worker (no REDIS_URL)")
    return env


def manage(env, *command):
    started = time.perf_counter()
    result = subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        sys.stderr.write(result.stdout + result.stderr)
        hint = ""
        if "value too long" in result.stderr:
            hint = "; a fixture holds a text longer than its column: --clip-fixtures (BENCH_ARGS=--clip-fixtures) loads a cut copy"
        raise SystemExit(f"manage.py {' '.join(command)} failed ({result.returncode}){hint}")
    log(f"  manage.py {' '.join(command)}: {time.perf_counter() - started:.1f} s")


class Server:
    def __init__(self, name, app, env, workers, tmp):
        self.name, self.port = name, free_port()
        self.log_path = tmp / f"{name}.log"
        gunicorn = Path(PYTHON).with_name("gunicorn")
        command = [str(gunicorn) if gunicorn.exists() else "gunicorn", app, "--workers", str(workers),
                   "--worker-class", "sync", "--bind", f"127.0.0.1:{self.port}", "--no-control-socket"]  # fmt: skip
        self.command = command
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=open(self.log_path, "w"), stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def wait(self, path, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                status, _, _ = fetch(self.port, path)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit(f"{self.name} did not start; its log:\n{self.log_path.read_text()[-3000:]}")

    def workers(self):
        """(pid, VmRSS in kB) of the master's children."""
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            if fields.get("PPid", "").strip() == str(self.process.pid):
                found.append((int(entry.name), int(fields.get("VmRSS", "0 kB").split()[0])))
        return sorted(found)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def fetch(port, path, host=None, timeout=30):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": host or f"127.0.0.1:{port}"})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


# --- addresses ------------------------------------------------------------------------------------


def sitemap_locations(port):
    """(is an index, part addresses, page addresses) of /sitemap.xml, paths only."""
    status, _, body = fetch(port, "/sitemap.xml")
    if status != 200:
        return False, [], []
    text = body.decode()
    locations = [urllib.parse.urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", text)]
    if "<sitemapindex" in text:
        # Parts keep their query string (a paginated section is /sitemap-x.xml?p=2).
        locations = [relative(loc.replace("&amp;", "&")) for loc in re.findall(r"<loc>([^<]+)</loc>", text)]
        pages = []
        for part in locations:
            status, _, body = fetch(port, part)
            if status == 200:
                pages += [urllib.parse.urlsplit(u).path for u in re.findall(r"<loc>([^<]+)</loc>", body.decode())]
        return True, locations, pages
    return False, ["/sitemap.xml"], locations


def relative(url):
    parts = urllib.parse.urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def variants(name, path, site_pages, today):
    """The uncached run's addresses: a real parameter that changes the key, where the page has one
    (the Host header changes on every request as well)."""
    if name.startswith("result"):
        last = today + datetime.timedelta(days=3 * 365)
        days = [(today - datetime.timedelta(days=n)).isoformat() for n in range(0, 20000)]
        days += [(today + datetime.timedelta(days=n)).isoformat() for n in range(1, (last - today).days)]
        return [f"{path}&date={day}" for day in days]
    if name == "country":
        codes = sorted({m.group(1) for p in site_pages if (m := re.fullmatch(r"/[a-z]{2}/countries/([a-z]+)/", p))})
        return [f"/{lang}/countries/{code}/" for code in codes for lang in LANGUAGES] or [path]
    if name == "fiche":
        slugs = sorted({m.group(1) for p in site_pages if (m := re.fullmatch(r"/[a-z]{2}/fiche/([^/]+)/", p))})
        return [f"/{lang}/fiche/{slug}/" for slug in slugs for lang in LANGUAGES] or [path]
    return [path]


# --- load generators ------------------------------------------------------------------------------

WRK_DONE = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCHJSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50": %d, "p90": %d, "p99": %d,' ..
    ' "max": %d, "connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
"""

WRK_VARY = r"""
local paths = {}
for line in io.lines(PATHS_FILE) do paths[#paths + 1] = line end
local counter = 0
local threads = 0
local prefix = PREFIX
id, offset = 0, 0  -- globals: setup() sets them in each thread's own Lua state

setup = function(thread)
  threads = threads + 1
  thread:set("id", threads)
  thread:set("offset", (threads - 1) * 2000)  -- each thread its own run of addresses
end

request = function()
  counter = counter + 1
  local path = paths[((offset + counter - 1) % #paths) + 1]
  return wrk.format("GET", path, {["Host"] = string.format("%s%d-%d.bench.invalid", prefix, id, counter)})
end
"""


def run_wrk(args, port, path, tmp, *, duration, vary=None, prefix="m"):
    script = tmp / "wrk.lua"
    if vary:
        paths_file = tmp / "paths.txt"
        paths_file.write_text("\n".join(vary) + "\n")
        body = WRK_VARY.replace("PATHS_FILE", json.dumps(str(paths_file))).replace("PREFIX", json.dumps(prefix))
        script.write_text(body + WRK_DONE)
    else:
        script.write_text(WRK_DONE)
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{duration}s", "--timeout", "10s",
               "-s", str(script), f"http://127.0.0.1:{port}{path}"]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True)
    line = next((x for x in result.stdout.splitlines() if x.startswith("BENCHJSON ")), None)
    if result.returncode or line is None:
        raise RuntimeError(f"wrk failed: {result.stdout}{result.stderr}")
    raw = json.loads(line.removeprefix("BENCHJSON "))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    errors = raw["connect"] + raw["read"] + raw["write"] + raw["timeout"]
    return {
        "rps": raw["requests"] / (raw["duration_us"] / 1e6),
        "requests": raw["requests"],
        "p50": raw["p50"] / 1000,
        "p99": raw["p99"] / 1000,
        "errors": errors,
        "bad_status": int(non2xx.group(1)) if non2xx else raw["status"],
        "kb": raw["bytes"] / max(raw["requests"], 1) / 1024,
    }


def run_python(args, port, path, tmp, *, duration, vary=None, prefix="m"):
    """A thread per connection, each with one keep-alive HTTP/1.1 connection (reopened when the
    server closes it, as gunicorn's sync workers do after each response)."""
    deadline = time.perf_counter() + duration
    latencies, statuses, sizes, errors = [], {}, [], [0]
    lock = threading.Lock()

    def worker(number):
        connection, count = None, 0
        mine, my_status, my_sizes, my_errors = [], {}, [], 0
        while True:
            start = time.perf_counter()
            if start >= deadline:
                break
            count += 1
            target = vary[(number * 200 + count - 1) % len(vary)] if vary else path
            host = f"{prefix}{number}-{count}.bench.invalid" if vary else f"127.0.0.1:{port}"
            try:
                if connection is None:
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                connection.request("GET", target, headers={"Host": host})
                response = connection.getresponse()
                body = response.read()
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = None
            except (OSError, http.client.HTTPException):
                my_errors += 1
                if connection:
                    connection.close()
                connection = None
                continue
            mine.append(time.perf_counter() - start)
            my_status[response.status] = my_status.get(response.status, 0) + 1
            my_sizes.append(len(body))
        with lock:
            latencies.extend(mine)
            sizes.extend(my_sizes)
            errors[0] += my_errors
            for key, value in my_status.items():
                statuses[key] = statuses.get(key, 0) + value

    began = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(args.connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    latencies.sort()

    def percentile(q):
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000 if latencies else 0.0

    return {
        "rps": len(latencies) / elapsed,
        "requests": len(latencies),
        "p50": percentile(0.50),
        "p99": percentile(0.99),
        "errors": errors[0],
        "bad_status": sum(v for k, v in statuses.items() if not 200 <= k < 300),
        "kb": (sum(sizes) / len(sizes) / 1024) if sizes else 0.0,
    }


# --- SQL queries per page -------------------------------------------------------------------------


def count_queries(paths, fiches):
    """Runs inside a subprocess with the benchmark's environment; prints JSON."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    client = Client()
    counter = iter(range(10**9))

    def measure():
        counts = {}
        for name, path in paths.items():
            client.get(path, HTTP_HOST=f"q{next(counter)}.bench.invalid")  # loads the data if needed
            with CaptureQueriesContext(connection) as context:
                response = client.get(path, HTTP_HOST=f"q{next(counter)}.bench.invalid")
            counts[name] = [len(context.captured_queries), response.status_code, len(response.content)]
        return counts

    def render_times(rounds=40):
        """Median ms per page in this process (no server, no load), the page cache missed by a fresh
        Host each time: with the page shapes kept (portal/shapes.py) and with them dropped before
        every request (the whole page rendered afresh)."""
        import time as clock

        from situations.data import current_data

        times = {}
        for name, path in paths.items():
            found = {}
            for kept in (True, False):
                spent = []
                for _ in range(rounds):
                    if not kept:
                        current_data().shapes.items.clear()
                    started = clock.perf_counter()
                    client.get(path, HTTP_HOST=f"r{next(counter)}.bench.invalid")
                    spent.append((clock.perf_counter() - started) * 1000)
                found["kept" if kept else "afresh"] = statistics.median(spent)
            times[name] = found
        return times

    before = measure()
    render = render_times()
    from factsheets.models import Fiche, Institution, Revision
    from situations.models import Criterion, Topic

    existing = Fiche.objects.count()
    institution = Institution.objects.order_by("pk").first()
    topics = list(Topic.objects.order_by("pk"))
    for number in range(fiches):
        fiche = Fiche.objects.create(slug=f"bench-synthetic-{number}", institution=institution, order=10_000 + number)
        Revision.objects.create(
            fiche=fiche, number=1, state="published", publish_from=timezone.now() - datetime.timedelta(days=1),
            title_en=f"Synthetic fiche {number}", summary_en="Summary.", body_en="Some **Markdown** text.",
            last_reviewed=timezone.localdate(),
        )  # fmt: skip
        Criterion.objects.create(fiche=fiche, topic=topics[number % len(topics)], regime_none=True)
    after = measure()
    print("QUERYJSON " + json.dumps({"fiches_before": existing, "fiches_after": Fiche.objects.count(),
                                     "before": before, "after": after, "render": render}))  # fmt: skip


def clip_fixtures(target):
    """Runs inside a subprocess: copies fixtures/ into `target`, cutting every text longer than its
    field's max_length (SQLite stores them, PostgreSQL refuses them), and says what it cut."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.apps import apps
    from django.core.exceptions import FieldDoesNotExist

    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    for source in sorted((ROOT / "fixtures").glob("*.json")):
        objects = json.loads(source.read_text())
        for obj in objects:
            model = apps.get_model(obj["model"])
            for name, value in obj.get("fields", {}).items():
                try:
                    field = model._meta.get_field(name)
                except FieldDoesNotExist:
                    continue
                limit = getattr(field, "max_length", None)
                if isinstance(value, str) and limit and len(value) > limit:
                    log(f"  clipped {source.name} {obj['model']} {obj.get('pk', '')} {name}: {len(value)} > {limit}")
                    obj["fields"][name] = value[:limit]
        (target / source.name).write_text(json.dumps(objects, ensure_ascii=False))


# --- the run --------------------------------------------------------------------------------------


def ratio(value, base):
    return value / base if base else 0.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--quick", action="store_true", help="3 s per measurement")
    parser.add_argument("--pages", default=",".join(p[0] for p in PAGES))
    parser.add_argument("--client", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument("--bare", choices=("each", "ends"), default="each",
                        help="measure the bare view after every page (each, the default) or at the start and end only")  # fmt: skip
    parser.add_argument("--fiches", type=int, default=500, help="synthetic fiches for the query count (0: skip)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, SQLite file)")
    parser.add_argument("--list", action="store_true", help="list the pages and exit")
    parser.add_argument("--clip-fixtures", action="store_true",
                        help="load a copy of fixtures/ with texts longer than their field cut to it (a workaround"
                        " while a fixture does not fit PostgreSQL's column sizes; says what it cut)")  # fmt: skip
    parser.add_argument("--count-queries", help=argparse.SUPPRESS)
    parser.add_argument("--clip-fixtures-into", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.clip_fixtures_into:
        clip_fixtures(args.clip_fixtures_into)
        return 0
    if args.count_queries:
        spec = json.loads(args.count_queries)
        count_queries(spec["paths"], spec["fiches"])
        return 0
    if args.list:
        for name, label, path in PAGES:
            log(f"{name:10} {label}: {path or '(found in the sitemap)'}")
        return 0
    if args.quick:
        args.duration = 3
    wanted = [p.strip() for p in args.pages.split(",") if p.strip()]
    unknown = set(wanted) - {p[0] for p in PAGES}
    if unknown:
        parser.error(f"unknown pages: {', '.join(sorted(unknown))} (see --list)")

    client = args.client
    if client == "auto":
        client = "wrk" if shutil.which("wrk") else "python"
    if client == "wrk" and not shutil.which("wrk"):
        parser.error("wrk is not installed (apt-get install -y wrk)")
    if client == "python":
        log("wrk not found (apt-get install -y wrk): using this file's thread-based Python client, which"
            " shares the cores and the GIL: every figure is lower than wrk's")  # fmt: skip
    load = run_wrk if client == "wrk" else run_python

    started = datetime.datetime.now(datetime.timezone.utc)
    tmp = Path(tempfile.mkdtemp(prefix="mobility-bench-"))
    servers = []
    try:
        log(f"machine: {os.cpu_count()} cores, {memory_total()}; {client}, {args.connections} connections,"
            f" {args.duration} s per measurement; gunicorn {args.workers} sync workers; {load_average()}; temp {tmp}")  # fmt: skip
        database_url = prepare_database(args, tmp)
        env = app_environment(args, tmp, database_url)
        if args.clip_fixtures:
            env["BENCH_FIXTURE_DIR"] = str(tmp / "fixtures")
            result = subprocess.run([PYTHON, __file__, "--clip-fixtures-into", env["BENCH_FIXTURE_DIR"]], cwd=ROOT,
                                    env=env, capture_output=True, text=True)  # fmt: skip
            sys.stdout.write(result.stdout)
            if result.returncode:
                raise SystemExit(f"--clip-fixtures failed:\n{result.stderr[-3000:]}")
            log(f"  fixtures loaded from a clipped copy in {env['BENCH_FIXTURE_DIR']} (--clip-fixtures)")
        for command in (["migrate", "--noinput"], ["setup_roles"], ["load_reference_data"],
                        ["collectstatic", "--noinput", "-v", "0"]):  # fmt: skip
            manage(env, *command)
        bare_env = dict(env, DJANGO_SETTINGS_MODULE="benchmarks.bare")
        app = Server("app", "portal.wsgi:application", env, args.workers, tmp)
        servers.append(app)
        bare = Server("bare", "benchmarks.bare:application", bare_env, args.workers, tmp)
        servers.append(bare)
        app.wait("/healthz")
        bare.wait("/")
        log(f"servers: app on :{app.port}, bare view on :{bare.port}")

        is_index, parts, site_pages = sitemap_locations(app.port)
        today = datetime.date.today()
        fiche_paths = sorted(p for p in site_pages if re.fullmatch(r"/en/fiche/[^/]+/", p))
        pages = []
        for name, label, path in PAGES:
            if name not in wanted:
                continue
            if name == "fiche":
                if not fiche_paths:
                    log("fiche: no /en/fiche/ address in the sitemap; skipped")
                    continue
                path = fiche_paths[0]
            status, headers, body = fetch(app.port, path)
            if status != 200:
                log(f"{name}: {path} answered {status} {headers.get('Location', '')}; skipped")
                continue
            vary = variants(name, path, site_pages, today)
            bad = [(v, s) for v in (vary[:3] + vary[-2:]) if (s := fetch(app.port, v, host="check.bench.invalid")[0]) != 200]
            if bad:
                log(f"{name}: uncached addresses do not all answer 200 ({bad}); skipped")
                continue
            server_cached = "public" in headers.get("Cache-Control", "")
            pages.append((name, label, path, vary, server_cached, len(body)))

        def drain(port, idle):
            """Waits until the requests the load generator left queued are served (sync workers still
            answer the connections it closed at the end), so that one measurement never runs into the
            next: the answer to this request comes after theirs."""
            fetch(port, idle, timeout=300)

        def measure(port, path, vary=None, idle="/healthz"):
            load(args, port, path, tmp, duration=1, vary=vary, prefix="w")  # warm-up
            drain(port, idle)
            result = load(args, port, path, tmp, duration=args.duration, vary=vary, prefix="m")
            drain(port, idle)
            return result

        # The bare view before the first page and after each one (--bare each), or at the start and
        # the end only (--bare ends): each page's ratios use the mean of the bare runs around it, so
        # that a change in the machine's load during the run moves both sides of the ratio.
        log("measuring the bare view…")
        bare_runs = [measure(bare.port, "/", idle="/")]
        results = {}
        for number, (name, label, path, vary, server_cached, size) in enumerate(pages):
            log(f"measuring {name} ({path}, {size / 1024:.1f} KB; uncached: {len(vary)} addresses × fresh Host)…")
            results[name] = {"cached": measure(app.port, path), "uncached": measure(app.port, path, vary)}
            if args.bare == "each" or number == len(pages) - 1:
                log("measuring the bare view…")
                bare_runs.append(measure(bare.port, "/", idle="/"))
            results[name]["base"] = (bare_runs[-2]["rps"] + bare_runs[-1]["rps"]) / 2 if args.bare == "each" else None
        if not pages:
            bare_runs.append(measure(bare.port, "/", idle="/"))
        base = (bare_runs[0]["rps"] + bare_runs[-1]["rps"]) / 2
        for name in results:
            results[name]["base"] = results[name]["base"] or base

        app_workers, bare_workers = app.workers(), bare.workers()

        # Sitemap parts, uncached, sequential.
        part_times = []
        if "sitemap" in wanted:
            for part in parts:
                times = []
                for n in range(5):
                    began = time.perf_counter()
                    status, _, body = fetch(app.port, part, host=f"s{n}-{secrets.token_hex(4)}.bench.invalid")
                    times.append((time.perf_counter() - began) * 1000)
                part_times.append((part, statistics.median(times), len(body), status))

        queries = None
        if args.fiches >= 0:
            spec = {"paths": {name: path for name, _, path, *_ in pages}, "fiches": args.fiches}
            result = subprocess.run([PYTHON, __file__, "--count-queries", json.dumps(spec)], cwd=ROOT, env=env,
                                    capture_output=True, text=True)  # fmt: skip
            line = next((x for x in result.stdout.splitlines() if x.startswith("QUERYJSON ")), None)
            if line:
                queries = json.loads(line.removeprefix("QUERYJSON "))
            else:
                log(f"query count failed:\n{(result.stdout + result.stderr)[-3000:]}")

        report(args, client, started, base, bare_runs, pages, results, app_workers, bare_workers,
               is_index, part_times, queries)  # fmt: skip
    finally:
        for server in servers:
            server.stop()
        if args.keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


def git_state():
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True,
                               text=True).stdout.splitlines()  # fmt: skip
    except OSError:
        return "git unavailable"
    if not dirty:
        return f"commit {head}, clean working tree"
    return f"commit {head} plus uncommitted changes to {len(dirty)} tracked file(s) (the run measures the working tree)"


def load_average():
    try:
        return "load average " + " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "load average unknown"


def memory_total():
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        return f"{kb / 1024 / 1024:.1f} GiB RAM"
    except (OSError, AttributeError):
        return "RAM unknown"


def report(args, client, started, base, bare_runs, pages, results, app_workers, bare_workers,
           is_index, part_times, queries):  # fmt: skip
    database = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    cache = "Redis" if os.environ.get("REDIS_URL") else "local memory"
    log("")
    log(f"## Pages, {started:%Y-%m-%d %H:%M} UTC: {os.cpu_count()} cores, {memory_total()}, {database}, {cache}, "
        f"gunicorn {args.workers} sync workers, {client} {args.connections} connections {args.duration} s")  # fmt: skip
    log("")
    log(f"Code: {git_state()}.")
    log(f"Machine load at the end: {load_average()} (other processes share the cores; ratios to the bare view"
        " measured in the same run absorb part of it).")  # fmt: skip
    log("")
    rates = [b["rps"] for b in bare_runs]
    log(f"Bare view: {len(rates)} runs, {min(rates):.0f} to {max(rates):.0f} requests/s (median {statistics.median(rates):.0f};"
        f" p50 {statistics.median(b['p50'] for b in bare_runs):.1f} ms, p99 {statistics.median(b['p99'] for b in bare_runs):.1f} ms);"
        + (" each page's ratios use the mean of the bare runs just before and after it (column \"bare\")."
           if args.bare == "each" else f" ratios use the mean of the first and last, {base:.0f}."))  # fmt: skip
    log("")
    log("| page | KB | server-cached | bare req/s | cached req/s | p50 ms | p99 ms | ratio | uncached req/s | p50 ms | p99 ms | ratio |")
    log("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    notes = []
    for name, label, path, vary, server_cached, size in pages:
        page_base = results[name]["base"]
        row = [label, f"{size / 1024:.1f}", "yes" if server_cached else "no", f"{page_base:.0f}"]
        for kind in ("cached", "uncached"):
            r = results[name][kind]
            row += [f"{r['rps']:.1f}", f"{r['p50']:.1f}", f"{r['p99']:.1f}", f"{ratio(r['rps'], page_base):.2f}"]
            if r["errors"] or r["bad_status"]:
                notes.append(f"{label} {kind}: {r['errors']} socket errors/timeouts, {r['bad_status']} non-2xx")
        log("| " + " | ".join(row) + " |")
    for note in notes:
        log(f"\n- {note}")
    log("")
    log("Addresses: " + "; ".join(f"{name} `{path}`" for name, _, path, *_ in pages))
    log("")
    log("Workers' resident memory after the run (VmRSS): app "
        + ", ".join(f"{kb / 1024:.0f} MB" for _, kb in app_workers)
        + "; bare view " + ", ".join(f"{kb / 1024:.0f} MB" for _, kb in bare_workers))  # fmt: skip
    if part_times:
        log("")
        log(f"Sitemap {'index' if is_index else '(a single file, no index)'}; each part uncached, sequential, median of 5:")
        shown = part_times if len(part_times) <= 8 else sorted(part_times, key=lambda p: -p[1])[:5]
        if len(part_times) > 8:
            log(f"{len(part_times)} parts, median {statistics.median(p[1] for p in part_times):.0f} ms; the 5 slowest:")
        for part, ms, size, status in shown:
            log(f"- `{part}`: {ms:.0f} ms, {size / 1024:.0f} KB, status {status}")
    if queries:
        log("")
        log(f"SQL queries per page (uncached, data loaded): {queries['fiches_before']} fiches → "
            f"{queries['fiches_after']} fiches")  # fmt: skip
        for name in queries["before"]:
            b, a = queries["before"][name], queries["after"][name]
            log(f"- {name}: {b[0]} → {a[0]} queries, page {b[2] / 1024:.1f} KB → {a[2] / 1024:.1f} KB"
                + ("" if b[1] == a[1] == 200 else f" (status {b[1]} → {a[1]})"))  # fmt: skip
        log("")
        log("In-process time per uncached page (Django's test client, median of 40; the same content):")
        for name, found in queries["render"].items():
            log(f"- {name}: {found['kept']:.2f} ms from its page shape, {found['afresh']:.2f} ms rendered afresh")

    # Targets of issue 17, item 2.
    log("")
    log("## Targets (issue 17, item 2)")
    log("")

    def verdict(ok, text):
        log(f"- {'met' if ok else 'NOT met'}: {text}")

    def r(name, kind):
        return ratio(results[name][kind]["rps"], results[name]["base"]) if name in results else None

    cached_pages = [(label, r(name, "cached")) for name, label, _, _, server_cached, _ in pages
                    if server_cached and name not in DIAGNOSTIC]  # fmt: skip
    if cached_pages:
        verdict(all(v >= 0.8 for _, v in cached_pages),
                "every cached page ≥ 0.8: " + ", ".join(f"{label} {v:.2f}" for label, v in cached_pages))  # fmt: skip
    never = [label for name, label, _, _, server_cached, _ in pages if not server_cached and name not in DIAGNOSTIC]
    if never:
        log(f"  (not cached by the project, so not counted above: {', '.join(never)})")
    for name, floor in (("result-2", 0.30), ("result-9", 0.15)):
        value = r(name, "uncached")
        if value is not None:
            verdict(value >= floor, f"{name} uncached ≥ {floor:.2f}: {value:.2f}")
    for name in ("home", "start", "question"):
        if name in results:
            low = min(r(name, "cached"), r(name, "uncached"))
            verdict(low >= 0.5, f"{name} ≥ 0.5: {r(name, 'cached'):.2f} cached, {r(name, 'uncached'):.2f} uncached")
    if "sitemap" in results:
        sitemap_cached = next(c for n, _, _, _, c, _ in pages if n == "sitemap")
        slowest = max((ms for _, ms, _, _ in part_times), default=float("inf"))
        verdict(is_index and sitemap_cached and slowest < 50,
                f"sitemap behind an index ({'yes' if is_index else 'no'}), cached ({'yes' if sitemap_cached else 'no'}),"
                f" each part < 50 ms uncached (slowest {slowest:.0f} ms over {len(part_times)} part(s))")  # fmt: skip
    p99s = [(label, kind, results[name][kind]["p99"]) for name, label, *_ in pages for kind in ("cached", "uncached")
            if name not in DIAGNOSTIC]  # fmt: skip
    if p99s:
        over = [f"{label} {kind} {ms:.0f} ms" for label, kind, ms in p99s if ms >= 100]
        verdict(not over, f"p99 < 100 ms at {args.connections} connections on every page"
                + (f": over on {', '.join(over)}" if over else f" (highest {max(ms for *_, ms in p99s):.0f} ms)"))  # fmt: skip
    if app_workers:
        biggest = max(kb for _, kb in app_workers) / 1024
        verdict(biggest < 150, f"each worker < 150 MB resident: largest {biggest:.0f} MB")
    if queries and queries["fiches_after"] == queries["fiches_before"]:
        log("- not measured: SQL queries per page at two amounts of content (--fiches 0)")
    elif queries:
        changed = [n for n in queries["before"] if queries["before"][n][0] != queries["after"][n][0]]
        verdict(not changed, f"SQL queries per page constant from {queries['fiches_before']} to "
                f"{queries['fiches_after']} fiches" + (f": they change on {', '.join(changed)}" if changed else ""))  # fmt: skip
    if args.connections != 32 or args.workers != 2 or args.duration < 10:
        log(f"  (the targets assume 2 workers, 32 connections, 10 s; this run: {args.workers}, "
            f"{args.connections}, {args.duration} s)")  # fmt: skip
    log("- not measured here: the resolver at 5,000 fiches (benchmarks/resolver.py --fiches 5000)")


if __name__ == "__main__":
    sys.exit(main())
