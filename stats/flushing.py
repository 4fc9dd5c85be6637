"""From the shared store to the database: `manage.py flush_stats` (every 5 minutes) and the retention."""

import datetime
import logging
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import QueryDict
from django.utils import timezone

from situations.data import current_data
from situations.resolver import InvalidValue, Situation, resolve

from . import counting
from .models import DailyCount, Feedback, FlushedBatch

log = logging.getLogger(__name__)

Kind = DailyCount.Kind


@dataclass
class FlushReport:
    batches: int = 0
    already_in: int = 0
    rows: int = 0
    views: int = 0
    ignored: int = 0


def situation_of(data, direction: str, query: str) -> Situation:
    """The situation of a canonical result query; raises InvalidValue or ValueError."""
    params = QueryDict(query)
    date = params.get("date")
    return Situation.build(
        data,
        direction=direction,
        nationality=params.get("nationality"),
        country=params.get("country"),
        status=params.get("status"),
        topics=params.getlist("topic"),
        region=params.get("region"),
        date=datetime.date.fromisoformat(date) if date else None,
    )


class Rows:
    """Counts to add to the database, by DailyCount dimensions. A result query is resolved once."""

    def __init__(self, data, at):
        self.data, self.at = data, at
        self.counts = Counter()
        self.resolved = {}
        self.report = FlushReport()

    def add(self, day, field: str, number: int):
        parts = field.split("|")
        if parts[0] == "p" and len(parts) == 5:
            _p, language, page_type, direction, subject = parts
            self.counts[(day, Kind.PAGE, page_type, language, direction, "", "", "", "", "", subject)] += number
            self.report.views += number
        elif parts[0] == "r" and len(parts) == 4:
            _r, language, direction, query = parts
            found = self.situation(direction, query)
            if found is None:
                self.report.ignored += number
                return
            situation, group, empty = found
            for topic in situation.topics:
                dims = (language, situation.direction, group, situation.country, situation.status, topic,
                        situation.region, "")  # fmt: skip
                self.counts[(day, Kind.SITUATION, "result", *dims)] += number
                if topic in empty:
                    self.counts[(day, Kind.NO_FICHE, "result", *dims)] += number
        else:
            self.report.ignored += number

    def situation(self, direction, query):
        key = (direction, query)
        if key not in self.resolved:
            try:
                situation = situation_of(self.data, direction, query)
            except (InvalidValue, ValueError):
                self.resolved[key] = None
            else:
                resolution = resolve(self.data, situation, at=self.at)
                empty = {t.topic for t in resolution.topics if not t.fiches}
                self.resolved[key] = (situation, resolution.group, empty)
        return self.resolved[key]


def increment(day, dims: tuple, number: int):
    values = dict(zip(("kind", "page_type", "language", "direction", "nationality_group", "country", "status",
                       "topic", "region", "subject"), dims))  # fmt: skip
    values = {name: str(value)[: DailyCount._meta.get_field(name).max_length] for name, value in values.items()}
    if DailyCount.objects.filter(day=day, **values).update(count=F("count") + number):
        return
    try:
        with transaction.atomic():
            DailyCount.objects.create(day=day, count=number, **values)
    except IntegrityError:  # created meanwhile by another writer
        DailyCount.objects.filter(day=day, **values).update(count=F("count") + number)


def flush(store=None) -> FlushReport:
    """Moves every batch of the store into the database, each in one transaction with its name, so
    that a batch is never added twice (a flush that stopped after the commit finds it recorded)."""
    counting.tally.push()  # this process's own counts first (the tests; a command never counts)
    store = store or counting.store()
    data = current_data()
    report = FlushReport()
    try:
        for name, day, fields in store.claim():
            if FlushedBatch.objects.filter(name=name).exists():
                store.release(name)
                report.already_in += 1
                continue
            rows = Rows(data, timezone.now())
            for field, number in fields.items():
                rows.add(datetime.date.fromisoformat(day), field, number)
            try:
                with transaction.atomic():
                    for (row_day, *dims), number in rows.counts.items():
                        increment(row_day, tuple(dims), number)
                    FlushedBatch.objects.create(name=name)
            except Exception:
                store.give_back(day, fields)
                raise
            store.release(name)
            report.batches += 1
            report.rows += len(rows.counts)
            report.views += rows.report.views
            report.ignored += rows.report.ignored
    finally:
        store.unlock()
    return report


def prune(today=None) -> dict:
    """Deletes counts and feedback older than STATS_RETENTION_DAYS."""
    today = today or timezone.localdate()
    limit = today - datetime.timedelta(days=settings.STATS_RETENTION_DAYS)
    counts, _ = DailyCount.objects.filter(day__lt=limit).delete()
    _, feedback = Feedback.objects.filter(created__lt=limit).delete()
    # A batch's name is only needed until its flush has surely ended.
    FlushedBatch.objects.filter(flushed_at__lt=timezone.now() - datetime.timedelta(days=7)).delete()
    return {"counts": counts, "feedback": feedback.get("stats.Feedback", 0), "before": limit}
