import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The reference data (countries, agreements, institutions, questions) is loaded once per run;
    each test runs in a transaction that is rolled back."""
    with django_db_blocker.unblock():
        call_command("load_reference_data", verbosity=0)


@pytest.fixture(autouse=True)
def fresh_resolver_data():
    """Each test's changes are rolled back: the resolver must not keep them in memory."""
    from situations.data import data_changed

    data_changed()
    yield
    data_changed()


def pytest_collection_modifyitems(items):
    """Browser tests run last: their live server empties the database after each test, which the
    other tests, sharing the reference data loaded once, must not see."""
    items.sort(key=lambda item: "tests/browser/" in str(item.path).replace("\\", "/"))
