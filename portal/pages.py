"""Country, institution and information pages: selectors over the in-memory data, rendered."""

from itertools import groupby

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from agreements.regime import KIND_ORDER
from situations.data import current_data

from .caching import cached_page
from .text import sort_key
from .views import country_choices


@require_safe
@cached_page(query=False)
def country_index(request):
    data = current_data()
    countries = country_choices(data, get_language())
    letters = [
        (letter, list(group)) for letter, group in groupby(countries, key=lambda c: sort_key(c[1])[:1].upper())
    ]
    return render(request, "portal/country_index.html", {"letters": letters})


def persons_covered(row):
    """Codes of the groups of persons a coverage row covers, for the template's sentences."""
    if row.everyone:
        return ["everyone"]
    codes = ["nationals"]
    if row.nationals_of:
        codes.append("eu-nationals")
    if row.stateless_and_refugees:
        codes.append("stateless")
    if row.third_country_nationals:
        codes.append("residents")
    if row.posting_for_everyone:
        codes.append("posting-everyone")
    return codes


@require_safe
@cached_page(query=False)
def country(request, code):
    data = current_data()
    if code not in data.countries or code == "be":
        raise Http404
    language = get_language()
    today = timezone.localdate()
    rows = [r for r in data.agreements.coverages.get(code, ()) if r.instrument.kind in KIND_ORDER]
    current, former, seen = [], [], set()
    for row in sorted(rows, key=lambda r: (KIND_ORDER[r.instrument.kind], r.part_of_territory, r.valid_from)):
        entry = {
            "instrument": row.instrument,
            "row": row,
            "since": min(r.valid_from for r in rows if r.instrument is row.instrument),
            "branches": [names.get(language) for slug, names in data.agreements.branches.items() if slug in row.instrument.branches],
            "persons": persons_covered(row),
        }
        if row.applies_on(today):
            current.append(entry)
        elif row.valid_until and row.valid_until < today and row.instrument.slug not in seen:
            former.append(entry)
        seen.add(row.instrument.slug)
    former = [e for e in former if e["instrument"].slug not in {c["instrument"].slug for c in current}]
    names = data.countries[code]
    context = {
        "code": code,
        "name": names.get(language) or names.get("en"),
        "current": current,
        "former": sorted(former, key=lambda e: e["row"].valid_until, reverse=True),
        "leaving_url": reverse("question", args=["leaving", "nationality"]) + f"?country={code}",
        "coming_url": reverse("question", args=["coming", "nationality"]) + f"?country={code}",
    }
    return render(request, "portal/country.html", context)


@require_safe
@cached_page(query=False)
def institution_index(request):
    data = current_data()
    language = get_language()
    institutions = sorted(data.institutions.values(), key=lambda i: sort_key(i.name(language)))
    return render(request, "portal/institution_index.html", {"institutions": institutions})


@require_safe
@cached_page(query=False)
def institution(request, slug):
    data = current_data()
    info = data.institutions.get(slug)
    if info is None:
        raise Http404
    now = timezone.now()
    language = get_language()
    fiches = []
    for fiche in sorted(data.fiches.values(), key=lambda f: (f.order, f.slug)):
        revision = fiche.live_revision(now) if fiche.institution == slug else None
        if revision:
            fiches.append({"slug": fiche.slug, "title": revision.titles.get(language) or revision.titles.get("en")})
    topics = [t for t in data.topics.values() if slug in t.institutions]
    return render(request, "portal/institution.html", {"institution": info, "topics": topics, "fiches": fiches})


@require_safe
def static_page(request, template):
    data = current_data()
    return render(request, f"portal/{template}.html", {"fps": data.institutions.get("fps-social-security")})


@require_safe
def robots(request):
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
