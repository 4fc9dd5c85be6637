"""The public history of a fiche: the revisions the public has seen, with their change notes, never a
draft, a submission or a publication still to come."""

import datetime

import pytest
from django.utils import timezone

from factsheets import workflow
from factsheets.models import Editor, Institution, Revision
from tests.factsheets.workspace import account, complete_texts, fiche_of

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def html(response) -> str:
    return response.content.decode()


def revision(fiche, number, state, published=None, **extra):
    return Revision.objects.create(
        fiche=fiche, number=number, state=state, publish_from=published, last_reviewed=timezone.localdate(),
        **complete_texts(f"Revision {number}"), **extra,
    )  # fmt: skip


@pytest.fixture
def fiche():
    """Published 40 days ago, changed 20 days ago, a change scheduled in 10 days, a submission and a draft."""
    now = timezone.now()
    fiche, first = fiche_of("sfp", state=Revision.State.DRAFT)
    first.delete()
    revision(fiche, 1, Revision.State.PUBLISHED, now - 40 * DAY)
    revision(fiche, 2, Revision.State.PUBLISHED, now - 20 * DAY, change_note="The waiting period is now 3 months.")
    revision(fiche, 3, Revision.State.PUBLISHED, now + 10 * DAY, change_note="Scheduled words.")
    revision(fiche, 4, Revision.State.SUBMITTED, change_note="Submitted words.")
    revision(fiche, 5, Revision.State.DRAFT)
    return fiche


def test_the_history_lists_the_published_revisions_only(client, fiche):
    response = client.get(f"/en/fiche/{fiche.slug}/history/")
    assert response.status_code == 200
    page = html(response)
    assert 'id="revision-1"' in page and 'id="revision-2"' in page
    for hidden in ("revision-3", "revision-4", "revision-5"):
        assert f'id="{hidden}"' not in page
    assert "Scheduled words." not in page and "Submitted words." not in page
    assert "The waiting period is now 3 months." in page and "First publication." in page
    assert page.index('id="revision-2"') < page.index('id="revision-1"')  # newest first
    assert "current version" in page
    day = timezone.localdate(timezone.now() - 40 * DAY).isoformat()
    assert f'href="/en/fiche/{fiche.slug}/?published={day}"' in page


def test_a_scheduled_revision_appears_from_its_moment(client, fiche):
    import time_machine

    with time_machine.travel(timezone.now() + 11 * DAY, tick=False):
        page = html(client.get(f"/en/fiche/{fiche.slug}/history/"))
    assert 'id="revision-3"' in page and "Scheduled words." in page


def test_withdrawn_revisions_stay_listed_and_are_marked(client):
    sfp = Institution.objects.get(slug="sfp")
    reviewer = account("reviewer", Editor.Role.REVIEWER, sfp)
    fiche, first = fiche_of("sfp", state=Revision.State.SUBMITTED)
    workflow.publish(first, reviewer)
    workflow.withdraw(fiche, reviewer)
    page = html(client.get(f"/en/fiche/{fiche.slug}/history/"))
    assert 'id="revision-1"' in page and "(withdrawn)" in page and "Withdrawn on" in page
    assert "has been withdrawn from the site" in page
    # Withdrawn the day it was published: no day shows it at its end, so no link is offered.
    assert "no day&#x27;s link shows this version" in page or "no day's link shows this version" in page


def test_a_fiche_never_published_has_no_history(client):
    fiche, _draft = fiche_of("sfp")
    assert client.get(f"/en/fiche/{fiche.slug}/history/").status_code == 404
    assert client.get("/en/fiche/no-such-fiche/history/").status_code == 404


def test_the_fiche_page_links_to_its_history_and_the_history_is_cached(client, fiche):
    assert f'href="/en/fiche/{fiche.slug}/history/"' in html(client.get(f"/en/fiche/{fiche.slug}/"))
    response = client.get(f"/en/fiche/{fiche.slug}/history/")
    assert "public" in response["Cache-Control"] and response["ETag"]
    redirected = client.get(f"/en/fiche/{fiche.slug}/history/?utm=x")
    assert redirected.status_code == 301 and redirected["Location"] == f"/en/fiche/{fiche.slug}/history/"
