"""The public history of a fiche: every revision the public has seen, newest first, with its number,
the day it was published, the reviewer's change note and a link to the fiche as published that day.
Drafts and revisions waiting for review are never listed; a scheduled one only from its moment."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from agreements.regime import pick_text
from situations.data import current_data

from . import published
from .caching import cached_page


def entries(fiche, now, language) -> list:
    """One entry per revision public at some moment up to `now`, newest publication first."""
    public = [r for r in fiche.revisions if r.publish_from <= now]
    live = fiche.live_revision(now)
    rows = []
    for position, revision in enumerate(public):
        day = timezone.localdate(revision.publish_from)
        # The day's permalink shows the revision live at the end of that day: this one, unless it was
        # replaced or withdrawn the same day.
        shown_that_day = fiche.live_revision(published.moment(day)) is revision
        rows.append(
            {
                "number": revision.number,
                "title": pick_text(revision.titles, language),
                "published": day,
                "note": revision.change_note,
                "first": position == len(public) - 1,
                "current": revision is live,
                "withdrawn": (
                    timezone.localdate(revision.withdrawn_at) if revision.withdrawn_at and revision.withdrawn_at <= now else None
                ),
                "link": f"{reverse('fiche', args=[fiche.slug])}?published={day.isoformat()}" if shown_that_day else None,
            }
        )
    return rows


@require_safe
@cached_page(query=False)
def fiche_history(request, slug):
    data = current_data()
    fiche = data.fiches.get(slug)
    language = get_language()
    rows = entries(fiche, timezone.now(), language) if fiche else []
    if not rows:
        raise Http404
    context = {
        "slug": slug,
        "title": rows[0]["title"],
        "entries": rows,
        "live": any(row["current"] for row in rows),
        "institution": data.institutions[fiche.institution],
    }
    return render(request, "portal/fiche_history.html", context)
