"""Thin views: parse the query, call one resolver or selector, render or redirect."""

import functools
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_safe

from agreements.regime import pick_text
from factsheets.rendering import render_markdown
from factsheets.text import expand, for_direction
from situations.data import current_data
from situations.resolver import Situation, resolve

from . import published, wizard
from .caching import cached_page
from .questions import BY_ID, answer_name
from .shapes import Holes, render_shaped
from .templatetags.dates import long_date
from .text import sort_key


def country_choices(data, language, *, exclude=("be",)):
    names = {code: names.get(language) or names.get("en") for code, names in data.countries.items()}
    return sorted(((code, name) for code, name in names.items() if code not in exclude), key=lambda c: sort_key(c[1]))


@require_safe
@cached_page(query=False)
def home(request):
    data = current_data()
    return render_shaped(request, "portal/home.html", {"directions": tuple(data.directions.values())}, Holes())


def _direction(data, direction):
    if direction not in data.directions:
        raise Http404
    return data.directions[direction]


@require_safe
@cached_page(query=False)
def start(request, direction):
    data = current_data()
    info = _direction(data, direction)
    first = wizard_paths(direction)[wizard.QUESTIONS[0]]
    return render_shaped(request, "portal/start.html", {"direction": info, "first_question": first}, Holes())


@functools.lru_cache(maxsize=64)
def _wizard_paths(urlconf, prefix, language, direction) -> dict:
    paths = {question: reverse("question", urlconf=urlconf, args=[direction, question]) for question in wizard.QUESTIONS}
    paths["result"] = reverse("result", urlconf=urlconf, args=[direction])
    paths["start"] = reverse("start", urlconf=urlconf, args=[direction])
    return paths


def wizard_paths(direction) -> dict:
    """The paths of a direction's start page, questions (by id) and result ("result"), reversed once
    per URLconf, script prefix and language: a result page links to every question, and reversing
    costs more than the rest of building its links. `direction` must be a known one."""
    return _wizard_paths(get_urlconf(), get_script_prefix(), get_language(), direction)


def question_url(direction, question, answers, query=None, *, paths=None):
    """`query`: answers.query() when the caller has it already, `paths`: wizard_paths(direction)
    (a result page links to every question)."""
    query = answers.query() if query is None else query
    return (paths or wizard_paths(direction))[question] + (f"?{query}" if query else "")


def result_url(direction, answers, *, paths=None):
    return (paths or wizard_paths(direction))["result"] + f"?{answers.query()}"


def is_canonical(request, query: str) -> bool:
    """The address's query string is exactly the canonical one. Compared as sent, not as parsed and
    encoded again: an equivalent spelling (%2D for -) is answered with a 301 to the canonical address
    like any other variant, and each address has one cache key."""
    return request.META.get("QUERY_STRING", "") == query


def next_url(data, direction, answers):
    """The first question still without a valid answer, or the result."""
    problems = wizard.invalid_questions(data, direction, answers)
    for question in wizard.asked(data, answers):
        if question in problems or question not in answers.values:
            return question_url(direction, question, answers)
    return result_url(direction, answers)


def previous_url(data, direction, question, answers, *, paths=None):
    """The Back link: the question before this one, or the start page."""
    asked = wizard.asked(data, answers)
    earlier = asked[: asked.index(question)] if question in asked else ()
    paths = paths or wizard_paths(direction)
    if earlier:
        return question_url(direction, earlier[-1], answers, paths=paths)
    return paths["start"]


@dataclass(frozen=True)
class QuestionTexts:
    title: str
    hint: str
    error: str
    label: str  # in "Your answers"
    change_label: str  # what the hidden part of its Change link names
    special: tuple  # options outside the list (stateless, refugee)


@functools.lru_cache(maxsize=256)
def question_texts(language, direction, question) -> QuestionTexts:
    """A question's texts in `language`, which must be the active one (they are lazy translations),
    translated once."""
    info = BY_ID[question]
    return QuestionTexts(info.title(direction), info.hint(direction), info.error(direction), info.label(direction),
                         str(info.change_label), tuple(info.special_options()))  # fmt: skip


