"""The criteria index finds exactly the criteria that `matches` accepts, on the real content."""

import datetime
import itertools
import random

import pytest

from situations.data import current_data
from situations.resolver import Situation, matches, nationality_group, topic_regime

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 12, 1)


def test_the_index_agrees_with_the_definition_of_a_match():
    data = current_data()
    rng = random.Random(20261203)
    countries = sorted(code for code in data.countries if code != "be")
    nationalities = ["be", "fr", "gb", "in", "ma", "us", "stateless", "refugee", *rng.sample(countries, 6)]
    regions = ["", *data.regions]
    compared = 0
    for direction, info in data.directions.items():
        for status, nationality, country in itertools.product(info.statuses, nationalities, rng.sample(countries, 25)):
            situation = Situation(direction, nationality, country, status, tuple(data.topics), ON, rng.choice(regions))
            group = nationality_group(data, nationality, ON)
            for topic in data.topics:
                regime = topic_regime(data, situation, topic)
                expected = [c for c in data.criteria.get(topic, ()) if matches(c, situation, group, regime)]
                found = data.index(topic).matching(
                    direction=direction, status=status, group=group, regime_kind=regime.kind, country=country,
                    instruments=regime.instrument_slugs, region=situation.region,
                )  # fmt: skip
                assert sorted(map(id, found)) == sorted(map(id, expected)), (situation, topic)
                compared += 1
    assert compared > 10_000
