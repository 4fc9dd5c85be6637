"""What changed, newest first, as plain entries for the Atom feeds: a fiche published, changed (a new
revision published) or withdrawn, a new amount value, an instrument's dates. Read from the fiches'
trail (`factsheets.Event`) and the instruments' changes of dates (`agreements.InstrumentChange`), a
few queries whatever the amount of content, each bounded to the latest LIMIT.

A scheduled publication is an entry from its moment on, never before; a publication scheduled and
withdrawn before its moment never is. Drafts and submissions are never entries."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, DateTimeField, Exists, F, OuterRef, Q, Subquery, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext

from agreements.models import InstrumentChange
from agreements.regime import pick_text
from factsheets.models import Event, Revision
from factsheets.text import expand, for_direction, format_amount, long_date

LIMIT = 50
Step = Event.Step


@dataclass(frozen=True)
class Entry:
    key: str  # stable and unique: the id of the Atom entry is made from it
    at: datetime.datetime
    title: str
    summary: str
    link: str  # the fiche (or the page of what changed)
    related: str = ""  # the history page at the revision, when there is one
    author: str = ""
    category: str = ""


@dataclass(frozen=True)
class Scope:
    """Which changes a feed lists. `fiches` None: every fiche; `institution`: its fiches and amounts;
    `country`: its instruments' changes too (else every instrument's, when `instruments` is True)."""

    fiches: frozenset | None = None
    institution: str | None = None
    country: str | None = None
    instruments: bool = False


def changes(data, scope: Scope, *, now: datetime.datetime | None = None, limit: int = LIMIT) -> list:
    now = now or timezone.now()
    language = get_language() or "en"
    found = [
        *fiche_entries(data, scope, now, language, limit),
        *amount_entries(data, scope, now, language, limit),
        *instrument_entries(data, scope, now, language, limit),
    ]
    return sorted(found, key=lambda e: (e.at, e.key), reverse=True)[:limit]


def _texts(obj, name) -> dict:
    return {lang: getattr(obj, f"{name}_{lang}") or "" for lang in Revision.LANGUAGES}


def _text(data, revision, name, language) -> str:
    """A revision's text as the pages print it: named amounts filled in, every direction's passages."""
    text = for_direction(pick_text(_texts(revision, name), language), None)
    return expand(text, language=language, amounts=data.amounts, on=timezone.localdate())


def _fiche_links(data, slug, number, now):
    fiche = data.fiches.get(slug)
    history = reverse("fiche_history", args=[slug]) + f"#revision-{number}"
    live = fiche is not None and fiche.live_revision(now) is not None
    return (reverse("fiche", args=[slug]) if live else history), history


def fiche_entries(data, scope, now, language, limit) -> list:
    events = Event.objects.filter(step__in=[Step.PUBLISHED, Step.SCHEDULED, Step.WITHDRAWN], revision__isnull=False)
    if scope.fiches is not None:
        events = events.filter(fiche__slug__in=scope.fiches)
    if scope.institution:
        events = events.filter(fiche__institution__slug=scope.institution)
    events = events.annotate(
        moment=Case(
            When(step=Step.WITHDRAWN, then=F("revision__withdrawn_at")),
            default=F("revision__publish_from"),
            output_field=DateTimeField(),
        ),
        # Published when an earlier revision had been: a change, not a first publication.
        earlier=Exists(
            Revision.objects.ever_published().filter(
                fiche=OuterRef("fiche"), publish_from__lt=OuterRef("revision__publish_from")
            )
        ),
        # A withdrawal takes off every revision of the fiche at one moment: one entry, for the
        # revision that was public then.
        hidden_by=Exists(
            Revision.objects.filter(
                Q(publish_from__gt=OuterRef("revision__publish_from"))
                | Q(publish_from=OuterRef("revision__publish_from"), number__gt=OuterRef("revision__number")),
                fiche=OuterRef("fiche"),
                withdrawn_at=OuterRef("revision__withdrawn_at"),
                publish_from__lte=OuterRef("revision__withdrawn_at"),
            )
        ),
    )
    events = (
        events.filter(moment__lte=now)
        # A publication withdrawn before its moment was never public.
        .exclude(revision__withdrawn_at__lte=F("revision__publish_from"))
        .exclude(step=Step.WITHDRAWN, hidden_by=True)
        .select_related("revision", "fiche__institution")
        .order_by("-moment", "-pk")[:limit]
    )
    entries = []
    for event in events:
        revision, fiche = event.revision, event.fiche
        title = _text(data, revision, "title", language)
        link, history = _fiche_links(data, fiche.slug, revision.number, now)
        day = long_date(timezone.localdate(event.moment), language)
        if event.step == Step.WITHDRAWN:
            heading = gettext("Withdrawn: %(title)s") % {"title": title}
            summary = gettext("The information sheet was taken off the site on %(date)s.") % {"date": day}
            category = "withdrawn"
        elif event.earlier:
            heading = gettext("Changed: %(title)s") % {"title": title}
            summary = gettext("Revision %(number)s published on %(date)s.") % {"number": revision.number, "date": day}
            if revision.change_note:
                summary += " " + gettext("What changed: %(note)s") % {"note": revision.change_note}
            category = "changed"
        else:
            heading = gettext("New information sheet: %(title)s") % {"title": title}
            summary = gettext("Published on %(date)s.") % {"date": day} + " " + _text(data, revision, "summary", language)
            category = "published"
        entries.append(
            Entry(
                key=f"fiche-event-{event.pk}", at=event.moment, title=heading, summary=summary.strip(), link=link,
                related=history, author=fiche.institution.name, category=category,
            )
        )  # fmt: skip
    return entries


def amount_entries(data, scope, now, language, limit) -> list:
    """One entry per value published, linked to a fiche that quotes it (in the feed's scope)."""
    events = Event.objects.filter(step=Step.AMOUNT_PUBLISHED, amount_value__isnull=False, at__lte=now)
    if scope.fiches is not None:
        events = events.filter(fiche__slug__in=scope.fiches)
    if scope.institution:
        events = events.filter(amount_value__amount__institution__slug=scope.institution)
    first = events.filter(amount_value=OuterRef("amount_value")).order_by("pk").values("pk")[:1]
    events = (
        events.filter(pk=Subquery(first))
        .select_related("amount_value__amount__institution", "fiche")
        .order_by("-at", "-pk")[:limit]
    )
    entries = []
    for event in events:
        value = event.amount_value
        amount = value.amount
        label = pick_text(_texts(amount, "label"), language)
        figure = format_amount(value.value, amount.unit, value.applies_from, language)
        quoting = data.fiches.get(event.fiche.slug) if event.fiche is not None else None
        if quoting is not None and quoting.live_revision(now) is not None:
            link = reverse("fiche", args=[quoting.slug])
        else:  # quoted by no fiche public now: its institution's page
            link = reverse("institution", args=[amount.institution.slug])
        entries.append(
            Entry(
                key=f"amount-event-{event.pk}", at=event.at,
                title=gettext("New amount: %(label)s") % {"label": label},
                summary=gettext("%(label)s: %(figure)s.") % {"label": label, "figure": figure},
                link=link, author=amount.institution.name, category="amount",
            )
        )  # fmt: skip
    return entries


def _period(start, end, language) -> str:
    if start is None:
        return gettext("no date of entry into force")
    if end is None:
        return gettext("from %(start)s") % {"start": long_date(start, language)}
    return gettext("from %(start)s to %(end)s") % {"start": long_date(start, language), "end": long_date(end, language)}


def instrument_entries(data, scope, now, language, limit) -> list:
    if scope.country:
        covering = {row.instrument.slug for row in data.agreements.coverages.get(scope.country, ())}
        changes = InstrumentChange.objects.filter(
            Q(country=scope.country) | Q(country__isnull=True, instrument__slug__in=covering)
        )
    elif scope.instruments:
        changes = InstrumentChange.objects.all()
    else:
        return []
    changes = changes.filter(at__lte=now).select_related("instrument", "country").order_by("-at", "-pk")[:limit]
    entries = []
    for change in changes:
        name = pick_text(_texts(change.instrument, "name"), language)
        country = pick_text(_texts(change.country, "name"), language) if change.country_id else ""
        before = _period(change.from_before, change.until_before, language)
        after = _period(change.from_after, change.until_after, language)
        kind = InstrumentChange.Kind
        if change.kind == kind.DATES:
            title = gettext("Dates changed: %(instrument)s") % {"instrument": name}
            summary = gettext("It now applies %(after)s (before: %(before)s).") % {"after": after, "before": before}
        elif change.kind == kind.COUNTRY_ADDED:
            title = gettext("%(instrument)s: %(country)s covered") % {"instrument": name, "country": country}
            summary = gettext("It applies to %(country)s %(after)s.") % {"country": country, "after": after}
        elif change.kind == kind.COUNTRY_DATES:
            title = gettext("%(instrument)s: dates for %(country)s changed") % {"instrument": name, "country": country}
            summary = gettext("It now applies to %(country)s %(after)s (before: %(before)s).") % {
                "country": country, "after": after, "before": before,
            }  # fmt: skip
        else:
            title = gettext("%(instrument)s: %(country)s no longer listed") % {"instrument": name, "country": country}
            summary = gettext("The period %(before)s was removed for %(country)s.") % {"before": before, "country": country}
        link = reverse("country", args=[change.country_id]) if change.country_id else reverse("countries")
        if scope.country and not change.country_id:
            link = reverse("country", args=[scope.country])
        entries.append(
            Entry(
                key=f"instrument-change-{change.pk}", at=change.at, title=title, summary=summary, link=link,
                author=gettext("FPS Social Security"), category="instrument",
            )
        )  # fmt: skip
    return entries
