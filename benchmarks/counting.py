"""What counting the pages costs (issue 21): a cached result page under gunicorn with counting on and
off, in the same run. Prints figures and asserts nothing; not part of the test suite.

    REDIS_URL=redis://127.0.0.1:6379/8 .venv/bin/python benchmarks/counting.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x REDIS_URL=… .venv/bin/python benchmarks/counting.py --rounds 5

Two servers of the project run side by side, with the production settings and the same environment
(benchmarks/pages.py's), but for STATS_COUNTING: `true` on one, `false` on the other (the middleware
then leaves the stack altogether). The load (wrk, or pages.py's Python client) goes to one at a time,
off then on, `--rounds` times, each measurement after a one-second warm-up on the same address, so
that every worker's page cache holds the page: what is measured is a cache hit, counting included.
The cost is 1 - (requests per second with counting) / (without), on the means of the rounds. On a
machine that other processes load, requests per second move by more than 5 % from one run to the next;
so the benchmark first measures the same thing in process, which such load hardly moves: the CPU time
of a cached result page through Django's WSGI handler (no HTTP server, so the share of counting is
larger than under gunicorn), counting off and on, alternately, 15 rounds of 3,000 pages (the fastest round of each side is the
figure least moved by other processes).

With REDIS_URL the counters go to Redis (a pipelined push every STATS_PUSH_SECONDS per worker), and
at the end `flush_stats` moves them into the benchmark's database and the counted page views are
compared with the requests the server answered. Without it each worker keeps its counts in its own
memory (the development fallback); the cost is measured the same way, the check is skipped.

Options: --rounds (3), --duration (seconds per measurement, 10), --workers (2), --connections (32),
--threads (wrk, 2), --client (auto, wrk, python), --page (a result address), --keep.
The database is the benchmark's own: a SQLite file in a temporary folder, or, with DATABASE_URL naming
PostgreSQL, the database `mobility_bench_counting` on that server, dropped and recreated.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.pages import (  # noqa: E402
    GERMANY,
    PYTHON,
    ROOT,
    Server,
    app_environment,
    fetch,
    load_average,
    log,
    manage,
    memory_total,
    run_python,
    run_wrk,
)

DATABASE = "mobility_bench_counting"


def prepare_database(tmp):
    url = os.environ.get("DATABASE_URL", "")
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.startswith("postgres"):
        import psycopg

        admin = parts._replace(path="/postgres").geturl()
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
            connection.execute(f"CREATE DATABASE {DATABASE}")
        log(f"database: PostgreSQL {parts.hostname}:{parts.port or 5432}, database {DATABASE} (recreated)")
        return parts._replace(path=f"/{DATABASE}").geturl()
    path = tmp / "bench.sqlite3"
    log(f"database: SQLite {path}")
    return f"sqlite:///{path}"


def counted_views(env, path):
    """flush_stats, then the page views of `path`'s page type counted in the database."""
    manage(env, "flush_stats", "--no-prune")
    code = (
        "from stats.models import DailyCount; from django.db.models import Sum; "
        "print(DailyCount.objects.filter(kind='page', page_type='result').aggregate(n=Sum('count'))['n'] or 0)"
    )
    result = subprocess.run([PYTHON, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    return int(result.stdout.strip().splitlines()[-1]) if result.returncode == 0 else None


IN_PROCESS = r"""
import io, json, statistics, sys, time
import django
django.setup()
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from stats.counting import tally

page, requests, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
path, _, query = page.partition("?")
settings.STATS_COUNTING = False
off = WSGIHandler()
settings.STATS_COUNTING = True
on = WSGIHandler()
environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, "SERVER_NAME": "127.0.0.1",
           "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1", "REMOTE_ADDR": "127.0.0.1", "SERVER_PROTOCOL": "HTTP/1.1",
           "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(b""), "wsgi.errors": sys.stderr}

def run(handler, n):
    for _ in range(n):
        body = handler(dict(environ), lambda status, headers, exc_info=None: None)
        assert b"".join(body), "empty page"

run(off, 200); run(on, 200)  # the page cache holds the page, the data is loaded
times = {"off": [], "on": []}
for _ in range(rounds):
    for name, handler in (("off", off), ("on", on)):
        began = time.process_time()
        run(handler, requests)
        times[name].append((time.process_time() - began) / requests * 1e6)
print("INPROCESS " + json.dumps({"off": times["off"], "on": times["on"], "counted": sum(tally.counts.values())}))
"""


def in_process(env, page, requests=3000, rounds=15):
    """CPU time per cached page through Django's WSGI handler, counting off and on, alternately."""
    result = subprocess.run([PYTHON, "-c", IN_PROCESS, page, str(requests), str(rounds)], cwd=ROOT, env=env,
                            capture_output=True, text=True)  # fmt: skip
    line = next((x for x in result.stdout.splitlines() if x.startswith("INPROCESS ")), None)
    if line is None:
        log(f"in-process measurement failed:\n{(result.stdout + result.stderr)[-3000:]}")
        return
    import json

    found = json.loads(line.removeprefix("INPROCESS "))
    log(f"in process (Django's WSGI handler, no HTTP server; CPU time per cached page, {rounds} rounds of {requests}):")
    for label, pick in (("fastest round", min), ("median round", statistics.median)):
        off, on = pick(found["off"]), pick(found["on"])
        log(f"  {label}: counting off {off:.1f} µs, on {on:.1f} µs: {on - off:+.1f} µs, {(on / off - 1) * 100:+.1f} %")
    log(f"  rounds off: {', '.join(f'{t:.1f}' for t in found['off'])}; on: {', '.join(f'{t:.1f}' for t in found['on'])}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--client", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument("--page", default=f"{GERMANY}&topic=contributions&topic=health-care")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--in-process-only", action="store_true", help="only the in-process measurement")
    args = parser.parse_args()
    client = args.client if args.client != "auto" else ("wrk" if shutil.which("wrk") else "python")
    load = run_wrk if client == "wrk" else run_python

    tmp = Path(tempfile.mkdtemp(prefix="mobility-bench-counting-"))
    servers = []
    try:
        log(f"machine: {os.cpu_count()} cores, {memory_total()}; {client}, {args.connections} connections, "
            f"{args.duration} s per measurement, {args.rounds} rounds; gunicorn {args.workers} sync workers; "
            f"{load_average()}")  # fmt: skip
        env = app_environment(args, tmp, prepare_database(tmp))
        for command in (["migrate", "--noinput"], ["load_reference_data"], ["collectstatic", "--noinput", "-v", "0"]):
            manage(env, *command)
        in_process(env, args.page)
        if args.in_process_only:
            return 0
        on = Server("counting-on", "portal.wsgi:application", dict(env, STATS_COUNTING="true"), args.workers, tmp)
        off = Server("counting-off", "portal.wsgi:application", dict(env, STATS_COUNTING="false"), args.workers, tmp)
        servers += [on, off]
        on.wait("/healthz")
        off.wait("/healthz")
        for server in (on, off):
            status, headers, _body = fetch(server.port, args.page)
            if status != 200 or "public" not in headers.get("Cache-Control", ""):
                raise SystemExit(f"{args.page} answered {status} ({headers.get('Cache-Control')}): not a cached page")
        before = counted_views(env, args.page)  # the checks above, the in-process run and anything left in Redis

        figures = {"off": [], "on": []}
        answered = 0
        for number in range(args.rounds):
            for name, server in (("off", off), ("on", on)):
                warm = load(args, server.port, args.page, tmp, duration=1, prefix="w")
                fetch(server.port, "/healthz", timeout=300)
                result = load(args, server.port, args.page, tmp, duration=args.duration, prefix="m")
                fetch(server.port, "/healthz", timeout=300)
                figures[name].append(result)
                if name == "on":
                    answered += warm["requests"] + result["requests"]
                log(f"  round {number + 1}, counting {name}: {result['rps']:.0f} requests/s, "
                    f"p50 {result['p50']:.2f} ms, p99 {result['p99']:.2f} ms, errors {result['errors']}, "
                    f"non-2xx {result['bad_status']}")  # fmt: skip

        mean = {name: statistics.mean(r["rps"] for r in runs) for name, runs in figures.items()}
        p50 = {name: statistics.mean(r["p50"] for r in runs) for name, runs in figures.items()}
        cost = (1 - mean["on"] / mean["off"]) * 100
        log("")
        log(f"cached result page {args.page}")
        log(f"| counting | requests/s (mean of {args.rounds}) | p50 ms | each round |")
        log("| --- | ---: | ---: | --- |")
        for name in ("off", "on"):
            rounds = ", ".join(f"{r['rps']:.0f}" for r in figures[name])
            log(f"| {name} | {mean[name]:.0f} | {p50[name]:.2f} | {rounds} |")
        log(f"cost of counting: {cost:+.1f} % of the requests per second (target: at most 5 %)")

        if os.environ.get("REDIS_URL"):
            time.sleep(3)  # each worker pushes at its next request after STATS_PUSH_SECONDS…
            for _ in range(args.workers * 4):  # …so give every worker one
                fetch(on.port, args.page)
            on.stop()  # and a worker that ends pushes the rest (atexit)
            views = counted_views(env, args.page) - before
            sent = answered + args.workers * 4
            log(f"result page views counted after flush_stats: {views}; requests wrk counted on the server with "
                f"counting on, warm-ups included: {sent} (wrk does not count the requests still open when it stops)")  # fmt: skip
        else:
            log("no REDIS_URL: counts stayed in each worker's memory; the count check needs Redis")
    finally:
        for server in servers:
            server.stop()
        if args.keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
