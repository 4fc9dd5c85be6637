import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from factsheets.models import Fiche, Revision
from tests.factories import AmountFactory, AmountValueFactory, FicheFactory, ReferenceFactory, RevisionFactory

pytestmark = pytest.mark.django_db


def assert_refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_fiche_slug_is_unique():
    fiche = FicheFactory(slug="posting-eu")
    assert_refused(lambda: Fiche.objects.create(slug="posting-eu", institution=fiche.institution))


def test_revision_numbers_are_unique_per_fiche():
    revision = RevisionFactory(number=1)
    assert_refused(lambda: RevisionFactory(fiche=revision.fiche, number=1))
    RevisionFactory(number=1)  # another fiche may have its own number 1


def test_revision_numbers_start_at_one():
    assert_refused(lambda: RevisionFactory(number=0))


def test_published_revision_needs_a_publication_date():
    assert_refused(lambda: RevisionFactory(state=Revision.State.PUBLISHED, publish_from=None))


def test_revision_state_must_be_known():
    assert_refused(lambda: RevisionFactory(state="lost"))


def test_public_sees_the_latest_published_revision_only():
    now = timezone.now()
    fiche = FicheFactory()
    RevisionFactory(fiche=fiche, number=1, published=True, publish_from=now - datetime.timedelta(days=30))
    current = RevisionFactory(fiche=fiche, number=2, published=True, publish_from=now - datetime.timedelta(days=1))
    RevisionFactory(fiche=fiche, number=3)  # a draft stays private
    scheduled = RevisionFactory(fiche=fiche, number=4, published=True, publish_from=now + datetime.timedelta(days=5))

    assert list(Revision.objects.live(at=now)) == [current]
    assert list(Revision.objects.live(at=now + datetime.timedelta(days=6))) == [scheduled]
    assert list(Fiche.objects.published(at=now)) == [fiche]


def test_fiche_with_only_drafts_is_not_published():
    revision = RevisionFactory()
    assert not Fiche.objects.published().filter(pk=revision.fiche.pk).exists()


def test_deleting_an_institution_with_fiches_is_refused():
    fiche = FicheFactory()
    assert_refused(lambda: fiche.institution.delete())


def test_references_keep_their_translations():
    reference = ReferenceFactory()
    reference.refresh_from_db()
    assert reference.label_fr.endswith("[fr]")
    assert reference.label_en.endswith("[en]")


def test_amount_value_on_a_date_is_the_latest_that_applies():
    amount = AmountFactory()
    AmountValueFactory(amount=amount, value="1720.33", applies_from=datetime.date(2023, 1, 1))
    AmountValueFactory(amount=amount, value="1773.35", applies_from=datetime.date(2024, 5, 1))

    assert amount.value_on(datetime.date(2022, 12, 31)) is None
    assert str(amount.value_on(datetime.date(2024, 4, 30)).value) == "1720.33"
    assert str(amount.value_on(datetime.date(2024, 5, 1)).value) == "1773.35"


def test_amount_has_one_value_per_date():
    value = AmountValueFactory()
    assert_refused(lambda: AmountValueFactory(amount=value.amount, applies_from=value.applies_from))


def test_amount_value_cannot_be_negative():
    assert_refused(lambda: AmountValueFactory(value="-1"))
