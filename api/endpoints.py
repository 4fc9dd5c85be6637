"""The read-only JSON API, version 1: the resolver and the reference data, as the public pages show
them. Every answer is built from the in-memory snapshot (`current_data()`): no query per request once
it is loaded. GET only; cached like the pages (ETag, 304); open to every origin (CORS)."""

import functools
import json

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from ninja import NinjaAPI, Path, Query
from ninja.decorators import decorate_view
from ninja.errors import HttpError, ValidationError
from ninja.renderers import JSONRenderer

from agreements.regime import KIND_ORDER, pick_text
from factsheets.rendering import plain_text, render_markdown
from factsheets.text import expand, for_direction
from portal.caching import cached_page
from portal.pages import persons_covered
from portal.questions import QUESTIONS as WIZARD_QUESTIONS
from portal.text import sort_key
from portal.views import country_choices, direction_labels
from portal.wizard import parse_date
from situations.data import current_data
from situations.presenting import resolution_dict
from situations.resolver import QUESTIONS, InvalidValue, Situation, accepted, check_answers, resolve

from . import schemas
from .problems import InvalidParameters, NotFound, echo, invalid_param, problem

LANGUAGES = [code for code, _name in settings.LANGUAGES]
DEFAULT_LANGUAGE = "en"
NAMESPACE = "api-v1"
PROBLEMS = {400: schemas.Problem, 404: schemas.Problem}
DATE_RULE = "a date written YYYY-MM-DD, from 1959-01-01 to three years from today"

class Renderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}  # as `manage.py resolve` prints: letters, not escapes


api = NinjaAPI(
    renderer=Renderer(),
    title="Belgian social security across borders",
    version="1",
    description=(
        "Read-only API of the Coming2Belgium / Leaving Belgium portal: which rules and information "
        "sheets apply to a situation (the same answer as `manage.py resolve --format json`), and the "
        "reference data behind it. Errors are RFC 9457 problem details."
    ),
    urls_namespace=NAMESPACE,
    docs_url=None,
    openapi_url=None,  # served by api.views.openapi: cached, CORS, problem+json media types
)


# --- errors ----------------------------------------------------------------------------------------


@api.exception_handler(ValidationError)
def validation_error(request, exc):
    """ninja's own checks of the parameters (types): a 400 problem, not a 422."""
    params = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("query", "path")]
        params.append(invalid_param(".".join(location) or "?", error.get("input"), error.get("msg", "invalid")))
    return problem("invalid-parameters", "Some parameters are not valid.", instance=request.path, invalid_params=params)


@api.exception_handler(InvalidParameters)
def invalid_parameters(request, exc):
    return problem("invalid-parameters", str(exc), instance=request.path, invalid_params=exc.params)


@api.exception_handler(NotFound)
def not_found(request, exc):
    return problem("not-found", exc.detail, instance=request.path)


@api.exception_handler(Http404)
def http_404(request, exc):
    return problem("not-found", "There is nothing at this address.", instance=request.path)


@api.exception_handler(HttpError)
def http_error(request, exc):
    if exc.status_code == 404:
        return http_404(request, exc)
    return problem("invalid-parameters", str(exc), instance=request.path, invalid_params=[])


# --- caching, language, CORS -------------------------------------------------------------------------


def requested_language(request) -> str | None:
    value = request.GET.get("lang")
    if value is None:
        return DEFAULT_LANGUAGE
    value = value.strip().lower()
    return value if value in LANGUAGES else None


