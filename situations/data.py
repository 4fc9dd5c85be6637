"""Everything the resolver needs, read from the database in a fixed number of queries and kept in
memory as plain data. Any change to the reference data or the content bumps a version number in the
shared cache; every process reloads its copy when it sees a new version."""

import datetime
import functools
import logging
import os
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import F, Prefetch
from django.utils import timezone

from agreements.models import Country
from agreements.regime import UNINHABITED, AgreementData, pick_text
from factsheets.models import Amount, AmountValue, Fiche, Institution, Reference, Revision
from factsheets.text import AMOUNT

from .models import (
    Criterion,
    Direction,
    NationalityGroup,
    RegimeKind,
    Region,
    Status,
    Topic,
    TopicInstitution,
)

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
VERSION_KEY = "situations:data-version"
log = logging.getLogger(__name__)


def texts(obj, name):
    return {lang: getattr(obj, f"{name}_{lang}") or "" for lang in LANGUAGES}


@dataclass(frozen=True, eq=False)
class Named:
    slug: str
    names: dict
    order: int = 0
    descriptions: dict = field(default_factory=dict)

    def name(self, language=None):
        return pick_text(self.names, language)

    def description(self, language=None):
        return pick_text(self.descriptions, language)


@dataclass(frozen=True, eq=False)
class TopicInfo(Named):
    branches: tuple = ()
    contact: str | None = None
    institutions: tuple = ()
    asks_region: bool = False


@dataclass(frozen=True, eq=False)
class DirectionInfo(Named):
    statuses: tuple = ()
    titles: dict = field(default_factory=dict)

    def title(self, language=None):
        return pick_text(self.titles, language)


@dataclass(frozen=True, eq=False)
class GroupInfo(Named):
    rule: str = NationalityGroup.Rule.OTHERS
    countries: frozenset = frozenset()


@dataclass(frozen=True, eq=False)
class InstitutionInfo:
    slug: str
    acronyms: dict
    names: dict
    websites: dict
    contact_urls: dict
    email: str
    phone: str
    descriptions: dict = field(default_factory=dict)
    addresses: dict = field(default_factory=dict)

    def description(self, language=None):
        return pick_text(self.descriptions, language)

    def address(self, language=None):
        return pick_text(self.addresses, language)

    def contact_url(self, language=None):
        return pick_text(self.contact_urls, language)

    def name(self, language=None):
        return pick_text(self.names, language)

    def acronym(self, language=None):
        return pick_text(self.acronyms, language)

    def website(self, language=None):
        return pick_text(self.websites, language)


@dataclass(frozen=True, eq=False)
class RevisionInfo:
    number: int
    publish_from: datetime.datetime
    titles: dict
    summaries: dict
    bodies: dict
    last_reviewed: datetime.date
    references: tuple = ()  # ReferenceInfo, legal basis first
    outcomes: dict = field(default_factory=dict)  # language → the answer in plain words, or ""
    change_note: str = ""  # the reviewer's line for the public history
    withdrawn_at: datetime.datetime | None = None  # public from publish_from until then

    @property
    def has_outcome(self) -> bool:
        return any(self.outcomes.values())

    @functools.cached_property
    def amount_names(self) -> frozenset:
        """The named amounts its texts quote: their values on the date are all its text depends on."""
        return frozenset(
            name
            for texts in (self.titles, self.summaries, self.bodies, self.outcomes)
            for text in texts.values()
            for name in AMOUNT.findall(text or "")
        )

    @property
    def quotes_amounts(self) -> bool:
        """Whether its text changes with the date (it quotes a named amount)."""
        return bool(self.amount_names)

    def amounts_on(self, amounts: dict, on: datetime.date) -> tuple | None:
        """What its text depends on at that date: the value in force of each amount it quotes
        (`amounts` as in SituationData), or None when it quotes none. Two dates with the same values
        give the same text, so renderings are kept per values, not per date."""
        if not self.amount_names:
            return None
        return tuple(
            (name, next(((start, value) for start, value in amounts.get(name, (None, ()))[1] if start <= on), None))
            for name in sorted(self.amount_names)
        )


