import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from agreements.models import Country, Coverage, Instrument
from tests.factories import CountryFactory, CoverageFactory, InstrumentFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def assert_refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_instrument_cannot_end_before_it_starts():
    assert_refused(lambda: InstrumentFactory(in_force_from=D(2010, 1, 1), in_force_until=D(2009, 12, 31)))


def test_instrument_cannot_end_without_starting():
    assert_refused(lambda: InstrumentFactory(in_force_from=None, in_force_until=D(2009, 12, 31)))


def test_instrument_cannot_enter_into_force_before_signature():
    assert_refused(lambda: InstrumentFactory(signed_on=D(2010, 1, 2), in_force_from=D(2010, 1, 1)))


def test_instrument_signed_but_not_in_force_is_allowed():
    instrument = InstrumentFactory(signed_on=D(2018, 2, 20), in_force_from=None)
    assert not instrument.is_in_force(D(2026, 1, 1))


def test_instrument_slug_is_unique():
    InstrumentFactory(slug="belgium-japan")
    assert_refused(lambda: Instrument.objects.create(slug="belgium-japan", kind="bilateral", name_en="Other"))


def test_instrument_kind_must_be_known():
    assert_refused(lambda: InstrumentFactory(kind="treaty"))


@pytest.mark.parametrize(
    ("day", "expected"),
    [(D(2006, 12, 31), False), (D(2007, 1, 1), True), (D(2020, 6, 30), True), (D(2020, 7, 1), False)],
)
def test_instrument_is_in_force_from_its_first_to_its_last_day(day, expected):
    instrument = InstrumentFactory(in_force_from=D(2007, 1, 1), in_force_until=D(2020, 6, 30))
    assert instrument.is_in_force(day) is expected
    assert Instrument.objects.in_force(on=day).filter(pk=instrument.pk).exists() is expected


def test_country_code_must_be_two_lower_case_letters():
    assert_refused(lambda: Country.objects.create(code="QM".upper(), name_en="Upper"))
    assert_refused(lambda: Country.objects.create(code="q1", name_en="Digit"))


def test_coverage_cannot_end_before_it_starts():
    instrument = InstrumentFactory()
    assert_refused(
        lambda: CoverageFactory(instrument=instrument, valid_from=D(2010, 1, 1), valid_until=D(2009, 1, 1))
    )


def test_coverage_has_one_period_per_start_date():
    coverage = CoverageFactory()
    assert_refused(
        lambda: Coverage.objects.create(
            instrument=coverage.instrument, country=coverage.country, valid_from=coverage.valid_from
        )
    )


def test_coverage_must_lie_within_the_instrument_period():
    instrument = InstrumentFactory(in_force_from=D(2007, 1, 1), in_force_until=D(2015, 12, 31))
    coverage = Coverage(instrument=instrument, country=CountryFactory(), valid_from=D(2006, 1, 1))
    with pytest.raises(ValidationError) as error:
        coverage.full_clean()
    assert set(error.value.message_dict) == {"valid_from", "valid_until"}


def test_coverage_periods_of_a_country_must_not_overlap():
    first = CoverageFactory(valid_until=D(2012, 12, 31))
    overlapping = Coverage(instrument=first.instrument, country=first.country, valid_from=D(2012, 6, 1))
    with pytest.raises(ValidationError) as error:
        overlapping.full_clean()
    assert "valid_from" in error.value.message_dict
    following = Coverage(instrument=first.instrument, country=first.country, valid_from=D(2013, 1, 1))
    following.full_clean()


@pytest.mark.parametrize(
    ("day", "covered"), [(D(2013, 6, 30), False), (D(2013, 7, 1), True), (D(2030, 1, 1), True)]
)
def test_coverage_on_a_date_includes_both_ends(day, covered):
    coverage = CoverageFactory(valid_from=D(2013, 7, 1))
    assert Coverage.objects.on(day).filter(pk=coverage.pk).exists() is covered


def test_deleting_a_country_still_covered_is_refused():
    coverage = CoverageFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        coverage.country.delete()