def your_answers(data, direction, answers, language, *, paths=None):
    """(label, value shown, change link, what the link changes) for each valid answer, in question order."""
    problems = wizard.invalid_questions(data, direction, answers)
    query = answers.query()
    paths = paths or wizard_paths(direction)
    rows = []
    for question in wizard.asked(data, answers):
        value = answers.values.get(question)
        if value is None or question in problems:
            continue
        texts = question_texts(language, direction, question)
        rows.append(
            {
                "question": question,
                "label": texts.label,
                "value": BY_ID[question].shown(data, value, language),
                "change": question_url(direction, question, answers, query, paths=paths),
                "change_label": texts.change_label,
            }
        )
    return rows


nationality_name = answer_name


@require_safe
@cached_page
def question(request, direction, question):
    data = current_data()
    info = _direction(data, direction)
    if question not in wizard.QUESTIONS:
        raise Http404
    params = wizard.query_params(request)
    answers = wizard.clean(data, params)
    asked = wizard.asked(data, answers)
    problems = wizard.invalid_questions(data, direction, answers)
    submitted = params.get("submitted") == question

    if submitted and question not in answers.values:
        error = "missing"
    elif question in problems:
        error = "invalid"
    else:
        error = None
    if submitted and error is None:
        return redirect(next_url(data, direction, answers), permanent=False)
    if not submitted and not is_canonical(request, answers.query()):
        return HttpResponsePermanentRedirect(question_url(direction, question, answers))
    # Earlier questions must be answered first; a wrong earlier answer is corrected on its own page.
    for earlier in wizard.QUESTIONS[: wizard.QUESTIONS.index(question)]:
        if earlier in problems or (earlier in asked and earlier not in answers.values):
            return redirect(question_url(direction, earlier, answers))
    if question not in asked:  # the region, when no chosen subject needs it
        return redirect(next_url(data, direction, answers))

    language = get_language()
    spec = BY_ID[question]
    texts = question_texts(language, direction, question)
    paths = wizard_paths(direction)
    current = answers.values.get(question) if error is None else None
    # Rendered once per shape (portal/shapes.py): the earlier answers, held in hidden fields and links,
    # are holes; an answer with an error is never kept (nor cached: its address is anyone's typing).
    holes = Holes()
    context = {
        "direction": info,
        "question": question,
        "spec": spec,
        "title": texts.title,
        "hint": texts.hint,
        "error": error,
        "message_text": texts.error if error else "",
        "answers": shaped_answers(holes, your_answers(data, direction, answers, language, paths=paths)),
        "hidden": [(k, holes(f"hidden-{n}", v)) for n, (k, v) in enumerate(answers.pairs()) if k != question],
        "action": paths[question],
        "back": holes("back", previous_url(data, direction, question, answers, paths=paths)),
        "options": data.rendered.get(("options", question, direction, language),
                                     lambda: Options(spec.options(data, direction, language))),
        "special": texts.special,
        "current": frozenset(current or ()) if spec.multiple else current,
    }
    if error:
        response = render(request, "portal/question.html", context)
        response.page_cache = False
        return response
    return render_shaped(request, "portal/question.html", context, holes)


@dataclass(frozen=True, eq=False)
class Options:
    """A question's options, built once per snapshot and language: a page shape counts them by
    identity (portal/shapes.py), not option by option."""

    items: tuple

    def __iter__(self):
        return iter(self.items)


def situation_not_found(request, direction):
    return render(request, "portal/situation_not_found.html", {"direction": direction}, status=404)


