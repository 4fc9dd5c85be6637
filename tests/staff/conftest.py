import pytest


@pytest.fixture
def two_factor(settings):
    """The second factor as in production (the test settings turn it off for the rest of the suite)."""
    settings.REQUIRE_2FA = True
    settings.REQUIRE_2FA_FOR_EDITORS = False
    return settings
