import pytest


@pytest.fixture(autouse=True)
def _content(content):
    """Every content test sees the fiches of fixtures/."""