@require_safe
@cached_page
def result(request, direction):
    data = current_data()
    info = _direction(data, direction)
    answers = wizard.clean(data, wizard.query_params(request))
    query = answers.query()
    if not is_canonical(request, query):
        return HttpResponsePermanentRedirect(result_url(direction, answers))
    if wizard.invalid_questions(data, direction, answers):
        return situation_not_found(request, direction)
    try:
        date = wizard.parse_date(answers.date)
    except ValueError:
        return situation_not_found(request, direction)
    current = wizard.Answers(answers.values, date=answers.date)  # the same page as published today
    try:
        day = published.parse(answers.published, data)
    except published.NotPublished as error:
        return published.not_available(request, error, result_url(direction, current))
    missing = wizard.first_missing(data, answers)
    if missing:
        return redirect(question_url(direction, missing, answers))
    # As published on a past day: that day's revisions and amounts, and that day's rules unless date= says.
    at = published.moment(day) if day else None
    served, data = data, published.as_published(data, at) if at else data
    situation = Situation.build(data, direction=direction, topics=answers.values["topic"], date=date or day, **{
        k: answers.values.get(k) for k in ("nationality", "country", "status", "region")
    })  # fmt: skip
    resolution = resolve(data, situation, at=at)
    language = get_language()
    topics = [topic_context(data, situation, result, language) for result in resolution.topics]
    if data is not served:  # rendered with other amounts: not for the present pages' memo
        topics = [{**t, "fiches": published.unshared(t["fiches"])} for t in topics]
    rules = {(t["regime"].kind, t["regime"].instrument_slug, t["regime"].basis, t["also"]) for t in topics}
    country = nationality_name(data, situation.country, language)
    subjects = [t["info"].name(language) for t in topics]
    # Rendered once per shape (portal/shapes.py): what differs between situations with the same rules,
    # fiches and outcomes (the nationality shown, the dates, the addresses) goes in holes.
    holes = Holes()
    today = timezone.localdate()
    paths = wizard_paths(direction)
    # Addresses are built from the canonical query (ASCII): an absolute one needs only the origin.
    origin = f"{request.scheme}://{request.get_host()}"
    # The citation's permalink: exactly this version, however the fiches change later.
    permalink = wizard.Answers(answers.values, date=answers.date, published=(day or today).isoformat())
    context = {
        "direction": info,
        "heading": result_heading(data, situation, country, subjects, language),
        "country_name": country,
        "answers": shaped_answers(holes, your_answers(data, direction, answers, language, paths=paths)),
        "topics": topics,
        "shared_rules": len(rules) == 1,  # the template then states topics.0's rules once
        "other_date": answers.date is not None,
        "rules_date": holes("rules-date", long_date(situation.date)),
        "today_url": holes("today-url", result_url(direction, wizard.Answers(answers.values), paths=paths)),
        "canonical": holes("canonical", f"{origin}{paths['result']}?{query}"),
        "consulted": today,
        "revisions": [f for t in topics for f in t["fiches"]],
        "published_day": holes("published-day", long_date(day)) if day else None,
        "current_url": holes("current-url", result_url(direction, current, paths=paths)),
        "permalink": holes("permalink", origin + result_url(direction, permalink, paths=paths)),
        "permalink_day": holes("permalink-day", (day or today).isoformat()),
    }
    return render_shaped(request, "portal/result.html", context, holes)


def shaped_answers(holes, rows):
    """"Your answers" with the Change links, and the nationality, as holes: they hold the whole query."""
    for row in rows:
        row["change"] = holes(f"change-{row['question']}", row["change"])
        if row["question"] == "nationality":
            row["value"] = holes("nationality", row["value"])
    return rows


def result_heading(data, situation, country, subjects, language):
    """Names the situation, so that tabs, bookmarks and print-outs can be told apart."""
    status = data.statuses[situation.status].name(language)
    if situation.direction == "leaving":
        route = gettext("Belgium to %(country)s") % {"country": country}
    else:
        route = gettext("%(country)s to Belgium") % {"country": country}
    return gettext("%(status)s, %(route)s: %(subjects)s") % {
        "status": status,
        "route": route,
        "subjects": ", ".join(subjects),
    }


