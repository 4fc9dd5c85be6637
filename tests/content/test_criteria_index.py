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


def test_situations_alike_for_the_criteria_share_an_answer_and_it_is_the_right_one(monkeypatch):
    from django.utils import timezone

    from situations.resolver import resolve

    data = current_data()
    rng = random.Random(3)
    countries = sorted(code for code in data.countries if code != "be")
    situations = []
    for _ in range(1500):
        direction = rng.choice(list(data.directions))
        situations.append(
            Situation(
                direction, rng.choice(["be", "fr", "in", "ma", "gb", "stateless", *countries[:20]]),
                rng.choice(countries), rng.choice(data.directions[direction].statuses), tuple(data.topics),
                ON, rng.choice(["", *data.regions]),
            )
        )  # fmt: skip
    now = timezone.now()
    assert data.steady_at(now)
    shared = [resolve(data, s, at=now) for s in situations]
    assert len(data.answers.items) < len(situations) * len(data.topics)  # answers were shared
    monkeypatch.setattr(type(data), "steady_at", lambda self, at: False)
    fresh = [resolve(data, s, at=now) for s in situations]
    slugs = lambda r: [[m.fiche.slug for m in t.fiches] for t in r.topics]  # noqa: E731
    assert [slugs(r) for r in shared] == [slugs(r) for r in fresh]
