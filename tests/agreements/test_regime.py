"""The regime function against the reference data, row by row (facts from FACTS.md §2)."""

import datetime

import pytest

from agreements.regime import AgreementData

pytestmark = pytest.mark.django_db

D = datetime.date.fromisoformat
TODAY = "2026-11-23"


@pytest.fixture(scope="module")
def data(django_db_blocker):
    with django_db_blocker.unblock():
        return AgreementData.load()


# (country, nationality, date, branch, expected kind, expected instrument)
ROWS = [
    # EU rules today, for Belgians, other EU nationals, stateless persons and refugees
    ("es", "be", TODAY, "old-age", "eu", "eu-regulation-883-2004"),
    ("es", "fr", TODAY, "sickness", "eu", "eu-regulation-883-2004"),
    ("es", "stateless", TODAY, "old-age", "eu", "eu-regulation-883-2004"),
    ("es", "refugee", TODAY, "unemployment", "eu", "eu-regulation-883-2004"),
    ("de", "be", TODAY, "family-benefits", "eu", "eu-regulation-883-2004"),
    ("fr", "pt", TODAY, "applicable-legislation", "eu", "eu-regulation-883-2004"),
    ("nl", "be", TODAY, "accidents-at-work", "eu", "eu-regulation-883-2004"),
    ("lu", "be", TODAY, "occupational-diseases", "eu", "eu-regulation-883-2004"),
    ("pl", "be", TODAY, "pre-retirement", "eu", "eu-regulation-883-2004"),
    ("it", "gb", TODAY, "old-age", "eu", "eu-regulation-883-2004"),  # a Briton is a third-country national now
    # Third-country nationals: Reg. 1231/2010 in Spain, not in Denmark, Norway or Switzerland
    ("es", "us", TODAY, "old-age", "eu", "eu-regulation-883-2004"),
    ("es", "ma", TODAY, "sickness", "eu", "eu-regulation-883-2004"),
    ("dk", "us", TODAY, "old-age", "none", None),
    ("dk", "be", TODAY, "old-age", "eu", "eu-regulation-883-2004"),
    ("dk", "stateless", TODAY, "old-age", "eu", "eu-regulation-883-2004"),
    ("no", "us", TODAY, "old-age", "none", None),
    ("no", "be", TODAY, "old-age", "eu", "eu-regulation-883-2004"),
    ("is", "in", TODAY, "old-age", "none", None),
    ("li", "jp", TODAY, "sickness", "none", None),
    ("ch", "us", TODAY, "old-age", "none", None),
    ("ch", "ch", TODAY, "old-age", "eu", "eu-regulation-883-2004"),
    ("ch", "be", TODAY, "unemployment", "eu", "eu-regulation-883-2004"),
    # ... but the 1975 convention still lets non-EU nationals be posted between Belgium and Switzerland
    ("ch", "us", TODAY, "applicable-legislation", "bilateral", "belgium-switzerland-1975"),
    # Third-country nationals before and after Reg. 1231/2010 (Reg. 859/2003 extended 1408/71)
    ("es", "us", "2003-05-31", "old-age", "none", None),
    ("es", "us", "2003-06-01", "old-age", "eu", "eu-regulation-1408-71"),
    ("es", "us", "2010-12-31", "old-age", "eu", "eu-regulation-1408-71"),
    ("es", "us", "2011-01-01", "old-age", "eu", "eu-regulation-883-2004"),
    ("dk", "us", "2005-01-01", "old-age", "none", None),
    # Reg. 1408/71 → 883/2004 on 2010-05-01
    ("es", "be", "2010-04-30", "old-age", "eu", "eu-regulation-1408-71"),
    ("es", "be", "2010-05-01", "old-age", "eu", "eu-regulation-883-2004"),
    ("es", "be", "2010-05-01", "pre-retirement", "eu", "eu-regulation-883-2004"),
    ("es", "be", "2010-04-30", "pre-retirement", "none", None),
    ("es", "be", "1985-12-31", "old-age", "none", None),
    ("es", "be", "1986-01-01", "old-age", "eu", "eu-regulation-1408-71"),
    ("pl", "be", "2004-04-30", "old-age", "none", None),
    ("pl", "be", "2004-05-01", "old-age", "eu", "eu-regulation-1408-71"),
    ("ro", "be", "2006-12-31", "old-age", "none", None),
    ("ro", "be", "2007-01-01", "old-age", "eu", "eu-regulation-1408-71"),
    # Croatia: its own convention until 2013-06-30, the EU rules from 2013-07-01
    ("hr", "be", "2013-06-30", "old-age", "bilateral", "belgium-croatia"),
    ("hr", "be", "2013-07-01", "old-age", "eu", "eu-regulation-883-2004"),
    ("hr", "hr", "2013-06-30", "unemployment", "bilateral", "belgium-croatia"),
    ("hr", "hr", "2013-07-01", "unemployment", "eu", "eu-regulation-883-2004"),
    ("hr", "us", "2013-07-01", "old-age", "eu", "eu-regulation-883-2004"),  # 1231/2010 from accession
    # Switzerland and the EEA states: Reg. 1408/71 until 2012, then 883/2004
    ("ch", "be", "2002-05-31", "old-age", "bilateral", "belgium-switzerland-1975"),  # before the EU–CH agreement
    ("ch", "be", "2002-06-01", "old-age", "eu", "eu-regulation-1408-71"),
    ("ch", "be", "2012-03-31", "old-age", "eu", "eu-regulation-1408-71"),
    ("ch", "be", "2012-04-01", "old-age", "eu", "eu-regulation-883-2004"),
    ("no", "be", "1993-12-31", "old-age", "none", None),
    ("no", "be", "1994-01-01", "old-age", "eu", "eu-regulation-1408-71"),
    ("no", "be", "2012-05-31", "old-age", "eu", "eu-regulation-1408-71"),
    ("no", "be", "2012-06-01", "old-age", "eu", "eu-regulation-883-2004"),
    ("is", "be", "2012-06-01", "old-age", "eu", "eu-regulation-883-2004"),
    ("li", "be", "1995-04-30", "old-age", "none", None),
    ("li", "be", "1995-05-01", "old-age", "eu", "eu-regulation-1408-71"),
    ("li", "be", "2012-06-01", "old-age", "eu", "eu-regulation-883-2004"),
    # The United Kingdom: EU rules until 2020-12-31, the EU–UK protocol from 2021-01-01
    ("gb", "be", "2020-12-31", "old-age", "eu", "eu-regulation-883-2004"),
    ("gb", "be", "2021-01-01", "old-age", "uk", "eu-uk-tca-protocol"),
    ("gb", "be", "2020-12-31", "family-benefits", "eu", "eu-regulation-883-2004"),
    ("gb", "be", "2021-01-01", "family-benefits", "none", None),
    ("gb", "us", "2020-12-31", "old-age", "eu", "eu-regulation-1408-71"),  # the UK kept Reg. 859/2003
    ("gb", "us", "2021-01-01", "old-age", "uk", "eu-uk-tca-protocol"),
    ("gb", "stateless", TODAY, "unemployment", "uk", "eu-uk-tca-protocol"),
    ("gb", "be", TODAY, "sickness", "uk", "eu-uk-tca-protocol"),
    ("gb", "fr", TODAY, "applicable-legislation", "uk", "eu-uk-tca-protocol"),
    # Bilateral conventions: persons and branches
    ("us", "be", TODAY, "old-age", "bilateral", "belgium-united-states"),
    ("us", "us", TODAY, "invalidity", "bilateral", "belgium-united-states"),
    ("us", "fr", TODAY, "old-age", "none", None),  # nationals only
    ("us", "fr", TODAY, "applicable-legislation", "bilateral", "belgium-united-states"),  # posting: everyone
    ("us", "be", TODAY, "sickness", "none", None),  # a branch the convention leaves out
    ("us", "be", TODAY, "family-benefits", "none", None),
    ("ca", "be", TODAY, "old-age", "bilateral", "belgium-canada"),
    ("ca", "be", TODAY, "sickness", "none", None),  # only the Québec entente covers care, in Québec only
    ("jp", "us", TODAY, "old-age", "bilateral", "belgium-japan"),  # all persons
    ("jp", "be", TODAY, "unemployment", "none", None),
    ("jp", "be", "2006-12-31", "old-age", "none", None),
    ("jp", "be", "2007-01-01", "old-age", "bilateral", "belgium-japan"),
    ("in", "in", "2009-08-31", "old-age", "none", None),
    ("in", "in", "2009-09-01", "old-age", "bilateral", "belgium-india"),
    ("ar", "be", "2015-12-31", "old-age", "none", None),
    ("ar", "be", "2016-01-01", "old-age", "bilateral", "belgium-argentina"),
    ("br", "be", "2014-12-01", "invalidity", "bilateral", "belgium-brazil"),
    ("au", "be", TODAY, "sickness", "bilateral", "belgium-australia-health-care"),
    ("au", "be", TODAY, "old-age", "bilateral", "belgium-australia"),
    ("ph", "stateless", TODAY, "old-age", "bilateral", "belgium-philippines"),
    ("ph", "us", TODAY, "old-age", "none", None),
    ("cl", "refugee", TODAY, "survivors", "bilateral", "belgium-chile"),
    ("dz", "be", TODAY, "unemployment", "bilateral", "belgium-algeria"),
    ("dz", "fr", TODAY, "unemployment", "none", None),  # Belgian and Algerian nationals only
    ("ba", "us", TODAY, "unemployment", "bilateral", "belgium-bosnia-herzegovina"),
    ("ba", "be", "2009-05-31", "old-age", "bilateral", "belgium-yugoslavia"),
    ("ba", "be", "2009-06-01", "old-age", "bilateral", "belgium-bosnia-herzegovina"),
    ("rs", "be", "2014-08-31", "old-age", "bilateral", "belgium-yugoslavia"),
    ("rs", "be", "2014-09-01", "old-age", "bilateral", "belgium-serbia"),
    ("me", "be", "2014-06-01", "old-age", "bilateral", "belgium-montenegro"),
    ("xk", "be", "2019-05-31", "old-age", "bilateral", "belgium-yugoslavia"),
    ("xk", "be", "2019-06-01", "old-age", "bilateral", "belgium-kosovo"),
    ("xk", "be", TODAY, "family-benefits", "none", None),
    ("ma", "be", "2022-05-31", "old-age", "bilateral", "belgium-morocco-1968"),
    ("ma", "be", "2022-06-01", "old-age", "bilateral", "belgium-morocco"),
    ("ma", "us", "2022-05-31", "old-age", "none", None),
    ("ma", "us", "2022-06-01", "old-age", "bilateral", "belgium-morocco"),
    ("tr", "be", "2018-08-31", "old-age", "bilateral", "belgium-turkey-1966"),
    ("tr", "be", "2018-09-01", "old-age", "bilateral", "belgium-turkey"),
    ("tr", "be", TODAY, "unemployment", "none", None),
    ("il", "fr", TODAY, "old-age", "bilateral", "belgium-israel"),  # EU nationals too
    ("il", "us", TODAY, "old-age", "none", None),
    ("il", "be", TODAY, "family-benefits", "bilateral", "belgium-israel"),
    ("il", "be", TODAY, "sickness", "none", None),
    ("sm", "be", TODAY, "family-benefits", "bilateral", "belgium-san-marino"),
    ("tn", "be", TODAY, "sickness", "bilateral", "belgium-tunisia"),
    # No instrument at all
    ("th", "be", TODAY, "old-age", "none", None),
    ("cn", "be", TODAY, "applicable-legislation", "none", None),
    ("cd", "be", TODAY, "old-age", "none", None),  # the DR Congo convention concerns seafarers only
    ("ua", "ua", TODAY, "old-age", "none", None),
]


