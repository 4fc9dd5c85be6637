"""The search page: parse the query, search, render. GET only, no cookie, cached like other pages."""

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from portal.caching import cached_page
from portal.text import sort_key
from situations.data import current_data

from . import query as search_query
from .query import MAX_LENGTH, PER_PAGE, START, STOP

MARKS = re.compile(f"([{START}{STOP}])")


def to_html(marked: str) -> str:
    """Escape a marked text, then put <mark> where its marks were (a mark left open is closed)."""
    out, inside = [], False
    for piece in MARKS.split(marked or ""):
        if piece == START and not inside:
            out.append("<mark>")
            inside = True
        elif piece == STOP and inside:
            out.append("</mark>")
            inside = False
        elif piece not in (START, STOP):
            out.append(str(escape(piece)))
    if inside:
        out.append("</mark>")
    return mark_safe("".join(out).replace("<mark></mark>", ""))  # every piece of text was escaped above


@dataclass(frozen=True)
class Params:
    """The page's query, cleaned: unknown subjects and institutions dropped, page 1 implied."""

    q: str = ""
    topic: str | None = None
    institution: str | None = None
    page: int = 1
    cut: bool = False

    @classmethod
    def parse(cls, data, get):
        q, cut = search_query.clean_query(get.get("q", ""))
        topic = get.get("topic")
        institution = get.get("institution")
        try:
            page = int(get.get("page", "1"))
        except ValueError:
            page = 1
        return cls(
            q=q,
            topic=topic if topic in data.topics else None,
            institution=institution if institution in data.institutions else None,
            page=page if q and 1 < page < 10_000 else 1,
            cut=cut,
        )

    def query(self, **changes) -> str:
        values = {"q": self.q, "topic": self.topic, "institution": self.institution, "page": self.page, **changes}
        if not values["q"]:
            return ""
        pairs = [(key, values[key]) for key in ("q", "topic", "institution") if values[key]]
        if values["page"] > 1:
            pairs.append(("page", values["page"]))
        return urlencode(pairs)

    def url(self, **changes) -> str:
        query = self.query(**changes)
        return reverse("search") + (f"?{query}" if query else "")


@require_safe
def search(request):
    data = current_data()
    params = Params.parse(data, request.GET)
    if params.cut:
        # Not redirected (the notice would be lost) and never cached: a long address is not canonical.
        return _render(request, data, params)
    if request.GET.urlencode() != params.query():
        return HttpResponsePermanentRedirect(params.url())
    return cached_page(_render)(request, data, params)


def _facets(data, rows, topic_of, params, language):
    """The subject and institution filters, each counted within the other filter."""
    topics, institutions = {}, {}
    for fiche, _revision, _entry, _rank in rows:
        if params.institution is None or fiche.institution == params.institution:
            for slug in topic_of.get(fiche.slug, ()):
                topics[slug] = topics.get(slug, 0) + 1
        if params.topic is None or params.topic in topic_of.get(fiche.slug, ()):
            institutions[fiche.institution] = institutions.get(fiche.institution, 0) + 1

    def link(name, count, current, **change):
        return {"name": name, "count": count, "url": params.url(page=1, **change), "current": current}

    subjects = [
        link(info.name(language), topics[slug], slug == params.topic, topic=slug)
        for slug, info in data.topics.items()
        if slug in topics
    ]
    bodies = [
        link(info.acronym(language) or info.name(language), institutions[slug], slug == params.institution, institution=slug)
        for slug, info in data.institutions.items()
        if slug in institutions
    ]
    return subjects, sorted(bodies, key=lambda item: sort_key(item["name"]))


def _result(data, hit, topic_of, language):
    institution = data.institutions.get(hit.fiche.institution)
    return {
        "url": reverse("fiche", args=[hit.fiche.slug]),
        "title": to_html(hit.title) or escape(hit.revision.titles.get(language, "")),
        "summary": to_html(hit.summary),
        "excerpt": to_html(hit.excerpt),
        "institution": institution,
        "subjects": [data.topics[slug].name(language) for slug in topic_of.get(hit.fiche.slug, ()) if slug in data.topics],
    }


def _names(data, params, language, *, filtered):
    """Countries and institutions named by the query, on the first page of an unfiltered search
    (countries also when filtered: they are not fiches)."""
    if not params.q or params.page != 1:
        return [], []
    wanted = search_query.tokens(params.q)
    countries = [
        {"name": name, "url": reverse("country", args=[code])}
        for code, name in search_query.countries(data, wanted, language)
    ]
    institutions = [
        {"name": info.name(language), "acronym": info.acronym(language), "url": reverse("institution", args=[info.slug])}
        for info in (search_query.institutions(data, wanted, language) if not filtered else [])
    ]
    return countries, institutions


_topics = {"data": None, "map": {}}


def topics_of_fiches(data) -> dict:
    """fiche slug → the subjects its criteria attach it to, in topic order (once per snapshot)."""
    if _topics["data"] is not data:
        found = {}
        for topic in data.topics:
            for criterion in data.criteria.get(topic, ()):
                found.setdefault(criterion.fiche, []).append(topic)
        _topics["map"] = {slug: tuple(dict.fromkeys(topics)) for slug, topics in found.items()}
        _topics["data"] = data
    return _topics["map"]


def _render(request, data, params):
    language = get_language()
    now = timezone.now()
    rows, matcher = search_query.ranked(data, params.q, language, now)
    topic_of = topics_of_fiches(data)
    subjects, institutions = _facets(data, rows, topic_of, params, language)
    shown = [
        row
        for row in rows
        if (params.topic is None or params.topic in topic_of.get(row[0].slug, ()))
        and (params.institution is None or row[0].institution == params.institution)
    ]
    pages = max(1, -(-len(shown) // PER_PAGE))
    if params.page > pages:
        raise Http404
    first = (params.page - 1) * PER_PAGE
    hits = search_query.with_snippets(shown[first : first + PER_PAGE], matcher, language)
    filtered = params.topic is not None or params.institution is not None
    countries, named_institutions = _names(data, params, language, filtered=filtered)
    context = {
        "params": params,
        "max_length": MAX_LENGTH,
        "results": [_result(data, hit, topic_of, language) for hit in hits],
        "hits": hits,
        "total": len(shown),
        "first": first + 1,
        "last": first + len(hits),
        "previous_url": params.url(page=params.page - 1) if params.page > 1 else None,
        "next_url": params.url(page=params.page + 1) if params.page < pages else None,
        "countries": countries,
        "institutions": named_institutions,
        "subjects": subjects,
        "institution_filters": institutions,
        "filtered": filtered,
        "directions": data.directions.values(),
        "clear_filters_url": params.url(topic=None, institution=None, page=1),
        "clear_topic_url": params.url(topic=None, page=1),
        "clear_institution_url": params.url(institution=None, page=1),
    }
    return render(request, "search/search.html", context)
