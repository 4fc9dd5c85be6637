"""The coverage matrix: every valid combination of direction × nationality group × country × status ×
topic (× region, for the topics that ask it) on a date, and those that no fiche answers, or that no
fiche answers with an outcome (the answer in plain words at the top of the result).

Not brute force: nationalities are represented by the few that the rules can tell apart for a country
(Belgian, a national of that country, a national of another EU state, a national of a state bound by
nothing, stateless, refugee), and countries that behave alike for every topic and nationality are
resolved once, as a class.
"""

import datetime
from dataclasses import dataclass

from agreements.regime import BELGIUM, REFUGEE, STATELESS

from .data import SituationData
from .resolver import Situation, nationality_group, resolve, topic_regime


NO_FICHE, NO_OUTCOME = "no-fiche", "no-outcome"


@dataclass(frozen=True)
class Gap:
    direction: str
    nationality_group: str
    status: str
    topic: str
    regime: str
    region: str
    kind: str  # NO_FICHE or NO_OUTCOME
    countries: tuple


@dataclass(frozen=True)
class Matrix:
    date: datetime.date
    combinations: int  # direction × group × country × status × topic, counted over real countries
    classes: int
    gaps: tuple


def representative_nationalities(data: SituationData, country: str, on: datetime.date) -> list:
    eu_states = sorted(data.agreements.countries_of_kind("eu", on) - {country})
    bound_anywhere = {c for rows in data.agreements.coverages.values() for row in rows for c in [row.country]}
    unbound = next(code for code in sorted(data.countries) if code not in bound_anywhere and code != country)
    candidates = [BELGIUM, country, unbound, STATELESS, REFUGEE] + eu_states[:1]
    return list(dict.fromkeys(candidates))


def build_matrix(data: SituationData, *, on: datetime.date, topics=None, at=None) -> Matrix:
    topics = [t for t in data.topics if topics is None or t in topics]
    # Countries named by the same criteria behave alike: one class, not one per named country.
    lists = [criterion.countries for rows in data.criteria.values() for criterion in rows if criterion.countries]
    named_in = {}
    for number, countries in enumerate(lists):
        for country in countries:
            named_in.setdefault(country, set()).add(number)
    classes = {}
    for country in data.countries:
        if country == BELGIUM:
            continue
        cases = []
        for nationality in representative_nationalities(data, country, on):
            group = nationality_group(data, nationality, on)
            probe = Situation("leaving", nationality, country, "", tuple(topics), on)
            regimes = tuple(topic_regime(data, probe, t) for t in topics)
            regimes = tuple((regime.kind, regime.instrument_slug) for regime in regimes)
            cases.append((group, nationality == country, regimes))
        key = (frozenset(named_in.get(country, ())), tuple(sorted(set(cases))))
        classes.setdefault(key, []).append(country)

    # A topic that asks for the region is resolved once per region; the others once, without one.
    runs = [("", tuple(t for t in topics if not data.topics[t].asks_region))]
    runs += [(region, tuple(t for t in topics if data.topics[t].asks_region)) for region in data.regions]
    runs = [(region, run_topics) for region, run_topics in runs if run_topics]
    gaps = {}
    combinations = 0
    for (_named, cases), countries in classes.items():
        representative = countries[0]
        for direction in data.directions.values():
            for status in direction.statuses:
                for nationality in representative_nationalities(data, representative, on):
                    for region, run_topics in runs:
                        situation = Situation(direction.slug, nationality, representative, status, run_topics, on, region)
                        resolution = resolve(data, situation, at=at)
                        for result in resolution.topics:
                            if result.outcome is not None:
                                continue
                            kind = NO_OUTCOME if result.fiches else NO_FICHE
                            key = (direction.slug, resolution.group, status, result.topic, result.regime.kind, region, kind)
                            gaps.setdefault(key, set()).update(countries)
        per_country = sum(len(run_topics) for _region, run_topics in runs)
        combinations += sum(len(d.statuses) for d in data.directions.values()) * per_country * len(countries) * len(
            {c[0] for c in cases}
        )
    ordered = tuple(
        Gap(*key, countries=tuple(sorted(countries)))
        for key, countries in sorted(gaps.items(), key=lambda item: item[0])
    )
    return Matrix(date=on, combinations=combinations, classes=len(classes), gaps=ordered)


@dataclass(frozen=True)
class ReachRow:
    direction: str
    nationality_group: str
    status: str
    topic: str
    regime: str
    countries: tuple


def reach(data: SituationData, criteria, *, on: datetime.date) -> tuple:
    """Where a fiche with these criteria appears (whatever its revisions' states): the preview of an
    editor's change before publication."""
    from .resolver import matches

    topics = sorted({c.topic for c in criteria})
    if not topics:
        return ()
    found = {}
    for country in data.countries:
        if country == BELGIUM:
            continue
        for nationality in representative_nationalities(data, country, on):
            group = nationality_group(data, nationality, on)
            for topic in topics:
                probe = Situation("leaving", nationality, country, "", (topic,), on)
                regime = topic_regime(data, probe, topic)
                for direction in data.directions.values():
                    for status in direction.statuses:
                        situation = Situation(direction.slug, nationality, country, status, (topic,), on)
                        # The region is left open: a criterion for one region is shown where it may appear.
                        if any(c.topic == topic and matches(c, situation, group, regime) for c in criteria):
                            key = (direction.slug, group, status, topic, regime.kind)
                            found.setdefault(key, set()).add(country)
    return tuple(ReachRow(*key, countries=tuple(sorted(c))) for key, c in sorted(found.items()))
