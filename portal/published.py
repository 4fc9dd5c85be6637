"""`?published=YYYY-MM-DD`: a result or fiche page as the public saw it at the end of that day
(Europe/Brussels), so that a citation can be reproduced: the revisions live then (also those withdrawn
since), the amounts published by then, and, unless `date=` says otherwise, the rules of that day.

Decision record: docs/decisions/0006-reproducible-citations.md.
"""

import dataclasses
import datetime
import re

from django.shortcuts import render
from django.utils import timezone

from situations.data import Memo, SituationData

DAY = re.compile(r"\d{4}-\d{2}-\d{2}")  # only this spelling: one address per day (no 2026-W49-2)


class NotPublished(ValueError):
    """A `published=` value that names no day the site can show; `reason` says which case."""

    def __init__(self, value: str, reason: str, first: datetime.date | None = None):
        self.value, self.reason, self.first = value, reason, first
        super().__init__(f"published={value!r}: {reason}")


def moment(day: datetime.date) -> datetime.datetime:
    """The end of the day in the site's time zone, or now for today (what is scheduled later today
    was not public yet: a permalink made today shows what the reader saw)."""
    next_midnight = timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time()))
    return min(next_midnight - datetime.timedelta(microseconds=1), timezone.now())


def first_publication(data: SituationData) -> datetime.date | None:
    """The day the first revision still known was published, in the site's time zone: found once per
    snapshot (it reads every revision), not on every request that names a day."""

    def earliest_day():
        earliest = min((r.publish_from for f in data.fiches.values() for r in f.revisions), default=None)
        return timezone.localdate(earliest) if earliest else None

    return data.rendered.get(("first-publication",), earliest_day)


def parse(value: str | None, data: SituationData) -> datetime.date | None:
    """None without the parameter; raises NotPublished for anything but a day in YYYY-MM-DD from the
    first publication to today."""
    if value is None:
        return None
    try:
        if not DAY.fullmatch(value):
            raise ValueError(value)
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise NotPublished(value, "format") from None
    if day > timezone.localdate():
        raise NotPublished(value, "future")
    first = first_publication(data)
    if first is None or day < first:
        raise NotPublished(value, "too-early", first)
    return day


def as_published(data: SituationData, at: datetime.datetime) -> SituationData:
    """The snapshot with the amount values published after `at` left out. Revisions need no such
    copy (`resolve(..., at=)` and `live_revision(at)` pick them); the copy gets memos of its own, so
    that a text rendered with other amounts is never kept for the present pages."""
    published = data.amount_published
    late = {key for key, when in published.items() if when is not None and when > at}
    if not late:
        return data
    amounts = {
        slug: (unit, [(start, value) for start, value in values if (slug, start) not in late])
        for slug, (unit, values) in data.amounts.items()
    }
    return dataclasses.replace(data, amounts=amounts, matches={}, answers=Memo(1), rendered=Memo(256))


def unshared(fiches: list) -> list:
    """Fiche contexts rendered from a copy made by `as_published`, without the key the template tag
    uses to keep their HTML with the served snapshot."""
    return [{k: v for k, v in fiche.items() if k != "memo_key"} for fiche in fiches]


def not_available(request, error: NotPublished, current_url: str):
    """400: `published=` names no day that can be shown (mistyped, in the future, before the first
    publication). A clear page with a link to today's version, never an error of the server."""
    context = {"reason": error.reason, "value": error.value, "first": error.first, "current_url": current_url}
    return render(request, "portal/published_not_available.html", context, status=400)


def fiche_not_public(request, slug: str, day: datetime.date):
    """404: the fiche exists but was not on the site that day (not yet published, or withdrawn)."""
    context = {"reason": "not-public", "day": day, "slug": slug}
    return render(request, "portal/published_not_available.html", context, status=404)
