"""Searching the live fiches, countries and institutions in one language.

PostgreSQL: full-text search over the index (the language's configuration with unaccent, title
weighted A, summary B, outcome and body C), ranked by ts_rank, snippets from ts_headline. SQLite
(development): the same rows read and matched in Python, accents and case folded, a word found by
its first letters, ranked title > summary > text.

Either way the live revision is the one the public pages show at that moment: an entry whose
revision is not the fiche's live revision in the snapshot is dropped (a scheduled publication
counts from its time), so a result never leads to a page that answers 404.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import F, Q
from django.db.models.functions import Left, Right

from .index import CONFIGS, clean, is_postgresql
from .models import Entry

MAX_LENGTH = 200  # characters of a query; longer ones are cut
PER_PAGE = 10  # the snippets are the dearer part of a search: ten a page
# Marks around the words found, put in by ts_headline or by `_marked`, replaced by <mark> only after
# the text around them was escaped (`snippets.to_html`). Control characters never reach the index.
START, STOP = "\x02", "\x03"
WORD = re.compile(r"\w+")
# Small words that never name a country or an institution on their own.
COMMON = frozenset(
    "and the for with from les des aux une par pour dans avec sur het een van voor met der die das und von mit".split()
)


def fold(text: str) -> str:
    """Accents and case do not count: "Pécule" and "pecule" are one word."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def clean_query(raw: str) -> tuple[str, bool]:
    """The query as searched, and whether it was cut: control characters out, spaces collapsed, at
    most MAX_LENGTH characters."""
    text = clean(raw)
    if len(text) <= MAX_LENGTH:
        return text, False
    return text[:MAX_LENGTH].rstrip(), True


def tokens(text: str) -> list:
    """The folded words of a query, each once, in order."""
    return list(dict.fromkeys(WORD.findall(fold(text))))


@dataclass(frozen=True)
class Hit:
    fiche: object  # situations.data.FicheInfo
    revision: object  # its live RevisionInfo
    entry: int
    rank: float
    title: str = ""  # marked texts (START/STOP around the words found), escaped only in `to_html`
    summary: str = ""
    excerpt: str = ""


@dataclass
class Found:
    hits: list  # every live fiche found, best first
    countries: list = field(default_factory=list)  # (code, name)
    institutions: list = field(default_factory=list)  # InstitutionInfo

    @property
    def empty(self) -> bool:
        return not (self.hits or self.countries or self.institutions)


def _live(language: str, at: datetime.datetime):
    """The entries of the revision each fiche shows at `at`: published at or before it and not yet
    replaced by a later publication (`Entry.until`)."""
    return (
        Entry.objects.filter(language=language, publish_from__lte=at)
        .filter(Q(until__isnull=True) | Q(until__gt=at))
        .order_by()
    )


def _public(data, rows, at):
    """Keep the rows whose revision the snapshot shows as live; (fiche, revision, entry id, rank)."""
    by_id = _fiches_by_id(data)
    kept = []
    for entry, fiche_id, number, rank in rows:
        fiche = by_id.get(fiche_id)
        revision = fiche.live_revision(at) if fiche else None
        if revision is not None and revision.number == number:
            kept.append((fiche, revision, entry, rank))
    kept.sort(key=lambda row: (-row[3], row[0].order, row[0].slug))
    return kept


_by_id = {"data": None, "map": {}}


def _fiches_by_id(data) -> dict:
    if _by_id["data"] is not data:
        _by_id["map"], _by_id["data"] = {f.id: f for f in data.fiches.values()}, data
    return _by_id["map"]


# PostgreSQL ---------------------------------------------------------------------------------------


def _pg_queries(text: str, language: str):
    """Every word first (websearch syntax: "quoted phrases", or, -word); then any of them."""
    config = CONFIGS[language]
    yield SearchQuery(text, search_type="websearch", config=config)
    words = WORD.findall(text)
    if len(words) > 1:
        yield SearchQuery(" or ".join(words), search_type="websearch", config=config)


def _pg_ranked(text, language, at):
    for query in _pg_queries(text, language):
        rows = list(
            _live(language, at)
            .filter(vector=query)
            .annotate(rank=SearchRank(F("vector"), query))
            .values_list("id", "fiche_id", "number", "rank")
        )
        if rows:
            return rows, query
    return [], None


def _pg_headlines(entries, query, language) -> dict:
    config = CONFIGS[language]

    def headline(name, **options):
        return SearchHeadline(name, query, config=config, start_sel=START, stop_sel=STOP, **options)

    rows = Entry.objects.filter(id__in=entries).values_list(
        "id",
        headline("title", highlight_all=True),
        headline("summary", highlight_all=True),
        # One passage, the best cover of the words found (fragments would cost twice as much).
        headline("text", max_words=35, min_words=15, short_word=2),
        Left("text", 20),
        Right("text", 20),
    )
    found = {}
    for entry, title, summary, excerpt, beginning, ending in rows:
        plain = excerpt.replace(START, "").replace(STOP, "").strip()
        before = "… " if plain and not plain.startswith(beginning.strip()) else ""
        after = " …" if plain and not plain.endswith(ending.strip()) else ""
        found[entry] = (title, summary, before + excerpt + after)
    return found


