"""Benchmark of the search on PostgreSQL. Prints figures; asserts nothing.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/search.py [--fiches 5000] [--repeat 20]

It creates (and drops again) its own database `mobility_bench_search` on the server DATABASE_URL names,
migrates it, loads the reference data and the content of fixtures/, then times the queries of the
relevance table (tests/search/test_relevance.py, four languages) over every live fiche:
- ranking: every live fiche found, best first (one SQL query, two when no fiche has every word);
- page: the ranking plus the snippets of the first page of results (one more query), as the search
  page runs them before its template.
Then it adds `--fiches` synthetic published fiches, their texts drawn from the words of the real ones
in each language, rebuilds the index and times the same queries again.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
NAME = "mobility_bench_search"
server = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
if not server.startswith(("postgres://", "postgresql://")):
    sys.exit("benchmarks/search.py measures PostgreSQL's full-text search: set DATABASE_URL to a PostgreSQL server")
parts = urlsplit(server)
os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{NAME}"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

import django  # noqa: E402

django.setup()

import psycopg  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from factsheets.models import Fiche, Institution, Revision  # noqa: E402
from search.index import rebuild  # noqa: E402
from search.models import Entry  # noqa: E402
from search.query import PER_PAGE, ranked, with_snippets  # noqa: E402
from situations.data import current_data, data_changed  # noqa: E402
from tests.search.test_relevance import TABLE  # noqa: E402

LANGUAGES = ("fr", "nl", "de", "en")


def admin(sql):
    with psycopg.connect(server, autocommit=True) as db:
        db.execute(sql)


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def measure(repeat):
    data = current_data()
    now = timezone.now()
    ranking, page, found = [], [], []
    for _round in range(repeat):
        for language, rows in TABLE.items():
            for query, _expected in rows:
                start = time.perf_counter()
                hits, matcher = ranked(data, query, language, now)
                middle = time.perf_counter()
                with_snippets(hits[:PER_PAGE], matcher, language)
                end = time.perf_counter()
                ranking.append((middle - start) * 1000)
                page.append((end - start) * 1000)
                found.append(len(hits))
    return ranking, page, found


def report(title, measured):
    ranking, page, found = measured
    print(f"\n{title}")
    print(f"  {len(ranking)} searches; fiches found per query: median {statistics.median(found):.0f}, max {max(found)}")
    for name, values in (("ranking", ranking), ("page (ranking + snippets)", page)):
        print(f"  {name:28} median {statistics.median(values):6.2f} ms   p95 {percentile(values, 0.95):6.2f} ms")


def synthetic_fiches(count, rng):
    """Published fiches whose texts are drawn from the words of the real ones, language by language."""
    vocabulary = {
        lang: " ".join(Entry.objects.filter(language=lang).values_list("text", flat=True)).split() for lang in LANGUAGES
    }
    institutions = list(Institution.objects.all())
    now = timezone.now()
    fiches = Fiche.objects.bulk_create(
        Fiche(slug=f"synthetic-{n}", institution=rng.choice(institutions), order=n) for n in range(count)
    )

    def words(lang, n):
        return " ".join(rng.choices(vocabulary[lang], k=n))

    revisions = []
    for fiche in fiches:
        texts = {}
        for lang in LANGUAGES:
            texts |= {
                f"title_{lang}": words(lang, 8)[:200],
                f"summary_{lang}": words(lang, 25)[:400],
                f"body_{lang}": "\n\n".join(words(lang, 60) for _paragraph in range(5)),
            }
        revisions.append(
            Revision(fiche=fiche, number=1, state="published", publish_from=now, last_reviewed=now.date(), **texts)
        )
    Revision.objects.bulk_create(revisions, batch_size=500)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fiches", type=int, default=5000, help="synthetic fiches added for the second run (0: none)")
    parser.add_argument("--repeat", type=int, default=20, help="rounds over the query table")
    options = parser.parse_args()
    rng = random.Random(20261203)

    admin(f"DROP DATABASE IF EXISTS {NAME}")
    admin(f"CREATE DATABASE {NAME}")
    try:
        call_command("migrate", verbosity=0)
        call_command("load_reference_data", verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute("SELECT version()")
            print(cursor.fetchone()[0])
        queries = sum(len(rows) for rows in TABLE.values())
        print(f"{queries} queries of the relevance table, {options.repeat} rounds; {os.cpu_count()} CPUs")
        current_data()
        measure(2)  # warm the caches of PostgreSQL and of this process
        report(f"Content of fixtures/: {Fiche.objects.count()} fiches, {Entry.objects.count()} index entries", measure(options.repeat))
        if options.fiches:
            start = time.perf_counter()
            synthetic_fiches(options.fiches, rng)
            entries = rebuild()
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE search_entry")
            built = time.perf_counter() - start
            data_changed()
            current_data()
            measure(2)
            report(
                f"With {options.fiches} synthetic fiches: {Fiche.objects.count()} fiches, {entries} index entries "
                f"(made and indexed in {built:.1f} s)",
                measure(options.repeat),
            )
    finally:
        connection.close()
        admin(f"DROP DATABASE IF EXISTS {NAME}")


if __name__ == "__main__":
    main()
