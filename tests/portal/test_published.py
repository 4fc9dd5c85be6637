"""?published=YYYY-MM-DD: result and fiche pages as the public saw them at the end of a past day
(revisions and amounts), flagged; the citation gives the permalink of exactly that version."""

import datetime
import re

import pytest
from django.utils import timezone

from factsheets.models import Institution, Revision
from tests.factories import AmountFactory, AmountValueFactory
from tests.factsheets.workspace import complete_texts, fiche_of

pytestmark = pytest.mark.django_db

RESULT = "/en/leaving/result/?nationality=be&country=es&status=pensioner&topic=pension"
NOW = timezone.now()
DAY = datetime.timedelta(days=1)


def days_ago(count: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=count)


def html(response) -> str:
    return response.content.decode()


def changed_fiche(**first_texts):
    """A fiche published 30 days ago, changed 5 days ago."""
    now = timezone.now()
    fiche, first = fiche_of("sfp", state=Revision.State.PUBLISHED, **(complete_texts("Old") | first_texts))
    first.publish_from = now - 30 * DAY
    first.save()
    Revision.objects.create(
        fiche=fiche, number=2, state=Revision.State.PUBLISHED, publish_from=now - 5 * DAY, change_note="Rewritten.",
        last_reviewed=timezone.localdate(), **complete_texts("New"),
    )  # fmt: skip
    return fiche


def test_a_fiche_changed_after_the_day_shows_its_old_text_on_the_result_and_fiche_pages(client):
    fiche = changed_fiche()
    day = days_ago(10).isoformat()
    today = html(client.get(RESULT))
    assert "New title [en]" in today and "Old title [en]" not in today
    then = client.get(f"{RESULT}&published={day}")
    assert then.status_code == 200
    assert "Old title [en]" in html(then) and "New title [en]" not in html(then)
    page = client.get(f"/en/fiche/{fiche.slug}/?published={day}")
    assert page.status_code == 200
    assert "Old title [en]" in html(page) and "New title [en]" not in html(page)
    assert "New title [en]" in html(client.get(f"/en/fiche/{fiche.slug}/"))
    # The day of the change itself, at its end, shows the new one.
    assert "New title [en]" in html(client.get(f"/en/fiche/{fiche.slug}/?published={days_ago(5).isoformat()}"))


def test_a_past_version_is_flagged_with_a_link_to_todays(client):
    fiche = changed_fiche()
    day = days_ago(10)
    page = html(client.get(f"{RESULT}&published={day.isoformat()}"))
    assert 'class="notice notice--published"' in page
    assert "as it was published on" in page
    assert f'href="{RESULT.replace("&", "&amp;")}"' in page  # today's version of the same page
    assert 'class="notice notice--published"' not in html(client.get(RESULT))
    sheet = html(client.get(f"/en/fiche/{fiche.slug}/?published={day.isoformat()}"))
    assert "as it was published on" in sheet and f'href="/en/fiche/{fiche.slug}/"' in sheet


def test_a_fiche_withdrawn_after_the_day_is_still_shown_on_that_day_and_not_after(client):
    fiche, revision = fiche_of("sfp", state=Revision.State.PUBLISHED, **complete_texts("Withdrawn later"))
    Revision.objects.filter(pk=revision.pk).update(
        state=Revision.State.WITHDRAWN, publish_from=timezone.now() - 30 * DAY, withdrawn_at=timezone.now() - 5 * DAY
    )
    before, after = days_ago(10).isoformat(), days_ago(3).isoformat()
    assert "Withdrawn later title [en]" in html(client.get(f"{RESULT}&published={before}"))
    assert "Withdrawn later title [en]" not in html(client.get(f"{RESULT}&published={after}"))
    assert "Withdrawn later title [en]" not in html(client.get(RESULT))
    shown = client.get(f"/en/fiche/{fiche.slug}/?published={before}")
    assert shown.status_code == 200 and "Withdrawn later title [en]" in html(shown)
    assert "It has been withdrawn from the site since." in html(shown)
    gone = client.get(f"/en/fiche/{fiche.slug}/?published={after}")
    assert gone.status_code == 404
    assert "was not on the site on" in html(gone) and f'href="/en/fiche/{fiche.slug}/history/"' in html(gone)
    assert client.get(f"/en/fiche/{fiche.slug}/").status_code == 404


