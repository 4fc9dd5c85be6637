"""The wizard's state lives in the query string, keyed by question id. This module cleans it and
picks the next question; what applies is decided in `situations`.

Questions in order: (direction, in the path) → nationality → country → status → topic (one or more)
→ region (where the child lives, only when a chosen topic asks for it). Each question's options and
texts live in `questions`; which answers are valid is decided by `situations.resolver.check_answers`.
"""

import datetime
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from situations.data import SituationData
from situations.resolver import check_answers

from .questions import BY_ID

QUESTIONS = tuple(BY_ID)
SINGLE = tuple(q for q in QUESTIONS if not BY_ID[q].multiple)
MAX_VALUE_LENGTH = 40
PLAIN = re.compile(r"[A-Za-z0-9_.~-]*\Z")
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass
class Answers:
    """Answers as given, in canonical form; `errors` maps a question to its problem code."""

    values: dict = field(default_factory=dict)  # question → str, or tuple for topic
    date: str | None = None
    published: str | None = None  # the page as published on that day (portal.published)

    def pairs(self) -> list:
        """(key, value) in canonical order: the questions in order, topics in topic order, then the date,
        then the day of publication."""
        pairs = []
        for question in QUESTIONS:
            value = self.values.get(question)
            if value is not None:
                pairs += [(question, v) for v in value] if BY_ID[question].multiple else [(question, value)]
        if self.date:
            pairs.append(("date", self.date))
        if self.published:
            pairs.append(("published", self.published))
        return pairs

    def query(self) -> str:
        pairs = self.pairs()
        # Answers are slugs and dates: characters urlencode leaves as they are (a fast path, the same text).
        if all(PLAIN.match(key) and PLAIN.match(value) for key, value in pairs):
            return "&".join(f"{key}={value}" for key, value in pairs)
        return urlencode(pairs)


PLAIN_QUERY = re.compile(r"[A-Za-z0-9_.~=&-]*\Z")


def query_params(request):
    """The query's fields, as request.GET has them. A query of plain characters (no %, + or other
    escaping: every canonical address of the wizard) is split here, which gives the same keys and
    values in the same order several times faster than Django's parser; any other query, or one
    with more fields than DATA_UPLOAD_MAX_NUMBER_FIELDS (Django answers it with 400), is Django's."""
    query = request.META.get("QUERY_STRING", "")
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    if not PLAIN_QUERY.match(query) or (limit is not None and query.count("&") >= limit):
        return request.GET
    fields = {}
    for pair in query.split("&"):
        if pair:
            key, _, value = pair.partition("=")
            fields.setdefault(key, []).append(value)
    return MultiValueDict(fields)


def clean(data: SituationData, params) -> Answers:
    """Keep the known keys, the first value of single questions, topics de-duplicated in topic
    order, values lower-cased; drop everything else, and the region when no chosen topic asks for it.
    Values are not validated here."""
    answers = Answers()
    for question in SINGLE:
        values = [v.strip().lower() for v in params.getlist(question) if v.strip()]
        if values:
            answers.values[question] = values[0][:MAX_VALUE_LENGTH]
    topics = {v.strip().lower()[:MAX_VALUE_LENGTH] for v in params.getlist("topic") if v.strip()}
    if topics:
        known = [slug for slug in data.topics if slug in topics]
        answers.values["topic"] = tuple(known + sorted(topics - set(known)))
    if "region" in answers.values and not BY_ID["region"].asked(data, answers.values):
        del answers.values["region"]
    dates = [v.strip() for v in params.getlist("date") if v.strip()]
    if dates:
        answers.date = dates[0][:MAX_VALUE_LENGTH]
    published = [v.strip() for v in params.getlist("published") if v.strip()]
    if published:
        answers.published = published[0][:MAX_VALUE_LENGTH]
    return answers


def invalid_questions(data: SituationData, direction: str, answers: Answers) -> dict:
    """question → the value that is not acceptable."""
    return check_answers(data, direction, answers.values)


def asked(data: SituationData, answers: Answers) -> tuple:
    """The questions this person is asked, in order."""
    return tuple(q for q in QUESTIONS if BY_ID[q].asked(data, answers.values))


# Rules of another day: from the first coordination regulations to a little after today (scheduled
# changes), so that a date cannot make endless distinct addresses.
EARLIEST_DATE = datetime.date(1959, 1, 1)
LATEST_YEARS_AHEAD = 3


def parse_date(value: str | None) -> datetime.date | None:
    """None for no date; raises ValueError for anything but YYYY-MM-DD between 1 January 1959 and
    three years from today."""
    if value is None:
        return None
    if not ISO_DAY.fullmatch(value):  # fromisoformat also reads 2026-W48-1: a second address for one day
        raise ValueError(value)
    day = datetime.date.fromisoformat(value)
    today = timezone.localdate()
    if not EARLIEST_DATE <= day <= today.replace(year=today.year + LATEST_YEARS_AHEAD, day=min(today.day, 28)):
        raise ValueError(value)
    return day


def first_missing(data: SituationData, answers: Answers) -> str | None:
    return next((q for q in asked(data, answers) if q not in answers.values), None)