@dataclass(frozen=True, eq=False)
class ReferenceInfo:
    kind: str
    labels: dict
    urls: dict

    def label(self, language=None):
        return pick_text(self.labels, language)

    def url(self, language=None):
        return pick_text(self.urls, language)


@dataclass(frozen=True, eq=False)
class FicheInfo:
    id: int
    slug: str
    institution: str
    order: int
    revisions: tuple  # revisions published (or scheduled) and those since withdrawn, newest publication first

    def live_revision(self, at: datetime.datetime):
        """What the public saw at `at`: the latest revision published at or before it and not withdrawn
        at or before it (`RevisionQuerySet.live` is the same rule in SQL; a test holds them equal)."""
        for revision in self.revisions:  # newest publication first
            if revision.publish_from <= at and (revision.withdrawn_at is None or at < revision.withdrawn_at):
                return revision
        return None


@dataclass(frozen=True, eq=False)
class CriterionInfo:
    fiche: str
    topic: str
    directions: frozenset
    statuses: frozenset
    groups: frozenset
    regime_kinds: frozenset
    instruments: frozenset
    countries: frozenset
    regions: frozenset = frozenset()

    @functools.cached_property
    def specificity(self) -> int:
        """How many dimensions the criterion narrows: 0 is the most general."""
        return sum(
            bool(d)
            for d in (
                self.directions, self.statuses, self.groups, self.regime_kinds, self.instruments, self.countries,
                self.regions,
            )
        )  # fmt: skip


class Memo:
    """A bounded memo (least recently used out first), its entries kept at most `seconds` when given:
    what is rendered once per snapshot, and the pages a process served lately (portal.caching)."""

    _MISSING = object()

    def __init__(self, size: int, seconds: float | None = None):
        self.size, self.seconds, self.items, self.lock = size, seconds, OrderedDict(), threading.Lock()

    def peek(self, key, default=None):
        with self.lock:
            item = self.items.get(key, self._MISSING)
            if item is self._MISSING:
                return default
            expires, value = item
            if expires is not None and expires <= time.monotonic():
                del self.items[key]
                return default
            self.items.move_to_end(key)
            return value

    def expires_at(self, key) -> float | None:
        """When the entry expires (time.monotonic()), or None when it is missing or never expires."""
        with self.lock:
            item = self.items.get(key)
            return item[0] if item else None

    def put(self, key, value, seconds: float | None = None):
        seconds = self.seconds if seconds is None else seconds
        expires = None if seconds is None else time.monotonic() + seconds
        with self.lock:
            self.items[key] = (expires, value)
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return value

    def get(self, key, make):
        value = self.peek(key, self._MISSING)
        return self.put(key, make()) if value is self._MISSING else value


class CriteriaIndex:
    """The criteria of one topic, indexed by value: finding those that match a situation costs a few
    set operations on bit masks, not a scan of every criterion (`resolver.matches` is the definition;
    a test holds the two equal). An empty dimension of a criterion accepts every value."""

    DIMENSIONS = ("directions", "statuses", "groups", "regime_kinds", "countries", "instruments", "regions")

    def __init__(self, criteria, order=None):
        """`order`: a sort key; `matching` then returns the criteria in that order."""
        self.criteria = tuple(sorted(criteria, key=order) if order else criteria)
        self.everything = (1 << len(self.criteria)) - 1
        self.wildcard = dict.fromkeys(self.DIMENSIONS, 0)
        self.accept = {dimension: {} for dimension in self.DIMENSIONS}
        for position, criterion in enumerate(self.criteria):
            bit = 1 << position
            for dimension in self.DIMENSIONS:
                values = getattr(criterion, dimension)
                if not values:
                    self.wildcard[dimension] |= bit
                for value in values:
                    self.accept[dimension][value] = self.accept[dimension].get(value, 0) | bit

    def key(self, *, direction, status, group, regime_kind, country, instruments, region) -> tuple:
        """Two situations with the same key match the same criteria: a value no criterion names counts
        only as "not named"."""
        accept = self.accept
        return (
            direction, status, group, regime_kind,
            country if country in accept["countries"] else None,
            frozenset(slug for slug in instruments if slug in accept["instruments"]),
            region if not region or region in accept["regions"] else None,
        )  # fmt: skip

    def _accepting(self, dimension, values) -> int:
        mask = self.wildcard[dimension]
        for value in values:
            mask |= self.accept[dimension].get(value, 0)
        return mask

    def matching(self, *, direction, status, group, regime_kind, country, instruments, region) -> list:
        """The criteria that accept these values, in their stored order. No region given: every
        criterion accepts it (the question was not asked)."""
        mask = self.everything
        for dimension, value in (
            ("directions", direction), ("statuses", status), ("groups", group),
            ("regime_kinds", regime_kind), ("countries", country),
        ):  # fmt: skip
            mask &= self.wildcard[dimension] | self.accept[dimension].get(value, 0)
        mask &= self._accepting("instruments", instruments)
        if region:
            mask &= self.wildcard["regions"] | self.accept["regions"].get(region, 0)
        found = []
        while mask:
            lowest = mask & -mask
            found.append(self.criteria[lowest.bit_length() - 1])
            mask ^= lowest
        return found


