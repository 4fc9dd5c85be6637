"""The data version (what tells every process to reload) changes when the transaction commits."""

import pytest
from django.db import transaction

from situations.data import data_changed, data_version

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_data_version_changes_on_commit_never_before():
    before = data_version()
    with transaction.atomic():
        data_changed()
        assert data_version() == before  # not yet: the rows are not visible to others
    assert data_version() != before


def test_a_rolled_back_change_announces_nothing():
    before = data_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        data_changed()
        raise RuntimeError
    assert data_version() == before


def test_a_change_outside_a_transaction_is_announced_at_once():
    before = data_version()
    data_changed()
    assert data_version() != before
