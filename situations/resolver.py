"""Situation + date → for each topic, the regime, the fiches that apply and whom to contact.

A pure function over `SituationData`: no request, no template, no query.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from agreements.regime import APPLICABLE_LEGISLATION, BELGIUM, NO_AGREEMENT, REFUGEE, STATELESS, Regime

from .data import FicheInfo, RevisionInfo, SituationData
from .models import NationalityGroup

QUESTIONS = ("direction", "nationality", "country", "status", "topic", "region")


class InvalidValue(ValueError):
    """A value the wizard does not offer; names the question and the accepted values."""

    def __init__(self, question: str, value: str, accepted):
        self.question, self.value, self.accepted = question, value, list(accepted)
        super().__init__(f"{question} {value!r} is not valid; accepted: {', '.join(self.accepted)}")


@dataclass(frozen=True)
class Situation:
    direction: str
    nationality: str
    country: str
    status: str
    topics: tuple
    date: datetime.date
    region: str = ""  # where the child lives, for the topics that ask it ("" when not asked or not known)

    @classmethod
    def build(cls, data: SituationData, *, direction, nationality, country, status, topics, date=None, region=None):
        """Check every answer against the data and put it in canonical form (lower case, topics
        de-duplicated in topic order). Raises InvalidValue for the first wrong answer. The region is
        kept only when a chosen topic asks for it."""
        direction = (direction or "").strip().lower()
        if direction not in data.directions:
            raise InvalidValue("direction", direction, data.directions)
        values = {
            "nationality": (nationality or "").strip().lower(),
            "country": (country or "").strip().lower(),
            "status": (status or "").strip().lower(),
            "topic": tuple(dict.fromkeys((topic or "").strip().lower() for topic in topics)),
            "region": (region or "").strip().lower(),
        }
        if not values["region"]:
            del values["region"]
        problems = check_answers(data, direction, values)
        for question in QUESTIONS[1:]:
            if question in problems:
                raise InvalidValue(question, problems[question], accepted(data, direction, question))
        wanted = set(values["topic"])
        region = values.get("region", "")
        if not any(data.topics[topic].asks_region for topic in wanted):
            region = ""
        return cls(
            direction=direction,
            nationality=values["nationality"],
            country=values["country"],
            status=values["status"],
            topics=tuple(slug for slug in data.topics if slug in wanted),
            date=date or timezone.localdate(),
            region=region,
        )

    def query(self) -> list:
        """The answers as (question id, value) pairs in question order: the canonical query string."""
        return [
            ("nationality", self.nationality),
            ("country", self.country),
            ("status", self.status),
            *[("topic", topic) for topic in self.topics],
            *([("region", self.region)] if self.region else []),
        ]


def check_answers(data: SituationData, direction: str, values: dict) -> dict:
    """question → the value that is not acceptable, for the answers given (a question not in `values`
    is not checked). The one validator of answers: the wizard and `Situation.build` both use it."""
    problems = {}
    nationality = values.get("nationality")
    if nationality is not None and nationality not in data.countries and nationality not in (STATELESS, REFUGEE):
        problems["nationality"] = nationality
    country = values.get("country")
    if country is not None and (country not in data.countries or country == BELGIUM):
        problems["country"] = country
    status = values.get("status")
    if status is not None and status not in data.directions[direction].statuses:
        problems["status"] = status
    topics = values.get("topic")
    if topics is not None:
        unknown = [t for t in topics if t not in data.topics]
        if unknown or not topics:
            problems["topic"] = unknown[0] if unknown else ""
    region = values.get("region")
    if region is not None and region not in data.regions:
        problems["region"] = region
    return problems


def accepted(data: SituationData, direction: str, question: str) -> list:
    """The values a question accepts, for messages."""
    return {
        "nationality": ["<ISO 3166-1 alpha-2 code>", STATELESS, REFUGEE],
        "country": ["<ISO 3166-1 alpha-2 code other than be>"],
        "status": list(data.directions[direction].statuses),
        "topic": list(data.topics),
        "region": list(data.regions),
    }[question]


@dataclass(frozen=True)
class FicheMatch:
    fiche: FicheInfo
    revision: RevisionInfo
    specificity: int


@dataclass(frozen=True)
class TopicResult:
    topic: str
    regime: Regime
    fiches: tuple  # FicheMatch, most specific first, then editor order
    contact: str | None  # institution slug
    institutions: tuple

    @property
    def outcome(self) -> FicheMatch | None:
        """The most specific fiche that gives an answer in plain words."""
        return next((match for match in self.fiches if match.revision.has_outcome), None)


@dataclass(frozen=True)
class Resolution:
    situation: Situation
    group: str  # nationality group slug
    topics: tuple


def nationality_group(data: SituationData, nationality: str, on: datetime.date) -> str:
    eu_states = None
    for group in data.groups:
        rule = group.rule
        if rule == NationalityGroup.Rule.COUNTRIES and nationality in group.countries:
            return group.slug
        if rule == NationalityGroup.Rule.STATELESS_OR_REFUGEE and nationality in (STATELESS, REFUGEE):
            return group.slug
        if rule == NationalityGroup.Rule.EU_MEMBERS:
            if eu_states is None:
                eu_states = data.agreements.countries_of_kind("eu", on) | {BELGIUM}
            if nationality in eu_states:
                return group.slug
        if rule == NationalityGroup.Rule.OTHERS:
            return group.slug
    return ""


def topic_regime(data: SituationData, situation: Situation, topic: str) -> Regime:
    """The regime of the topic's first branch that an instrument covers (a topic maps to several
    branches: health care is sickness and maternity); with none, the first branch's reason."""
    first = None
    for branch in data.topics[topic].branches or (APPLICABLE_LEGISLATION,):
        found = data.agreements.regime(
            country=situation.country, nationality=situation.nationality, on=situation.date, branch=branch
        )
        if found.kind != NO_AGREEMENT.kind:
            return found
        first = first or found
    return first or NO_AGREEMENT