def served(run):
    """Around ninja's handling of a GET: the page cache of the portal (keyed by the full address, host,
    language and data version; ETag and 304; gzip), the language of `lang` active, CORS open."""
    cached = cached_page(run)

    @functools.wraps(run)
    def wrapper(request, *args, **kwargs):
        chosen = requested_language(request) or DEFAULT_LANGUAGE
        with translation.override(chosen):
            response = cached(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        response.headers.setdefault("Content-Language", chosen)  # the texts' language, not the browser's
        return response

    return wrapper


def language(lang: str | None) -> str:
    value = (lang if lang is not None else DEFAULT_LANGUAGE).strip().lower()
    if value not in LANGUAGES:
        raise InvalidParameters([invalid_param("lang", lang, "unknown language", LANGUAGES)])
    return value


def day(name: str, value: str | None):
    try:
        return parse_date(value.strip() if value is not None else None)
    except ValueError:
        raise InvalidParameters([invalid_param(name, value, DATE_RULE, ["YYYY-MM-DD"])]) from None


def portal_url(name: str, *args, lang: str) -> str:
    with translation.override(lang):
        return reverse(name, args=args)


def api_url(name: str, **kwargs) -> str:
    return reverse(f"{NAMESPACE}:{name}", kwargs=kwargs)


# Checked by the endpoint, not by ninja, so that a problem names every wrong or missing one at once; the
# OpenAPI document marks them required (api.views.openapi_document).
RESOLVE_REQUIRED = ("direction", "nationality", "country", "status", "topic")
LANG = Query(None, description="fr, nl, de or en (default en): the language of the texts")


# --- resolve -----------------------------------------------------------------------------------------


@api.get(
    "/resolve",
    response={200: schemas.Resolution, **PROBLEMS},
    summary="Which rules and information sheets apply to a situation",
    description=(
        "The same answer as `manage.py resolve --format json` (DESIGN §8): keys may be added, none "
        "renamed or removed. The parameters are the wizard's."
    ),
    tags=["resolve"],
)
@decorate_view(served)
def resolve_situation(
    request,
    direction: str | None = Query(None, description="leaving or coming"),
    nationality: str | None = Query(None, description="ISO 3166-1 alpha-2 code, stateless or refugee"),
    country: str | None = Query(None, description="ISO 3166-1 alpha-2 code of the destination or origin (not be)"),
    status: str | None = Query(None, description="a status the direction offers, e.g. pensioner"),
    topic: list[str] | None = Query(None, description="a topic; repeat for several"),
    region: str | None = Query(None, description="where the child lives, for family benefits"),
    date: str | None = Query(None, description="the date of the rules, YYYY-MM-DD (default today)"),
    lang: str | None = LANG,
):
    data = current_data()
    problems = []
    try:
        chosen_language = language(lang)
    except InvalidParameters as error:
        problems, chosen_language = problems + error.params, DEFAULT_LANGUAGE
    try:
        on = day("date", date)
    except InvalidParameters as error:
        problems, on = problems + error.params, None
    given = (direction or "").strip().lower()
    if given not in data.directions:
        reason = "missing" if not given else "not a valid direction"
        problems.append(invalid_param("direction", direction, reason, list(data.directions)))
    else:
        # The one validator of answers (the wizard's and the command's), for every answer at once.
        values = {
            "nationality": (nationality or "").strip().lower(),
            "country": (country or "").strip().lower(),
            "status": (status or "").strip().lower(),
            "topic": tuple(dict.fromkeys((t or "").strip().lower() for t in topic or ())),
        }
        if (region or "").strip():
            values["region"] = region.strip().lower()
        wrong = check_answers(data, given, values)
        raw = {"nationality": nationality, "country": country, "status": status, "region": region}
        for question in QUESTIONS[1:]:
            if question in wrong:
                value = wrong[question] if question == "topic" else raw[question]
                reason = "missing" if not wrong[question] else f"not a valid {question}"
                problems.append(invalid_param(question, value, reason, accepted(data, given, question)))
    if problems:
        raise InvalidParameters(problems)
    try:
        situation = Situation.build(
            data, direction=direction, nationality=nationality, country=country, status=status,
            topics=topic or [], date=on, region=region,
        )  # fmt: skip
    except InvalidValue as error:  # check_answers said yes: cannot happen, but never a 500
        raise InvalidParameters([invalid_param(error.question, error.value, "invalid", error.accepted)]) from None
    answer = resolution_dict(data, resolve(data, situation), chosen_language, with_date=on is not None)
    # The very bytes `manage.py resolve --format json` prints.
    return HttpResponse(json.dumps(answer, ensure_ascii=False), content_type="application/json; charset=utf-8")


# --- countries ----------------------------------------------------------------------------------------


def coverage_entry(data, row, rows, on, lang):
    instrument = row.instrument
    return {
        "instrument": instrument.slug,
        "kind": instrument.kind,
        "name": instrument.name(lang),
        "short_name": instrument.short_name(lang),
        "since": min(r.valid_from for r in rows if r.instrument is instrument),
        "valid_from": row.valid_from,
        "valid_until": row.valid_until,
        "applies": row.applies_on(on),
        "part_of_territory": row.part_of_territory,
        "persons": persons_covered(row),
        "branches": [
            {"branch": slug, "name": pick_text(names, lang)}
            for slug, names in data.agreements.branches.items()
            if slug in instrument.branches
        ],
    }


def country_names(data, code, lang):
    return pick_text(data.countries[code], lang)


@api.get("/countries", response={200: list[schemas.CountrySummary], **PROBLEMS}, tags=["countries"],
         summary="Every country, by name in the language")  # fmt: skip
@decorate_view(served)
def countries(request, lang: str | None = LANG):
    lang = language(lang)
    data = current_data()
    return [
        {"code": code, "name": name, "url": portal_url("country", code, lang=lang), "api": api_url("country", code=code)}
        for code, name in country_choices(data, lang)
    ]


@api.get("/countries/{code}", response={200: schemas.CountryDetail, **PROBLEMS}, tags=["countries"],
         summary="A country: the instruments that coordinate with it and their branches, on a date")  # fmt: skip
@decorate_view(served)
def country(
    request, code: str = Path(..., description="ISO 3166-1 alpha-2 code, e.g. ca (not be)"), lang: str | None = LANG,
    date: str | None = Query(None, description="YYYY-MM-DD (default today)"),
):  # fmt: skip
    lang = language(lang)
    on = day("date", date) or timezone.localdate()
    data = current_data()
    code = code.lower()
    if code not in data.countries or code == "be":
        raise NotFound(f"No country {echo(code)!r}: use an ISO 3166-1 alpha-2 code other than be.")
    rows = [r for r in data.agreements.coverages.get(code, ()) if r.instrument.kind in KIND_ORDER]
    rows.sort(key=lambda r: (KIND_ORDER[r.instrument.kind], r.part_of_territory, r.valid_from))
    history = [coverage_entry(data, row, rows, on, lang) for row in rows]
    return {
        "code": code,
        "name": country_names(data, code, lang),
        "url": portal_url("country", code, lang=lang),
        "date": on,
        "instruments": [entry for entry in history if entry["applies"]],
        "history": sorted(history, key=lambda e: (e["valid_from"], e["instrument"])),
    }


# --- instruments --------------------------------------------------------------------------------------


def instrument_summary(info, lang):
    return {
        "slug": info.slug,
        "kind": info.kind,
        "name": info.name(lang),
        "short_name": info.short_name(lang),
        "signed_on": info.signed_on,
        "in_force_from": info.in_force_from,
        "in_force_until": info.in_force_until,
        "dates_verified": info.dates_verified,
        "branches": sorted(info.branches),
        "api": api_url("instrument", slug=info.slug),
    }


@api.get("/instruments", response={200: list[schemas.InstrumentSummary], **PROBLEMS}, tags=["instruments"],
         summary="Every instrument: EU regulations, EU–UK agreements, bilateral conventions")  # fmt: skip
@decorate_view(served)
def instruments(request, lang: str | None = LANG):
    lang = language(lang)
    data = current_data()
    found = sorted(
        data.agreements.instruments.values(),
        key=lambda i: (KIND_ORDER.get(i.kind, len(KIND_ORDER)), sort_key(i.name(lang)), i.slug),
    )
    return [instrument_summary(info, lang) for info in found]


@api.get("/instruments/{slug}", response={200: schemas.InstrumentDetail, **PROBLEMS}, tags=["instruments"],
         summary="An instrument: its dates, branches, posting rules and the countries it covers")  # fmt: skip
@decorate_view(served)
def instrument(request, slug: str = Path(..., description="e.g. eu-regulation-883-2004"), lang: str | None = LANG):
    lang = language(lang)
    data = current_data()
    info = data.agreements.instruments.get(slug)
    if info is None:
        raise NotFound(f"No instrument {echo(slug)!r}.")
    rows = sorted(data.agreements.by_instrument.get(slug, ()), key=lambda r: (r.country, r.valid_from))
    return {
        **instrument_summary(info, lang),
        "summary": info.summary(lang),
        "max_posting_months": info.max_posting_months,
        "max_posting_extension_months": info.max_posting_extension_months,
        "posting_notes": info.posting_note(lang),
        "legal_text_url": info.legal_text_url(lang),
        "branch_names": [
            {"branch": s, "name": pick_text(names, lang)} for s, names in data.agreements.branches.items() if s in info.branches
        ],
        "countries": [
            {
                "country": row.country,
                "name": country_names(data, row.country, lang) if row.country in data.countries else row.country,
                "valid_from": row.valid_from,
                "valid_until": row.valid_until,
                "part_of_territory": row.part_of_territory,
                "persons": persons_covered(row),
            }
            for row in rows
        ],
    }


# --- institutions ---------------------------------------------------------------------------------------


def institution_summary(info, lang):
    return {
        "slug": info.slug,
        "acronym": info.acronym(lang),
        "name": info.name(lang),
        "website": info.website(lang),
        "url": portal_url("institution", info.slug, lang=lang),
        "api": api_url("institution", slug=info.slug),
    }


@api.get("/institutions", response={200: list[schemas.InstitutionSummary], **PROBLEMS}, tags=["institutions"],
         summary="Every institution")  # fmt: skip
@decorate_view(served)
def institutions(request, lang: str | None = LANG):
    lang = language(lang)
    data = current_data()
    found = sorted(data.institutions.values(), key=lambda i: (sort_key(i.name(lang)), i.slug))
    return [institution_summary(info, lang) for info in found]


def live_fiches(data, *, institution=None):
    now = timezone.now()
    for fiche in sorted(data.fiches.values(), key=lambda f: (f.order, f.slug)):
        if institution is not None and fiche.institution != institution:
            continue
        revision = fiche.live_revision(now)
        if revision is not None:
            yield fiche, revision


@api.get("/institutions/{slug}", response={200: schemas.InstitutionDetail, **PROBLEMS}, tags=["institutions"],
         summary="An institution: how to reach it, its subjects and its published information sheets")  # fmt: skip
@decorate_view(served)
def institution(request, slug: str = Path(..., description="e.g. sfp"), lang: str | None = LANG):
    lang = language(lang)
    data = current_data()
    info = data.institutions.get(slug)
    if info is None:
        raise NotFound(f"No institution {echo(slug)!r}.")
    return {
        **institution_summary(info, lang),
        "description": info.description(lang),
        "address": info.address(lang),
        "contact_url": info.contact_url(lang),
        "email": info.email,
        "phone": info.phone,
        "topics": [t.slug for t in data.topics.values() if slug in t.institutions],
        "fiches": [
            {
                "slug": fiche.slug,
                "title": fiche_texts(data, revision, lang, None, timezone.localdate())["title"],
                "url": portal_url("fiche", fiche.slug, lang=lang),
                "api": api_url("fiche", slug=fiche.slug),
            }
            for fiche, revision in live_fiches(data, institution=slug)
        ],
    }


# --- fiches ---------------------------------------------------------------------------------------------


def fiche_texts(data, revision, lang, direction, on):
    """As the fiche page words it: the passages of the direction (all, labelled, without one), named
    amounts filled in for the date, fiche links resolved."""
    labels = direction_labels()

    def filled(texts):
        return expand(for_direction(pick_text(texts, lang), direction, labels=labels), language=lang,
                      amounts=data.amounts, on=on)  # fmt: skip

    body = filled(revision.bodies)
    return {
        "title": filled(revision.titles),
        "summary": filled(revision.summaries),
        "text": plain_text(body),
        "html": render_markdown(body, below=1),
        "outcome": plain_text(filled(revision.outcomes)),
    }


def fiche_summary(data, fiche, revision, lang):
    return {
        "id": fiche.id,
        "slug": fiche.slug,
        "institution": fiche.institution,
        "title": fiche_texts(data, revision, lang, None, timezone.localdate())["title"],
        "revision": revision.number,
        "published": revision.publish_from,
        "url": portal_url("fiche", fiche.slug, lang=lang),
        "api": api_url("fiche", slug=fiche.slug),
    }


@api.get("/fiches", response={200: list[schemas.FicheSummary], **PROBLEMS}, tags=["fiches"],
         summary="Every published information sheet, with the number and publication of its live revision")  # fmt: skip
@decorate_view(served)
def fiches(
    request, lang: str | None = LANG,
    institution: str | None = Query(None, description="only the fiches of this institution"),
):  # fmt: skip
    lang = language(lang)
    data = current_data()
    if institution is not None and institution not in data.institutions:
        raise InvalidParameters([invalid_param("institution", institution, "unknown institution", list(data.institutions))])
    return [fiche_summary(data, fiche, revision, lang) for fiche, revision in live_fiches(data, institution=institution)]


@api.get("/fiches/{slug}", response={200: schemas.FicheDetail, **PROBLEMS}, tags=["fiches"],
         summary="A published information sheet: its live revision in the language")  # fmt: skip
@decorate_view(served)
def fiche(
    request, slug: str = Path(..., description="the fiche's identifier, as in its address on the site"), lang: str | None = LANG,
    direction: str | None = Query(None, description="leaving or coming: only the passages for that direction"),
    date: str | None = Query(None, description="the date of the amounts quoted, YYYY-MM-DD (default today)"),
):  # fmt: skip
    lang = language(lang)
    on = day("date", date) or timezone.localdate()
    data = current_data()
    if direction is not None:
        direction = direction.strip().lower()
        if direction not in data.directions:
            raise InvalidParameters([invalid_param("direction", direction, "unknown direction", list(data.directions))])
    info = data.fiches.get(slug)
    revision = info.live_revision(timezone.now()) if info else None
    if revision is None:
        raise NotFound(f"No published information sheet {echo(slug)!r}.")
    return {
        **fiche_summary(data, info, revision, lang),
        **fiche_texts(data, revision, lang, direction, on),
        "lang": lang,
        "languages": [code for code in LANGUAGES if revision.titles.get(code) and revision.bodies.get(code)],
        "direction": direction,
        "last_reviewed": revision.last_reviewed,
        "references": [{"kind": r.kind, "label": r.label(lang), "url": r.url(lang)} for r in revision.references],
    }


# --- statuses, topics, questions -----------------------------------------------------------------------------


@api.get("/statuses", response={200: list[schemas.StatusOut], **PROBLEMS}, tags=["situation"],
         summary="The statuses, and the directions that offer each")  # fmt: skip
@decorate_view(served)
def statuses(request, lang: str | None = LANG):
    lang = language(lang)
    data = current_data()
    found = sorted(data.statuses.values(), key=lambda s: (s.order, s.slug))
    return [
        {
            "slug": s.slug, "name": s.name(lang), "definition": s.description(lang),
            "directions": [d.slug for d in data.directions.values() if s.slug in d.statuses],
        }
        for s in found
    ]  # fmt: skip


@api.get("/topics", response={200: list[schemas.TopicOut], **PROBLEMS}, tags=["situation"],
         summary="The subjects, their branches of social security and whom to contact")  # fmt: skip
@decorate_view(served)
def topics(request, lang: str | None = LANG):
    lang = language(lang)
    data = current_data()
    return [
        {
            "slug": t.slug, "name": t.name(lang), "description": t.description(lang), "branches": list(t.branches),
            "contact": t.contact, "institutions": list(t.institutions), "asks_region": t.asks_region,
        }
        for t in data.topics.values()
    ]  # fmt: skip


@api.get("/questions", response={200: schemas.Questions, **PROBLEMS}, tags=["situation"],
         summary="The wizard's questions, their texts and options per direction: the parameters of resolve")  # fmt: skip
@decorate_view(served)
def questions(request, lang: str | None = LANG):
    lang = language(lang)
    data = current_data()
    directions = sorted(data.directions.values(), key=lambda d: (d.order, d.slug))
    with translation.override(lang):
        found = []
        for question in WIZARD_QUESTIONS:
            texts = []
            for direction in directions:
                options = [*question.options(data, direction.slug, lang), *question.special_options()]
                texts.append(
                    {
                        "direction": direction.slug,
                        "title": question.title(direction.slug),
                        "label": question.label(direction.slug),
                        "hint": question.hint(direction.slug),
                        "error": question.error(direction.slug),
                        "options": [{"value": o.value, "label": str(o.label), "hint": str(o.hint)} for o in options],
                    }
                )
            found.append(
                {
                    "id": question.id, "widget": question.widget, "multiple": question.multiple,
                    "asked": "when-a-topic-asks" if question.id == "region" else "always", "directions": texts,
                }
            )  # fmt: skip
    return {
        "directions": [
            {"slug": d.slug, "name": d.name(lang), "title": d.title(lang), "statuses": list(d.statuses)} for d in directions
        ],
        "questions": found,
    }
