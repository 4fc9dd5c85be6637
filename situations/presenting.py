"""A resolution as plain dictionaries: the JSON contract of `manage.py resolve` (DESIGN §8)."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import override

from agreements.regime import pick_text
from factsheets.rendering import plain_text
from factsheets.text import expand, for_direction

from .data import SituationData
from .resolver import Resolution


def result_path(resolution: Resolution, language: str, *, with_date: bool = False) -> str:
    situation = resolution.situation
    query = situation.query()
    if with_date:
        query.append(("date", situation.date.isoformat()))
    with override(language):
        return f"{reverse('result', args=[situation.direction])}?{urlencode(query)}"


def fiche_path(slug: str, language: str) -> str:
    with override(language):
        return reverse("fiche", args=[slug])


def institution_dict(data: SituationData, slug: str | None, language: str):
    if not slug:
        return None
    institution = data.institutions[slug]
    return {
        "institution": slug,
        "acronym": institution.acronym(language),
        "name": institution.name(language),
        "url": institution.website(language),
        "phone": institution.phone,
        "email": institution.email,
    }


def resolution_dict(data: SituationData, resolution: Resolution, language: str, *, with_date: bool = False) -> dict:
    situation = resolution.situation

    def filled(texts):
        """The text in the language for the situation's direction, named amounts filled in for the date,
        fiche links resolved."""
        text = for_direction(pick_text(texts, language), situation.direction)
        return expand(text, language=language, amounts=data.amounts, on=situation.date)

    topics = []
    for result in resolution.topics:
        regime = result.regime
        instrument = regime.instrument
        outcome = result.outcome
        topics.append(
            {
                "topic": result.topic,
                "name": data.topics[result.topic].name(language),
                "outcome": {
                    "fiche": outcome.fiche.slug,
                    "text": plain_text(filled(outcome.revision.outcomes)),
                }
                if outcome
                else None,
                "regime": {
                    "kind": regime.kind,
                    "instrument": instrument.slug if instrument else None,
                    "name": instrument.name(language) if instrument else None,
                    "in_force_since": regime.since.isoformat() if regime.since else None,
                    "also": [other.slug for other in regime.also],
                },
                "fiches": [
                    {
                        "id": match.fiche.id,
                        "slug": match.fiche.slug,
                        "institution": match.fiche.institution,
                        "title": filled(match.revision.titles),
                        "summary": filled(match.revision.summaries),
                        "text": plain_text(filled(match.revision.bodies)),
                        "last_reviewed": match.revision.last_reviewed.isoformat(),
                        "url": fiche_path(match.fiche.slug, language),
                    }
                    for match in result.fiches
                ],
                "contact": institution_dict(data, result.contact, language),
                "contacts": [institution_dict(data, slug, language) for slug in result.institutions],
            }
        )
    return {
        "situation": {
            "direction": situation.direction,
            "nationality": situation.nationality,
            "country": situation.country,
            "status": situation.status,
            "date": situation.date.isoformat(),
            "lang": language,
            "nationality_group": resolution.group,
            "region": situation.region or None,
        },
        "url": result_path(resolution, language, with_date=with_date),
        "topics": topics,
    }