def matches(criterion, situation: Situation, group: str, regime: Regime) -> bool:
    """The definition of a criterion matching a situation (`CriteriaIndex` finds the same, faster)."""
    return (
        (not criterion.directions or situation.direction in criterion.directions)
        and (not criterion.statuses or situation.status in criterion.statuses)
        and (not criterion.groups or group in criterion.groups)
        and (not criterion.regime_kinds or regime.kind in criterion.regime_kinds)
        and (not criterion.instruments or not regime.instrument_slugs.isdisjoint(criterion.instruments))
        and (not criterion.countries or situation.country in criterion.countries)
        and (not criterion.regions or not situation.region or situation.region in criterion.regions)
    )


def resolve(data: SituationData, situation: Situation, *, at: datetime.datetime | None = None) -> Resolution:
    """`at` is the moment whose published revisions the public sees (now by default)."""
    at = at or timezone.now()
    group = nationality_group(data, situation.nationality, situation.date)
    results = []
    for topic in situation.topics:
        regime = topic_regime(data, situation, topic)
        index = data.index(topic)
        values = dict(
            direction=situation.direction, status=situation.status, group=group, regime_kind=regime.kind,
            country=situation.country, instruments=regime.instrument_slugs, region=situation.region,
        )  # fmt: skip

        def find(index=index, values=values):
            # The candidates come most specific first, then in the fiches' order: a fiche's first match
            # is its most specific one, and the matches are already in the order of the result.
            seen, found = set(), []
            for criterion in index.matching(**values):
                if criterion.fiche in seen:
                    continue
                fiche = data.fiches.get(criterion.fiche)
                revision = fiche.live_revision(at) if fiche else None
                if revision is None:
                    continue
                seen.add(criterion.fiche)
                found.append(data.match(criterion, fiche, revision))
            return tuple(found)

        # Situations alike for the criteria share their answer while no publication is due.
        ordered = data.answers.get((topic, index.key(**values)), find) if data.steady_at(at) else find()
        info = data.topics[topic]
        results.append(TopicResult(topic, regime, ordered, info.contact, info.institutions))
    return Resolution(situation=situation, group=group, topics=tuple(results))