def test_the_table_has_enough_rows():
    assert len(ROWS) >= 80


@pytest.mark.parametrize(("country", "nationality", "day", "branch", "kind", "instrument"), ROWS)
def test_regime(data, country, nationality, day, branch, kind, instrument):
    found = data.regime(country=country, nationality=nationality, on=D(day), branch=branch)
    assert (found.kind, found.instrument_slug) == (kind, instrument)


def test_canada_names_the_quebec_entente_as_well(data):
    found = data.regime(country="ca", nationality="be", on=D(TODAY), branch="old-age")
    assert [other.slug for other in found.also] == ["belgium-quebec"]


def test_health_care_in_canada_is_belgian_rules_except_in_quebec(data):
    # FACTS §9 C8: the Québec entente applies to Québec only; elsewhere in Canada nothing covers care.
    found = data.regime(country="ca", nationality="be", on=D(TODAY), branch="sickness")
    assert (found.kind, found.basis) == ("none", "none-part")
    assert [other.slug for other in found.also] == ["belgium-quebec"]


BASES = [
    ("es", "be", "old-age", "eu-national"),
    ("es", "stateless", "old-age", "eu-stateless"),
    ("es", "in", "old-age", "eu-resident"),
    ("gb", "be", "old-age", "uk"),
    ("gb", "be", "family-benefits", "none-uk-branch"),  # the 2021 protocol leaves family benefits out
    ("us", "be", "old-age", "bilateral"),
    ("us", "be", "family-benefits", "none-branch"),  # a convention exists; it does not cover this
    ("th", "be", "old-age", "none-no-agreement"),
    ("dz", "fr", "old-age", "none-person"),  # the Algerian convention covers nationals only
]


@pytest.mark.parametrize("country, nationality, branch, basis", BASES)
def test_regime_says_why(data, country, nationality, branch, basis):
    assert data.regime(country=country, nationality=nationality, on=D(TODAY), branch=branch).basis == basis


def test_regime_says_since_when_the_instrument_applies_to_the_country(data):
    assert data.regime(country="hr", nationality="be", on=D(TODAY), branch="old-age").since == D("2013-07-01")
    assert data.regime(country="ch", nationality="be", on=D(TODAY), branch="old-age").since == D("2012-04-01")
    assert data.regime(country="th", nationality="be", on=D(TODAY), branch="old-age").since is None
