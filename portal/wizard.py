"""The wizard's state lives in the query string, keyed by question id. This module cleans it and
picks the next question; what applies is decided in `situations`.

Questions in order: (direction, in the path) → nationality → country → status → topic (one or more).
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from agreements.regime import BELGIUM, REFUGEE, STATELESS
from situations.data import SituationData

QUESTIONS = ("nationality", "country", "status", "topic")
SINGLE = ("nationality", "country", "status")
MAX_VALUE_LENGTH = 40


@dataclass
class Answers:
    """Answers as given, in canonical form; `errors` maps a question to its problem code."""

    values: dict = field(default_factory=dict)  # question → str, or tuple for topic
    date: str | None = None

    def pairs(self) -> list:
        """(key, value) in canonical order: the questions in order, topics in topic order, then the date."""
        pairs = []
        for question in QUESTIONS:
            value = self.values.get(question)
            if value is not None:
                pairs += [(question, v) for v in value] if question == "topic" else [(question, value)]
        if self.date:
            pairs.append(("date", self.date))
        return pairs

    def query(self) -> str:
        return urlencode(self.pairs())


def clean(data: SituationData, params) -> Answers:
    """Keep the known keys, the first value of single questions, topics de-duplicated in topic
    order, values lower-cased; drop everything else. Values are not validated here."""
    answers = Answers()
    for question in SINGLE:
        values = [v.strip().lower() for v in params.getlist(question) if v.strip()]
        if values:
            answers.values[question] = values[0][:MAX_VALUE_LENGTH]
    topics = {v.strip().lower()[:MAX_VALUE_LENGTH] for v in params.getlist("topic") if v.strip()}
    if topics:
        known = [slug for slug in data.topics if slug in topics]
        answers.values["topic"] = tuple(known + sorted(topics - set(known)))
    dates = [v.strip() for v in params.getlist("date") if v.strip()]
    if dates:
        answers.date = dates[0][:MAX_VALUE_LENGTH]
    return answers


def invalid_questions(data: SituationData, direction: str, answers: Answers) -> dict:
    """question → the value that is not acceptable."""
    problems = {}
    values = answers.values
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
    if topics is not None and any(t not in data.topics for t in topics):
        problems["topic"] = next(t for t in topics if t not in data.topics)
    return problems


def parse_date(value: str | None) -> datetime.date | None:
    """None for no date; raises ValueError for anything but YYYY-MM-DD."""
    if value is None:
        return None
    if len(value) != 10:
        raise ValueError(value)
    return datetime.date.fromisoformat(value)


def first_missing(answers: Answers) -> str | None:
    return next((q for q in QUESTIONS if q not in answers.values), None)
