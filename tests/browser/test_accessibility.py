"""axe-core finds no WCAG 2.1 A/AA violation on any page type, in any language; nothing needs
horizontal scrolling at 320 px; no page breaks the Content-Security-Policy."""

import pytest

from tests.browser.conftest import too_wide_at_320
from tests.situations.helpers import published_fiche

pytestmark = [pytest.mark.django_db(transaction=True)]

LANGUAGES = ("fr", "nl", "de", "en")
RESULT = "leaving/result/?nationality=be&country=ca&status=employee&topic=contributions&topic=health-care"
PAGES = [
    "",
    "leaving/",
    "coming/",
    "leaving/nationality/",
    "leaving/country/?nationality=be&submitted=country",  # with its error summary
    "coming/status/?nationality=us&country=us",
    "leaving/topic/?nationality=be&country=es&status=pensioner",
    "coming/region/?nationality=gb&country=gb&status=employee&topic=family-benefits",
    RESULT,
    "coming/result/?nationality=gb&country=gb&status=employee&topic=family-benefits&region=wallonia",
    "leaving/result/?nationality=be&country=es&status=pensioner&topic=pension&date=2011-06-01",
    "countries/",
    "countries/ca/",
    "institutions/",
    "institutions/sfp/",
    "fiche/{fiche}/",
    "accessibility/",
    "privacy/",
    "contact/",
    "api/",
    "no-such-page/",
]


def axe_violations(page, site):
    page.add_script_tag(url=f"{site}/static/axe.min.js")
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    return [
        f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


@pytest.fixture
def fiche_slug(site):
    fiche = published_fiche("pension")
    revision = fiche.revisions.get()
    revision.body_en = "## Before you go\n\n1. Ask for the **A1**.\n2. Keep a copy.\n\n[ONSS](https://www.onss.be)"
    revision.save()
    return fiche.slug


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_accessibility_violation_on_any_page_type(site, page, fiche_slug, language):
    problems = {}
    for path in PAGES:
        page.goto(f"{site}/{language}/{path.format(fiche=fiche_slug)}")
        violations = axe_violations(page, site)
        if violations:
            problems[path] = violations
    assert problems == {}
    assert page.csp_errors == []


@pytest.mark.parametrize("language", ["fr", "en"])
def test_pages_fit_a_320_pixel_screen_without_horizontal_scrolling(site, browser, fiche_slug, language):
    assert too_wide_at_320(browser, [f"{site}/{language}/{path.format(fiche=fiche_slug)}" for path in PAGES]) == {}


def test_pages_work_at_200_percent_zoom(site, browser):
    # A 1280 px window at 200 % zoom lays out like a 640 px one with twice the pixel density.
    context = browser.new_context(viewport={"width": 640, "height": 800}, device_scale_factor=2)
    page = context.new_page()
    page.goto(f"{site}/en/{RESULT}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 640
    assert page.locator("h1").is_visible()
    context.close()


def test_focus_is_visible(site, page):
    page.goto(f"{site}/en/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    box = skip.bounding_box()
    assert box and box["x"] >= 0
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
