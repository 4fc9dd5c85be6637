"""Why a regime applies, as a code the templates turn into one plain sentence per language."""

import datetime

from agreements.regime import KIND_ORDER, REFUGEE, STATELESS
from situations.data import SituationData
from situations.resolver import Situation, TopicResult


def reason(data: SituationData, situation: Situation, result: TopicResult) -> str:
    kind = result.regime.kind
    if kind == "eu":
        if situation.nationality in (STATELESS, REFUGEE):
            return "eu-stateless"
        eu_states = data.agreements.states_bound(result.regime.instrument_slug, situation.date)
        return "eu-national" if situation.nationality in eu_states else "eu-resident"
    if kind in ("uk", "bilateral"):
        return kind
    return _why_none(data, situation, result.topic, situation.date)


def _why_none(data: SituationData, situation: Situation, topic: str, on: datetime.date) -> str:
    rows = [
        row
        for row in data.agreements.coverages.get(situation.country, ())
        if row.instrument.kind in KIND_ORDER and row.applies_on(on)
    ]
    if not rows:
        return "none-no-agreement"
    branches = set(data.topics[topic].branches)
    if any(branches & row.instrument.branches for row in rows):
        return "none-person"
    return "none-branch"
