import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from situations.models import NationalityGroup
from tests.factories import CriterionFactory, NationalityGroupFactory, TopicFactory, TopicInstitutionFactory

pytestmark = pytest.mark.django_db


def test_a_topic_has_at_most_one_main_contact():
    link = TopicInstitutionFactory(is_contact=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        TopicInstitutionFactory(topic=link.topic, is_contact=True)
    TopicInstitutionFactory(topic=link.topic, is_contact=False)


def test_an_institution_is_linked_to_a_topic_once():
    link = TopicInstitutionFactory(is_contact=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        TopicInstitutionFactory(topic=link.topic, institution=link.institution, is_contact=False)


def test_a_criterion_with_no_regime_accepts_any():
    assert CriterionFactory().regime_kinds == frozenset()


def test_a_criterion_lists_the_regimes_it_accepts():
    criterion = CriterionFactory(regime_eu=True, regime_none=True)
    assert criterion.regime_kinds == {"eu", "none"}


def test_every_criterion_of_a_fiche_names_the_same_topic():
    first = CriterionFactory()
    second = CriterionFactory.build(fiche=first.fiche, topic=TopicFactory(), position=2)
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "topic" in error.value.message_dict
    CriterionFactory.build(fiche=first.fiche, topic=first.topic, position=2).full_clean()


def test_nationality_group_rule_must_be_known():
    with pytest.raises(IntegrityError), transaction.atomic():
        NationalityGroupFactory(rule="martians")
    assert NationalityGroupFactory(rule=NationalityGroup.Rule.OTHERS).rule == "others"
