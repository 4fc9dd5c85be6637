import pytest
from django.core.cache import cache
from django.core.management import call_command

from stats import counting

SPAIN = "/en/leaving/result/?nationality=be&country=es&status=pensioner&topic=health-care&topic=pension"


@pytest.fixture(autouse=True)
def fresh_counters():
    """Counts of earlier tests (every test's pages are counted) and the feedback limit start empty."""
    cache.clear()
    counting.tally.push()
    counting._local_store.claim()
    yield
    counting.tally.push()
    counting._local_store.claim()
    cache.clear()


def flush():
    call_command("flush_stats", "--no-prune", verbosity=0)