# SQLite and any other database: in Python -------------------------------------------------------


def _matches(token: str, word: str) -> bool:
    """A word of the text answers a word of the query: the same, or sharing its first letters
    (a crude stemmer: "pensions" finds "pensioners", "vacances" finds "vacance")."""
    if word == token:
        return True
    stem = token[: max(4, len(token) - 2)]
    return len(token) >= 4 and word.startswith(stem)


def _found_in(token, words) -> bool:
    return any(_matches(token, word) for word in words)


def _py_ranked(text, language, at):
    wanted = [t for t in tokens(text) if len(t) > 1] or tokens(text)
    if not wanted:
        return [], None
    rows = list(_live(language, at).values_list("id", "fiche_id", "number", "title", "summary", "text"))
    scored = {True: [], False: []}
    for entry, fiche_id, number, *texts in rows:
        fields = [set(WORD.findall(fold(value))) for value in texts]
        score, found = 0.0, 0
        for token in wanted:
            weight = next((w for w, words in zip((1.0, 0.4, 0.2), fields) if _found_in(token, words)), 0)
            score += weight
            found += bool(weight)
        if found:
            scored[found == len(wanted)].append((entry, fiche_id, number, score))
    return (scored[True] or scored[False]), wanted


def _marked(text: str, wanted, *, excerpt=False) -> str:
    """The text with START/STOP around the words found; an excerpt keeps about 30 words around the
    first one found (or the first 30 words)."""
    spans = [m.span() for m in WORD.finditer(text) if any(_matches(t, fold(m.group())) for t in wanted)]
    start, end, before, after = 0, len(text), "", ""
    if excerpt:
        words = [m.span() for m in WORD.finditer(text)]
        first = next((i for i, span in enumerate(words) if spans and span == spans[0]), 0)
        low, high = max(0, first - 10), min(len(words), first + 20)
        if words:
            start, end = words[low][0], words[high - 1][1]
            before, after = ("… " if low else ""), (" …" if high < len(words) else "")
    out, position = [], start
    for left, right in spans:
        if left < start or right > end:
            continue
        out += [text[position:left], START, text[left:right], STOP]
        position = right
    out.append(text[position:end])
    return before + "".join(out) + after


def _py_headlines(entries, wanted) -> dict:
    rows = Entry.objects.filter(id__in=entries).values_list("id", "title", "summary", "text")
    return {
        entry: (_marked(title, wanted), _marked(summary, wanted), _marked(body, wanted, excerpt=True))
        for entry, title, summary, body in rows
    }


# Countries and institutions: a few hundred names, in memory -----------------------------------------


def _names_match(wanted, name: str) -> bool:
    words = WORD.findall(fold(name))
    return any(
        token not in COMMON and len(token) >= 3 and any(word == token or (len(token) >= 4 and word.startswith(token)) for word in words)
        for token in wanted
    )


def countries(data, wanted, language) -> list:
    found = [
        (code, names.get(language) or names.get("en") or code)
        for code, names in data.countries.items()
        if code != "be" and _names_match(wanted, names.get(language) or names.get("en") or "")
    ]
    return sorted(found, key=lambda item: fold(item[1]))


def institutions(data, wanted, language) -> list:
    found = []
    for info in data.institutions.values():
        acronyms = set(WORD.findall(fold(info.acronym(language) or "")))
        if acronyms & set(wanted) or _names_match(wanted, info.name(language) or ""):
            found.append(info)
    return sorted(found, key=lambda info: fold(info.name(language) or ""))


# The search ------------------------------------------------------------------------------------------


def ranked(data, text: str, language: str, at: datetime.datetime):
    """Every live fiche found, best first, as (fiche, revision, entry id, rank), and what the
    snippets need to mark the words found. One or two queries, whatever the number of fiches."""
    if not text:
        return [], None
    if is_postgresql():
        rows, matcher = _pg_ranked(text, language, at)
    else:
        rows, matcher = _py_ranked(text, language, at)
    return _public(data, rows, at), matcher


def with_snippets(rows, matcher, language) -> list:
    """Hits for these rows (a page of results) with the words found marked: one query."""
    if not rows:
        return []
    entries = [entry for _fiche, _revision, entry, _rank in rows]
    if is_postgresql():
        marked = _pg_headlines(entries, matcher, language)
    else:
        marked = _py_headlines(entries, matcher)
    return [
        Hit(fiche, revision, entry, rank, *marked.get(entry, ("", "", "")))
        for fiche, revision, entry, rank in rows
    ]


def search(data, text: str, language: str, at: datetime.datetime) -> Found:
    """Everything found for a query, snippets included (for the benchmark and the command line)."""
    rows, matcher = ranked(data, text, language, at)
    wanted = tokens(text)
    return Found(
        hits=with_snippets(rows, matcher, language),
        countries=countries(data, wanted, language),
        institutions=institutions(data, wanted, language),
    )