@dataclass
class SituationData:
    agreements: AgreementData
    countries: dict  # code → names
    directions: dict
    statuses: dict
    topics: dict  # slug → TopicInfo, in topic order
    groups: list
    institutions: dict
    fiches: dict
    criteria: dict  # topic → [CriterionInfo]
    amounts: dict = field(default_factory=dict)  # name → (unit, [(applies_from, value), …] newest first)
    # (name, applies_from) → when that value was published (None: before the moment was recorded), so
    # that a page cited on a past day quotes the amounts published by then (portal.published)
    amount_published: dict = field(default_factory=dict)
    regions: dict = field(default_factory=dict)  # slug → Named, in order
    indexes: dict = field(default_factory=dict, repr=False)  # topic → CriteriaIndex, built on first use
    matches: dict = field(default_factory=dict, repr=False)  # id(criterion) → FicheMatch of its live revision
    answers: "Memo" = field(default_factory=lambda: Memo(65536), repr=False)  # (topic, index key) → matches
    loaded_at: datetime.datetime | None = None
    next_publication: datetime.datetime | None = None  # the first scheduled publication after loaded_at

    def steady_at(self, at: datetime.datetime) -> bool:
        """Whether the public revisions at `at` are those of the moment the snapshot was loaded (no
        publication scheduled in between): answers kept for that moment then still hold."""
        return (
            self.loaded_at is not None
            and self.loaded_at <= at
            and (self.next_publication is None or at < self.next_publication)
        )
    version: str = ""  # the data version it was built from (the page cache keys on it)
    rendered: "Memo" = field(default_factory=lambda: Memo(4096), repr=False)  # fiche HTML, built once
    # Whole pages with holes (portal/shapes.py): up to ~90 KB each, so fewer of them.
    shapes: "Memo" = field(
        default_factory=lambda: Memo(getattr(settings, "PAGE_SHAPES_KEPT", 256)), repr=False
    )

    def match(self, criterion, fiche, revision):
        """The FicheMatch of a criterion with the fiche's live revision, made once per revision."""
        known = self.matches.get(id(criterion))
        if known is None or known.revision is not revision:
            from .resolver import FicheMatch  # the resolver imports this module

            known = self.matches[id(criterion)] = FicheMatch(fiche, revision, criterion.specificity)
        return known

    def index(self, topic: str) -> CriteriaIndex:
        """The topic's criteria, most specific first, then in the fiches' order: the order of a result."""
        found = self.indexes.get(topic)
        if found is None:
            fiches = self.fiches

            def order(criterion):
                fiche = fiches.get(criterion.fiche)
                return (-criterion.specificity, fiche.order if fiche else 0, criterion.fiche)

            found = self.indexes[topic] = CriteriaIndex(self.criteria.get(topic, ()), order)
        return found

    @property
    def uninhabited(self) -> frozenset:
        return UNINHABITED & set(self.countries)

    @classmethod
    def load(cls):
        countries = {c.code: texts(c, "name") for c in Country.objects.all()}
        statuses = {
            s.slug: Named(s.slug, texts(s, "name"), s.order, texts(s, "definition")) for s in Status.objects.all()
        }
        directions = {
            d.slug: DirectionInfo(
                d.slug, texts(d, "name"), d.order, texts(d, "audience"),
                statuses=tuple(s.slug for s in d.statuses.all()), titles=texts(d, "title"),
            )
            for d in Direction.objects.prefetch_related(Prefetch("statuses", Status.objects.order_by("order", "slug")))
        }  # fmt: skip
        links = {}
        for link in TopicInstitution.objects.select_related("topic", "institution").order_by("pk"):
            links.setdefault(link.topic.slug, []).append(link)
        topics = {
            t.slug: TopicInfo(
                t.slug, texts(t, "name"), t.order, texts(t, "description"),
                branches=tuple(b.slug for b in t.branches.all()),
                contact=next((l.institution.slug for l in links.get(t.slug, []) if l.is_contact), None),
                institutions=tuple(l.institution.slug for l in links.get(t.slug, [])),
                asks_region=t.asks_region,
            )
            for t in Topic.objects.prefetch_related("branches")
        }  # fmt: skip
        groups = [
            GroupInfo(
                g.slug, texts(g, "name"), g.order, texts(g, "description"),
                rule=g.rule, countries=frozenset(c.code for c in g.countries.all()),
            )
            for g in NationalityGroup.objects.prefetch_related("countries")
        ]  # fmt: skip
        institutions = {
            i.slug: InstitutionInfo(
                i.slug, texts(i, "acronym"), texts(i, "name"), texts(i, "website"), texts(i, "contact_url"),
                i.email, i.phone, texts(i, "description"), texts(i, "address"),
            )
            for i in Institution.objects.all()
        }  # fmt: skip
        loaded_at = timezone.now()
        fiches = _fiches()
        criteria = _criteria()
        scheduled = [r.publish_from for f in fiches.values() for r in f.revisions if r.publish_from > loaded_at]
        amounts, amount_published = {}, {}
        for amount in Amount.objects.prefetch_related(
            Prefetch("values", AmountValue.objects.published().order_by("-applies_from"))
        ):
            amounts[amount.slug] = (amount.unit, [(v.applies_from, v.value) for v in amount.values.all()])
            amount_published.update({(amount.slug, v.applies_from): v.published_at for v in amount.values.all()})
        regions = {r.slug: Named(r.slug, texts(r, "name"), r.order, texts(r, "description")) for r in Region.objects.all()}
        return cls(
            amounts=amounts,
            amount_published=amount_published,
            regions=regions,
            agreements=AgreementData.load(),
            countries=countries,
            directions=directions,
            statuses=statuses,
            topics=dict(sorted(topics.items(), key=lambda item: (item[1].order, item[0]))),
            groups=groups,
            institutions=institutions,
            fiches=fiches,
            criteria=criteria,
            loaded_at=loaded_at,
            next_publication=min(scheduled, default=None),
        )


