import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The reference data (countries, agreements, institutions, questions) is loaded once per run;
    each test runs in a transaction that is rolled back. The fiches of fixtures/ are not: tests build
    the content they need, except the content tests (tests/content/), which load it."""
    with django_db_blocker.unblock():
        call_command("load_reference_data", "--without-content", verbosity=0)


@pytest.fixture(scope="session")
def content(django_db_setup, django_db_blocker):
    """The fiches of fixtures/, loaded once for the content tests, which run after all others."""
    from situations.management.commands.load_reference_data import content_fixtures

    names = content_fixtures()
    if names:
        with django_db_blocker.unblock():
            call_command("loaddata", *names, verbosity=0)


@pytest.fixture(autouse=True)
def fresh_resolver_data():
    """Each test's changes are rolled back: the resolver must not keep them in memory."""
    from situations.data import data_changed

    data_changed()
    yield
    data_changed()


def pytest_collection_modifyitems(items):
    """The content tests run after the others (the content they load stays in the database), and the
    browser tests last: their live server empties the database after each test."""

    def rank(item):
        path = str(item.path).replace("\\", "/")
        return 2 if "tests/browser/" in path else 1 if "tests/content/" in path else 0

    items.sort(key=rank)
