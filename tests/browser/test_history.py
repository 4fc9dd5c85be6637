"""axe-core finds no WCAG 2.1 A/AA violation on a fiche's history, on result and fiche pages shown as
published on a past day, and on the page refusing a wrong day, in the four languages; they fit 320 px."""

import datetime

import pytest
from django.utils import timezone

from factsheets.models import Revision
from tests.browser.test_accessibility import axe_violations
from tests.situations.helpers import published_fiche

pytestmark = [pytest.mark.django_db(transaction=True)]

LANGUAGES = ("fr", "nl", "de", "en")
RESULT = "leaving/result/?nationality=be&country=es&status=pensioner&topic=pension"


@pytest.fixture
def changed(site):
    """A fiche published 30 days ago, changed 5 days ago with a change note; another withdrawn."""
    now = timezone.now()
    fiche = published_fiche("pension")
    first = fiche.revisions.get()
    first.publish_from = now - datetime.timedelta(days=30)
    first.body_en = "## Before you go\n\n1. Ask for the **S1**.\n2. Keep a copy."
    first.save()
    texts = {f"{f}_{lang}": getattr(first, f"{f}_{lang}") for f in ("title", "summary", "body") for lang in LANGUAGES}
    Revision.objects.create(
        fiche=fiche, number=2, state=Revision.State.PUBLISHED, publish_from=now - datetime.timedelta(days=5),
        change_note="The S1 form is now asked for before leaving.", last_reviewed=timezone.localdate(), **texts,
    )  # fmt: skip
    gone = published_fiche("pension")
    Revision.objects.filter(fiche=gone).update(
        state=Revision.State.WITHDRAWN, publish_from=now - datetime.timedelta(days=20), withdrawn_at=now - datetime.timedelta(days=2)
    )
    day = (timezone.localdate() - datetime.timedelta(days=10)).isoformat()
    return {"fiche": fiche.slug, "gone": gone.slug, "day": day}


def paths(changed):
    return [
        f"fiche/{changed['fiche']}/history/",
        f"fiche/{changed['gone']}/history/",
        f"{RESULT}&published={changed['day']}",
        f"fiche/{changed['fiche']}/?published={changed['day']}",
        f"fiche/{changed['gone']}/?published={changed['day']}",
        f"{RESULT}&published=2026-13-45",
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_accessibility_violation_on_the_history_and_past_pages(site, page, changed, language):
    problems = {}
    for path in paths(changed):
        response = page.goto(f"{site}/{language}/{path}")
        assert response.status in (200, 400), path
        violations = axe_violations(page, site)
        if violations:
            problems[path] = violations
    assert problems == {}
    assert page.csp_errors == []


def test_the_history_and_past_pages_fit_a_320_pixel_screen(site, browser, changed):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    too_wide = {}
    for language in ("fr", "de"):
        for path in paths(changed):
            page.goto(f"{site}/{language}/{path}")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 320:
                too_wide[f"{language}/{path}"] = width
    context.close()
    assert too_wide == {}


def test_a_reader_goes_from_the_fiche_to_its_history_and_back_to_a_past_version(site, page, changed):
    page.goto(f"{site}/en/fiche/{changed['fiche']}/")
    page.click("text=History of this information sheet")
    assert page.url.endswith(f"/en/fiche/{changed['fiche']}/history/")
    assert "The S1 form is now asked for before leaving." in page.inner_text("main")
    page.click("#revision-1 a")
    assert "as it was published on" in page.inner_text(".notice--published")
