"""Thin views: parse the query, call one resolver or selector, render or redirect."""

import unicodedata

from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_safe

from agreements.regime import REFUGEE, STATELESS, pick_text
from factsheets.rendering import render_markdown
from factsheets.text import expand
from situations.data import current_data
from situations.resolver import Situation, resolve

from . import wizard
from .caching import cached_page
from .explain import reason


def sort_key(text):
    """Alphabetical order a reader expects: accents and case do not count."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def country_choices(data, language, *, exclude=("be",)):
    names = {code: names.get(language) or names.get("en") for code, names in data.countries.items()}
    return sorted(((code, name) for code, name in names.items() if code not in exclude), key=lambda c: sort_key(c[1]))


@require_safe
def home(request):
    data = current_data()
    return render(request, "portal/home.html", {"directions": data.directions.values()})


def _direction(data, direction):
    if direction not in data.directions:
        raise Http404
    return data.directions[direction]


@require_safe
def start(request, direction):
    data = current_data()
    info = _direction(data, direction)
    first = reverse("question", args=[direction, wizard.QUESTIONS[0]])
    return render(request, "portal/start.html", {"direction": info, "first_question": first})


def question_url(direction, question, answers):
    query = answers.query()
    return reverse("question", args=[direction, question]) + (f"?{query}" if query else "")


def result_url(direction, answers):
    return reverse("result", args=[direction]) + f"?{answers.query()}"


def next_url(data, direction, answers):
    """The first question still without a valid answer, or the result."""
    problems = wizard.invalid_questions(data, direction, answers)
    for question in wizard.QUESTIONS:
        if question in problems or question not in answers.values:
            return question_url(direction, question, answers)
    return result_url(direction, answers)


def your_answers(data, direction, answers, language):
    """(question, label, value shown, change link) for each valid answer, in question order."""
    problems = wizard.invalid_questions(data, direction, answers)
    rows = []
    for question in wizard.QUESTIONS:
        value = answers.values.get(question)
        if value is None or question in problems:
            continue
        if question in ("nationality", "country"):
            shown = nationality_name(data, value, language)
        elif question == "status":
            shown = data.statuses[value].name(language)
        else:
            shown = ", ".join(data.topics[t].name(language) for t in value)
        rows.append({"question": question, "value": shown, "change": question_url(direction, question, answers)})
    return rows


def nationality_name(data, value, language):
    if value == STATELESS:
        return gettext("Stateless")
    if value == REFUGEE:
        return gettext("Refugee")
    names = data.countries[value]
    return names.get(language) or names.get("en")


@require_safe
def question(request, direction, question):
    data = current_data()
    info = _direction(data, direction)
    if question not in wizard.QUESTIONS:
        raise Http404
    answers = wizard.clean(data, request.GET)
    problems = wizard.invalid_questions(data, direction, answers)
    submitted = request.GET.get("submitted") == question

    if submitted and question not in answers.values:
        error = "missing"
    elif question in problems:
        error = "invalid"
    else:
        error = None
    if submitted and error is None:
        return redirect(next_url(data, direction, answers), permanent=False)
    if not submitted and request.GET.urlencode() != answers.query():
        return HttpResponsePermanentRedirect(question_url(direction, question, answers))
    # Earlier questions must be answered first; a wrong earlier answer is corrected on its own page.
    for earlier in wizard.QUESTIONS[: wizard.QUESTIONS.index(question)]:
        if earlier in problems:
            return redirect(question_url(direction, earlier, answers))

    language = get_language()
    current = answers.values.get(question)
    context = {
        "direction": info,
        "question": question,
        "error": error,
        "message_text": error_message(question, direction) if error else "",
        "answers": your_answers(data, direction, answers, language),
        "hidden": [(k, v) for k, v in answers.pairs() if k != question],
        "action": reverse("question", args=[direction, question]),
        "current": current if error is None else None,
    }
    if question == "nationality":
        context["options"] = country_choices(data, language, exclude=())
        context["special"] = [(STATELESS, nationality_name(data, STATELESS, language)), (REFUGEE, nationality_name(data, REFUGEE, language))]
    elif question == "country":
        context["options"] = country_choices(data, language)
    elif question == "status":
        context["options"] = [(slug, data.statuses[slug]) for slug in info.statuses]
    else:
        context["options"] = list(data.topics.items())
        context["current"] = set(current or ()) if error is None else set()
    return render(request, "portal/question.html", context)


def error_message(question, direction):
    if question == "nationality":
        return gettext("Select your nationality, or stateless or refugee")
    if question == "country":
        if direction == "leaving":
            return gettext("Select the country you are going to")
        return gettext("Select the country you are coming from")
    if question == "status":
        return gettext("Select the situation that describes you best")
    return gettext("Select at least one subject")


def situation_not_found(request, direction):
    return render(request, "portal/situation_not_found.html", {"direction": direction}, status=404)


@require_safe
@cached_page
def result(request, direction):
    data = current_data()
    info = _direction(data, direction)
    answers = wizard.clean(data, request.GET)
    if request.GET.urlencode() != answers.query():
        return HttpResponsePermanentRedirect(result_url(direction, answers))
    if wizard.invalid_questions(data, direction, answers):
        return situation_not_found(request, direction)
    try:
        date = wizard.parse_date(answers.date)
    except ValueError:
        return situation_not_found(request, direction)
    missing = wizard.first_missing(answers)
    if missing:
        return redirect(question_url(direction, missing, answers))
    situation = Situation.build(data, direction=direction, topics=answers.values["topic"], date=date, **{
        k: answers.values[k] for k in ("nationality", "country", "status")
    })
    resolution = resolve(data, situation)
    language = get_language()
    topics = [
        {
            "info": data.topics[result.topic],
            "regime": result.regime,
            "reason": reason(data, situation, result),
            "fiches": [fiche_context(data, m.fiche, m.revision, language, situation.date) for m in result.fiches],
            "contacts": [data.institutions[slug] for slug in ([result.contact] if result.contact else result.institutions)],
        }
        for result in resolution.topics
    ]
    context = {
        "direction": info,
        "situation": situation,
        "country_name": nationality_name(data, situation.country, language),
        "answers": your_answers(data, direction, answers, language),
        "topics": topics,
        "other_date": answers.date is not None,
        "today_url": result_url(direction, wizard.Answers(answers.values)),
        "canonical": request.build_absolute_uri(result_url(direction, answers)),
        "consulted": timezone.localdate(),
    }
    return render(request, "portal/result.html", context)


def fiche_context(data, fiche, revision, language, on=None, *, heading=3):
    """What the public sees of a revision: Markdown rendered and sanitised, amounts filled in for the date."""
    on = on or timezone.localdate()

    def filled(texts):
        return expand(pick_text(texts, language), language=language, amounts=data.amounts, on=on)

    return {
        "slug": fiche.slug,
        "title": filled(revision.titles),
        "summary": filled(revision.summaries),
        "body": render_markdown(filled(revision.bodies), below=heading),
        "missing_language": not revision.titles.get(language) or not revision.bodies.get(language),
        "last_reviewed": revision.last_reviewed,
        "institution": data.institutions[fiche.institution],
        "legal": [r for r in revision.references if r.kind == "legal"],
        "links": [r for r in revision.references if r.kind == "link"],
    }


@require_safe
@cached_page
def fiche(request, slug):
    data = current_data()
    info = data.fiches.get(slug)
    revision = info.live_revision(timezone.now()) if info else None
    if revision is None:
        raise Http404
    context = {"fiche": fiche_context(data, info, revision, get_language(), heading=1)}
    return render(request, "portal/fiche.html", context)