def _by_language(row, name):
    return {lang: row[f"{name}_{lang}"] or "" for lang in LANGUAGES}


def _fiches() -> dict:
    """The published revisions of every fiche, and those withdrawn after they were public (a page
    cited on a past day is shown as it was), newest publication first, read as plain rows (a fixed
    number of queries and no model instances: the load is linear in the content and cheap)."""
    text_fields = [f"{name}_{lang}" for name in ("title", "summary", "body", "outcome") for lang in LANGUAGES]
    shown = Revision.objects.ever_published().exclude(withdrawn_at__lte=F("publish_from"))
    references = {}
    reference_fields = [f"{name}_{lang}" for name in ("label", "url") for lang in LANGUAGES]
    for row in (
        Reference.objects.filter(revision__in=shown.values("pk"))
        .order_by("kind", "order", "pk")
        .values("revision_id", "kind", *reference_fields)
    ):
        references.setdefault(row["revision_id"], []).append(
            ReferenceInfo(row["kind"], _by_language(row, "label"), _by_language(row, "url"))
        )
    revisions = {}
    for row in shown.order_by("-publish_from", "-number").values(
        "id", "fiche_id", "number", "publish_from", "last_reviewed", "change_note", "withdrawn_at", *text_fields
    ):
        revisions.setdefault(row["fiche_id"], []).append(
            RevisionInfo(
                row["number"], row["publish_from"], _by_language(row, "title"), _by_language(row, "summary"),
                _by_language(row, "body"), row["last_reviewed"], tuple(references.get(row["id"], ())),
                _by_language(row, "outcome"), change_note=row["change_note"], withdrawn_at=row["withdrawn_at"],
            )
        )  # fmt: skip
    return {
        row["slug"]: FicheInfo(row["id"], row["slug"], row["institution__slug"], row["order"], tuple(revisions.get(row["id"], ())))
        for row in Fiche.objects.values("id", "slug", "institution__slug", "order")
    }


