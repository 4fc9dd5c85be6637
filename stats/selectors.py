"""What the statistics pages and the CSV export show, for whom. Every count under STATS_MIN_COUNT
is replaced by None here, before any view or export sees it, so no page can show it."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy

from factsheets import roles
from factsheets.models import Institution
from situations.data import current_data

from .models import DailyCount, Feedback

PERIODS = (7, 30, 90, 365)
DEFAULT_PERIOD = 30
SITUATION_FIELDS = ("direction", "nationality_group", "country", "status", "topic", "region")


# The public pages' URL names (portal/urls.py), as the statistics show them; any other name is shown as is.
PAGE_TYPES = {
    "home": gettext_lazy("Home page"),
    "start": gettext_lazy("Start page"),
    "question": gettext_lazy("Question"),
    "result": gettext_lazy("Result page"),
    "countries": gettext_lazy("Countries A–Z"),
    "country": gettext_lazy("Country page"),
    "institutions": gettext_lazy("Institutions"),
    "institution": gettext_lazy("Institution page"),
    "fiche": gettext_lazy("Information sheet"),
    "fiche_history": gettext_lazy("History of an information sheet"),
    "search": gettext_lazy("Search"),
    "accessibility": gettext_lazy("Accessibility"),
    "privacy": gettext_lazy("Privacy"),
    "contact": gettext_lazy("Contact"),
}


def shown(number):
    """The number, or None when it is under the threshold (templates say "fewer than N")."""
    return number if number is not None and number >= settings.STATS_MIN_COUNT else None


@dataclass
class Scope:
    """What a user may see: one institution's subjects and fiches, or everything (institution None)."""

    institution: Institution | None
    topics: tuple | None = None  # None: every topic
    fiches: tuple | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None
    days: int = DEFAULT_PERIOD

    @property
    def everything(self):
        return self.institution is None


def may_see_statistics(user) -> bool:
    return roles.sees_everything(user) or (roles.is_institution_staff(user) and roles.institution_id(user) is not None)


def scope_for(user, *, institution: str = "", days=None) -> Scope:
    """Editors and reviewers: their institution, whatever they ask. Architects: the one they choose,
    or all. Anyone else: refused."""
    if not may_see_statistics(user):
        raise PermissionDenied
    if roles.sees_everything(user):
        chosen = Institution.objects.filter(slug=institution).first() if institution else None
    else:
        chosen = Institution.objects.get(pk=roles.institution_id(user))
    try:
        days = int(days)
    except (TypeError, ValueError):
        days = DEFAULT_PERIOD
    if days not in PERIODS:
        days = DEFAULT_PERIOD
    end = timezone.localdate()
    scope = Scope(chosen, start=end - datetime.timedelta(days=days - 1), end=end, days=days)
    if chosen is not None:
        data = current_data()
        scope.topics = tuple(slug for slug, topic in data.topics.items() if chosen.slug in topic.institutions)
        scope.fiches = tuple(slug for slug, fiche in data.fiches.items() if fiche.institution == chosen.slug)
    return scope


def _counts(scope: Scope, kind):
    rows = DailyCount.objects.filter(kind=kind).between(scope.start, scope.end)
    if scope.topics is not None and kind != DailyCount.Kind.PAGE:
        rows = rows.for_topics(scope.topics)
    if scope.fiches is not None and kind == DailyCount.Kind.PAGE:
        rows = rows.filter(
            Q(page_type="fiche", subject__in=scope.fiches) | Q(page_type="institution", subject=scope.institution.slug)
        )
    return rows


def labels():
    """Readable names of the dimensions' values, in the active language."""
    data = current_data()
    names = {
        "direction": {slug: d.name() for slug, d in data.directions.items()},
        "nationality_group": {g.slug: g.name() for g in data.groups},
        "status": {slug: s.name() for slug, s in data.statuses.items()},
        "topic": {slug: t.name() for slug, t in data.topics.items()},
        "region": {slug: r.name() for slug, r in data.regions.items()},
    }
    from django.utils.translation import get_language

    language = get_language() or "en"
    names["country"] = {code: n.get(language) or n.get("en") or code for code, n in data.countries.items()}
    return names


def situations(scope: Scope, kind=DailyCount.Kind.SITUATION, limit=25) -> list:
    """The situations (one subject each) most looked up in the period, most first; counts under the
    threshold are None (they sort last)."""
    rows = (
        _counts(scope, kind)
        .values(*SITUATION_FIELDS)
        .annotate(total=Sum("count"))
        .order_by("-total", *SITUATION_FIELDS)
    )
    if limit:
        rows = rows[:limit]
    names = labels()
    found = []
    for row in rows:
        entry = {name: row[name] for name in SITUATION_FIELDS}
        entry["labels"] = {name: names[name].get(row[name], row[name]) for name in SITUATION_FIELDS}
        entry["count"] = shown(row["total"])
        found.append(entry)
    return found


def per_day(scope: Scope, kind) -> list:
    """[(day, count or None)] for every day of the period, oldest first."""
    totals = dict(_counts(scope, kind).values_list("day").annotate(total=Sum("count")).values_list("day", "total"))
    days = [scope.start + datetime.timedelta(days=n) for n in range(scope.days)]
    return [(day, shown(totals.get(day, 0))) for day in days]


def pages(scope: Scope) -> list:
    rows = (
        _counts(scope, DailyCount.Kind.PAGE)
        .values("page_type", "language")
        .annotate(total=Sum("count"))
        .order_by("-total", "page_type", "language")
    )
    return [
        {"page_type": r["page_type"], "label": PAGE_TYPES.get(r["page_type"], r["page_type"]), "language": r["language"],
         "count": shown(r["total"])}
        for r in rows
    ]  # fmt: skip


def feedback(scope: Scope):
    """The answers the scope may read (editors: those about their institution's pages)."""
    answers = Feedback.objects.filter(created__gte=scope.start, created__lte=scope.end)
    if scope.institution is not None:
        answers = answers.for_institution(scope.institution)
    return answers


def feedback_summary(scope: Scope) -> dict:
    totals = feedback(scope).aggregate(yes=Count("id", filter=Q(useful=True)), no=Count("id", filter=Q(useful=False)))
    return {"yes": shown(totals["yes"]), "no": shown(totals["no"])}