def topic_context(data, situation, result, language):
    fiches = [
        fiche_context(data, m.fiche, m.revision, language, situation.date, direction=situation.direction)
        for m in result.fiches
    ]
    outcome = result.outcome
    outcome_html = ""
    if outcome is not None:
        revision = outcome.revision

        def render_outcome():
            text = for_direction(pick_text(revision.outcomes, language), situation.direction)
            return render_markdown(expand(text, language=language, amounts=data.amounts, on=situation.date))

        # A published outcome never changes: rendered once per language and direction (and values of
        # the amounts it quotes), like the fiches.
        key = ("outcome", outcome.fiche.slug, revision.number, revision.publish_from, language,
               situation.direction, revision.amounts_on(data.amounts, situation.date))  # fmt: skip
        outcome_html = data.rendered.get(key, render_outcome)
    contacts = [result.contact] if result.contact else list(result.institutions)
    return {
        "info": data.topics[result.topic],
        "regime": result.regime,
        "also": tuple(other.slug for other in result.regime.also),
        "outcome": outcome_html,
        "outcome_institution": data.institutions[outcome.fiche.institution] if outcome else None,
        "fiches": fiches,
        "contacts": [data.institutions[slug] for slug in contacts],
    }


def direction_labels():
    return {
        "leaving": "**%s**" % gettext("If you are leaving Belgium"),
        "coming": "**%s**" % gettext("If you are coming to Belgium"),
    }


def fiche_context(data, fiche, revision, language, on=None, *, heading=3, direction=None):
    """What the public sees of a revision: the passages of the reader's direction (every passage,
    labelled, when there is none), Markdown rendered and sanitised, amounts filled in for the date.

    A published revision never changes, so its rendering is kept with the snapshot (the date counts
    only for a text that quotes amounts, through their values on it); a draft (the preview) is
    rendered each time."""
    on = on or timezone.localdate()
    if revision.publish_from is None:
        return _fiche_context(data, fiche, revision, language, on, heading, direction)
    key = (fiche.slug, revision.number, revision.publish_from, language, heading, direction,
           revision.amounts_on(data.amounts, on))  # fmt: skip
    return data.rendered.get(
        key, lambda: {**_fiche_context(data, fiche, revision, language, on, heading, direction), "memo_key": key}
    )


def _fiche_context(data, fiche, revision, language, on, heading, direction):
    labels = direction_labels()

    def filled(texts):
        text = for_direction(pick_text(texts, language), direction, labels=labels)
        return expand(text, language=language, amounts=data.amounts, on=on)

    return {
        "slug": fiche.slug,
        "number": revision.number,
        "title": filled(revision.titles),
        "summary": filled(revision.summaries),
        "body": render_markdown(filled(revision.bodies), below=heading),
        "missing_language": not revision.titles.get(language) or not revision.bodies.get(language),
        "last_reviewed": revision.last_reviewed,
        "published": revision.publish_from,
        "institution": data.institutions[fiche.institution],
        "legal": [r for r in revision.references if r.kind == "legal"],
        "links": [r for r in revision.references if r.kind == "link"],
    }


@require_safe
@cached_page
def fiche(request, slug):
    """The fiche as published now, or on a past day (?published=YYYY-MM-DD, the only query it takes)."""
    data = current_data()
    info = data.fiches.get(slug)
    if info is None:
        raise Http404
    asked = [v.strip()[: wizard.MAX_VALUE_LENGTH] for v in request.GET.getlist("published") if v.strip()]
    canonical = urlencode([("published", asked[0])]) if asked else ""
    if not is_canonical(request, canonical):
        return HttpResponsePermanentRedirect(request.path + (f"?{canonical}" if canonical else ""))
    try:
        day = published.parse(asked[0] if asked else None, data)
    except published.NotPublished as error:
        return published.not_available(request, error, request.path)
    at = published.moment(day) if day else timezone.now()
    revision = info.live_revision(at)
    if revision is None:
        if day:
            return published.fiche_not_public(request, slug, day)
        raise Http404
    shown = published.as_published(data, at) if day else data
    context = fiche_context(shown, info, revision, get_language(), day, heading=1)
    if shown is not data:  # rendered with other amounts: not for the present pages' memo
        context = published.unshared([context])[0]
    live_now = revision if not day else info.live_revision(timezone.now())
    return render(request, "portal/fiche.html", {"fiche": context, "published_day": day, "live_now": live_now is not None})