def _criteria() -> dict:
    """topic → its criteria, each dimension read from its link table in one query."""
    through = Criterion._meta
    links = {
        "directions": ("directions", "direction__slug"),
        "statuses": ("statuses", "status__slug"),
        "groups": ("nationality_groups", "nationalitygroup__slug"),
        "instruments": ("instruments", "instrument__slug"),
        "countries": ("countries", "country__code"),
        "regions": ("regions", "region__slug"),
    }
    values = {}
    for dimension, (field_name, target) in links.items():
        model = through.get_field(field_name).remote_field.through
        for criterion_id, value in model.objects.values_list("criterion_id", target):
            values.setdefault((dimension, criterion_id), set()).add(value)
    criteria = {}
    kinds = RegimeKind.values
    for row in Criterion.objects.values("id", "fiche__slug", "topic__slug", *(f"regime_{kind}" for kind in kinds)):
        criteria.setdefault(row["topic__slug"], []).append(
            CriterionInfo(
                fiche=row["fiche__slug"],
                topic=row["topic__slug"],
                regime_kinds=frozenset(kind for kind in kinds if row[f"regime_{kind}"]),
                **{dimension: frozenset(values.get((dimension, row["id"]), ())) for dimension in links},
            )
        )
    return criteria


def revision_info(revision: Revision) -> RevisionInfo:
    """Any revision (a draft too) in the form the public pages use."""
    return RevisionInfo(
        revision.number,
        revision.publish_from,
        texts(revision, "title"),
        texts(revision, "summary"),
        texts(revision, "body"),
        revision.last_reviewed,
        tuple(ReferenceInfo(r.kind, texts(r, "label"), texts(r, "url")) for r in revision.references.all()),
        texts(revision, "outcome"),
    )


_lock = threading.RLock()
# The snapshot this process serves, the version it was built from, and when the shared version was
# last read (it is read at most once per DATA_VERSION_CHECK_SECONDS, so a cached page costs one
# round trip to the cache, not three).
_loaded = {"version": None, "data": None, "checked_at": 0.0, "shared": None, "own_change": False, "loading": None}


def _check_interval() -> float:
    return getattr(settings, "DATA_VERSION_CHECK_SECONDS", 1.0)


def data_version() -> str:
    """Changes whenever anything the resolver reads is saved, in any process. When the shared cache
    cannot be reached, the version this process loaded last is kept (its pages stay as they were)
    and is checked again later."""
    now = time.monotonic()
    if _loaded["shared"] is not None and now - _loaded["checked_at"] < _check_interval():
        return _loaded["shared"]
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
            version = cache.get(VERSION_KEY)
    except Exception:
        log.warning("shared cache unavailable; keeping data version %s", _loaded["version"], exc_info=True)
        version = _loaded["version"] or "no-shared-cache"
    _loaded["shared"], _loaded["checked_at"] = version, now
    return version


