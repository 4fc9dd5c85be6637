"""The production settings (portal.settings.prod) as `benchmarks/pages.py` runs them: unchanged but
for STATIC_ROOT, which points at the throw-away folder the benchmark collects the static files into
(WhiteNoise's manifest storage needs them collected), so that the working tree's staticfiles/ is
never written. Every other value comes from the environment exactly as in production."""

import os

from portal.settings.prod import *  # noqa: F403

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]

# `pages.py --clip-fixtures`: the fixtures are read from a copy whose overlong texts are cut.
if os.environ.get("BENCH_FIXTURE_DIR"):
    FIXTURE_DIRS = [os.environ["BENCH_FIXTURE_DIR"]]