def test_amounts_are_those_published_by_that_day(client):
    sfp = Institution.objects.get(slug="sfp")
    amount = AmountFactory(slug="test-allowance", unit="eur-month", institution=sfp)
    AmountValueFactory(amount=amount, value="1000.00", applies_from=days_ago(400), published_at=timezone.now() - 60 * DAY)
    # Published two days ago, applying from 20 days ago (a correction with effect in the past).
    AmountValueFactory(amount=amount, value="1111.00", applies_from=days_ago(20), published_at=timezone.now() - 2 * DAY)
    fiche, _ = fiche_of(
        "sfp", state=Revision.State.PUBLISHED, **(complete_texts("Amounts") | {"body_en": "It is {{ amount:test-allowance }}."})
    )
    day = days_ago(10).isoformat()
    assert "1,111.00" in html(client.get(f"/en/fiche/{fiche.slug}/"))
    then = html(client.get(f"/en/fiche/{fiche.slug}/?published={day}"))
    assert "1,000.00" in then and "1,111.00" not in then
    result_then = html(client.get(f"{RESULT}&published={day}"))
    assert "1,000.00" in result_then and "1,111.00" not in result_then
    rules_of_that_day = html(client.get(f"{RESULT}&date={day}"))  # today's amounts for that day's rules
    assert "1,111.00" in rules_of_that_day
    # The present pages are not spoilt by the past one (each keeps its own rendering).
    assert "1,111.00" in html(client.get(f"/en/fiche/{fiche.slug}/"))
    assert "1,111.00" in html(client.get(RESULT))


def test_the_citation_gives_the_permalink_of_exactly_this_version(client):
    fiche = changed_fiche()
    today = timezone.localdate().isoformat()
    page = html(client.get(RESULT))
    citation = page[page.index('class="citation"') :]
    assert f"http://testserver{RESULT.replace('&', '&amp;')}&amp;published={today}" in citation
    assert f'href="/en/fiche/{fiche.slug}/?published={today}"' in citation
    day = days_ago(10).isoformat()
    past = html(client.get(f"{RESULT}&published={day}"))
    citation = past[past.index('class="citation"') :]
    assert f"&amp;published={day}" in citation and f"{fiche.slug}#1" in citation
    # The permalink answers, and shows what the page showed.
    permalink = client.get(f"{RESULT}&published={today}")
    assert permalink.status_code == 200 and "New title [en]" in html(permalink)


@pytest.mark.parametrize(
    "value, reason",
    [
        ("2026-13-01", "not written as year-month-day"),
        ("yesterday", "not written as year-month-day"),
        ("2026-1-1", "not written as year-month-day"),
        ("2026-W48-1", "not written as year-month-day"),  # an ISO week date: one spelling per day only
        ("1990-01-01", "before this site published anything"),
        ("9999-12-31", "has not come yet"),
        ("x" * 40, "not written as year-month-day"),
    ],
)
def test_a_wrong_day_gets_a_clear_page_never_a_500(client, value, reason):
    fiche = changed_fiche()
    for url in (f"{RESULT}&published={value}", f"/en/fiche/{fiche.slug}/?published={value}"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert reason in " ".join(html(response).split())
        assert "See the current version of this page" in html(response)


def test_tomorrow_is_refused_and_today_accepted(client):
    changed_fiche()
    assert client.get(f"{RESULT}&published={(timezone.localdate() + DAY).isoformat()}").status_code == 400
    assert client.get(f"{RESULT}&published={timezone.localdate().isoformat()}").status_code == 200


def test_the_earliest_day_is_named_when_asked_for_an_earlier_one(client):
    changed_fiche()
    first = timezone.localdate(timezone.now() - 30 * DAY)
    too_early = html(client.get(f"{RESULT}&published={(first - DAY).isoformat()}"))
    assert "The earliest day that can be shown is" in too_early
    assert client.get(f"{RESULT}&published={first.isoformat()}").status_code == 200


@pytest.mark.parametrize(
    "asked, canonical",
    [
        ("{r}&published=%20{d}%20", "{r}&published={d}"),
        ("{r}&published={d}&published=2020-01-01", "{r}&published={d}"),
        ("{r}&published={d}&date=2026-06-01", "{r}&date=2026-06-01&published={d}"),
        ("{r}&published=", "{r}"),
        ("/en/fiche/{s}/?published={d}&utm=x", "/en/fiche/{s}/?published={d}"),
        ("/en/fiche/{s}/?published={d}&published=2020-01-01", "/en/fiche/{s}/?published={d}"),
        ("/en/fiche/{s}/?utm=x", "/en/fiche/{s}/"),
        ("/en/fiche/{s}/?published=", "/en/fiche/{s}/"),
    ],
)
def test_a_non_canonical_address_is_redirected_permanently(client, asked, canonical):
    fiche = changed_fiche()
    values = {"r": RESULT, "d": days_ago(10).isoformat(), "s": fiche.slug}
    response = client.get(asked.format(**values))
    assert response.status_code == 301
    assert response["Location"] == canonical.format(**values)


def test_a_past_page_is_cached_like_the_others(client):
    changed_fiche()
    url = f"{RESULT}&published={days_ago(10).isoformat()}"
    first = client.get(url)
    assert "public" in first["Cache-Control"] and first["ETag"]
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304


def test_the_wizard_keeps_the_day_through_the_questions(client):
    changed_fiche()
    day = days_ago(10).isoformat()
    page = html(client.get(f"{RESULT}&published={day}"))
    change_links = re.findall(r'href="(/en/leaving/(?:nationality|country|status|topic)/\?[^"]+)"', page)
    assert change_links and all(f"published={day}" in link for link in change_links)