def _swap_in(version):
    """Build a new snapshot beside the one being served, then serve it."""
    try:
        data = SituationData.load()
        data.version = version
        with _lock:
            _loaded["data"], _loaded["version"] = data, version
    except Exception:
        if _loaded["data"] is None:
            raise  # nothing to serve instead
        log.exception("reloading the resolver's data failed; the previous snapshot stays in use")
    finally:
        _loaded["loading"] = None


def _swap_in_thread(version):
    """The same, in a thread of its own, which then closes its database connection."""
    from django.db import connection

    try:
        _swap_in(version)
    finally:
        connection.close()


def current_data() -> SituationData:
    """The in-memory snapshot. The first one, and one after this process's own change, is built at
    once (the editor who published pays for it); a change made by another process is picked up by a
    thread that builds the new snapshot while visitors are still served the previous one. A watcher
    thread also looks for changes between requests, so an idle process is up to date when its next
    visitor comes."""
    version = data_version()
    if _loaded["data"] is None or _loaded["own_change"]:
        with _lock:
            if _loaded["data"] is None or _loaded["own_change"]:
                _loaded["own_change"] = False
                _swap_in(version)
        _watch()
        return _loaded["data"]
    if _loaded["version"] != version:
        _reload_beside(version)
    return _loaded["data"]


def served_version() -> str | None:
    """The version of the snapshot being served, if it is still the current one, without loading
    anything: None when there is no snapshot yet, this process has just changed the data, or the
    shared version moved on (current_data() then takes care of it)."""
    if _loaded["data"] is None or _loaded["own_change"]:
        return None
    version = _loaded["version"]
    return version if data_version() == version else None


def _reload_beside(version):
    if _loaded["loading"] is not None:
        return
    if getattr(settings, "DATA_RELOAD_IN_BACKGROUND", True):
        loader = threading.Thread(target=_swap_in_thread, args=(version,), name="resolver-reload", daemon=True)
        _loaded["loading"] = loader
        loader.start()
    else:
        _swap_in(version)


_watcher = {"thread": None, "stop": threading.Event(), "pid": None}


def _watch():
    """Start, once per process (a forked worker starts its own), the thread that reads the shared
    version every DATA_VERSION_CHECK_SECONDS and rebuilds the snapshot when it changed."""
    if not getattr(settings, "DATA_VERSION_WATCHER", True):
        return
    if _watcher["thread"] is not None and _watcher["pid"] == os.getpid() and _watcher["thread"].is_alive():
        return

    stop = _watcher["stop"] = threading.Event()

    def loop():
        while not stop.wait(max(_check_interval(), 0.1)):
            try:
                version = data_version()
                if _loaded["data"] is not None and _loaded["version"] != version:
                    _reload_beside(version)
            except Exception:
                log.exception("the data version watcher failed once; it goes on")

    _watcher["pid"] = os.getpid()
    _watcher["thread"] = threading.Thread(target=loop, name="resolver-watcher", daemon=True)
    _watcher["thread"].start()


def stop_watching():
    """For tests: end the watcher thread of this process."""
    _watcher["stop"].set()
    if _watcher["thread"] is not None:
        _watcher["thread"].join(5)
    _watcher["thread"] = None


def data_changed(**kwargs):
    """Signal receiver: every process reloads its data, this one at its next resolution.

    The new version is announced when the transaction commits, never before: announced earlier, another
    process would reload the old rows and keep them under the new version. Outside a transaction
    (autocommit, or only a test case's own wrapping transaction) it is announced at once. A cache that
    cannot be reached never fails the save: the change is logged, this process reloads, and the others
    reload when the cache is back (their pages expire after PAGE_CACHE_SECONDS meanwhile).
    """
    from django.db import DEFAULT_DB_ALIAS, connections, transaction

    def announce():
        version = uuid.uuid4().hex
        _loaded["own_change"] = True
        _loaded["shared"], _loaded["checked_at"] = version, time.monotonic()
        try:
            cache.set(VERSION_KEY, version, timeout=None)
        except Exception:
            log.exception("shared cache unavailable; other processes will see this change late")

    using = kwargs.get("using") or DEFAULT_DB_ALIAS
    connection = connections[using]
    if any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks):
        transaction.on_commit(announce, using=using)
    else:
        announce()
