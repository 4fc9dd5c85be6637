"""Benchmark of the resolver and the coverage matrix. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/resolver.py [--fiches 500] [--situations 1000]

It builds a throwaway SQLite database with the reference data and synthetic published fiches, then
measures, in the same run:
- the baseline: one resolution that reads its data from the database (cold);
- one resolution with the data in memory (warm), median and 95th percentile over random situations;
- a full `coverage` run over every combination, with no content and with the synthetic fiches.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
database = Path(tempfile.mkdtemp()) / "benchmark.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{database}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from factsheets.models import Fiche, Institution, Revision  # noqa: E402
from situations.coverage import build_matrix  # noqa: E402
from situations.data import SituationData  # noqa: E402
from situations.models import Criterion, Topic  # noqa: E402
from situations.resolver import Situation, resolve  # noqa: E402


def add_fiches(fiches: int, rng: random.Random):
    institution = Institution.objects.first()
    topics = list(Topic.objects.all())
    flags = ["regime_eu", "regime_uk", "regime_bilateral", "regime_none"]
    for number in range(fiches):
        fiche = Fiche.objects.create(slug=f"benchmark-{number}", institution=institution, order=number)
        Revision.objects.create(
            fiche=fiche, number=1, state="published", publish_from=timezone.now(),
            title_en=f"Fiche {number}", summary_en="Summary.", body_en="Some **Markdown** text.",
            last_reviewed=timezone.localdate(),
        )  # fmt: skip
        Criterion.objects.create(fiche=fiche, topic=rng.choice(topics), **{rng.choice(flags): True})


def random_situation(data, rng):
    direction = rng.choice(list(data.directions))
    return Situation.build(
        data,
        direction=direction,
        nationality=rng.choice(list(data.countries) + ["stateless", "refugee"]),
        country=rng.choice([c for c in data.countries if c != "be"]),
        status=rng.choice(data.directions[direction].statuses),
        topics=rng.sample(list(data.topics), rng.randint(1, 4)),
    )


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fiches", type=int, default=500)
    parser.add_argument("--situations", type=int, default=1000)
    options = parser.parse_args()
    rng = random.Random(20261123)

    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    empty = SituationData.load()
    coverage_empty, _ = timed(build_matrix, empty, on=timezone.localdate())

    add_fiches(options.fiches, rng)
    cold_times = []
    for _ in range(20):
        elapsed, data = timed(SituationData.load)
        situation = random_situation(data, rng)
        cold_times.append(elapsed + timed(resolve, data, situation)[0])

    data = SituationData.load()
    situations = [random_situation(data, rng) for _ in range(options.situations)]
    warm_times = sorted(timed(resolve, data, situation)[0] for situation in situations)
    coverage_full, matrix = timed(build_matrix, data, on=timezone.localdate())

    ms = 1000
    print(f"content: {options.fiches} published fiches, {len(data.countries)} countries, {len(data.topics)} topics")
    print(f"baseline, data read from the database (cold), median of 20: {statistics.median(cold_times) * ms:.1f} ms")
    print(
        f"resolution with data in memory (warm), {options.situations} random situations: "
        f"median {statistics.median(warm_times) * ms:.3f} ms, "
        f"p95 {warm_times[int(len(warm_times) * 0.95)] * ms:.3f} ms"
    )
    print(f"coverage, no content: {coverage_empty:.2f} s")
    print(
        f"coverage, {options.fiches} fiches: {coverage_full:.2f} s for {matrix.combinations} combinations "
        f"in {matrix.classes} classes of countries, {len(matrix.gaps)} gaps"
    )


if __name__ == "__main__":
    main()
