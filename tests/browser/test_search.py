"""The search page in the browser: no axe-core violation with results and without, in the four
languages; the header's search box works with the keyboard alone; nothing scrolls sideways at 320 px."""

import pytest

from tests.browser.conftest import too_wide_at_320
from tests.browser.test_accessibility import axe_violations
from tests.browser.test_wizard_keyboard import tab_to

pytestmark = [pytest.mark.django_db(transaction=True)]

# A query with results in each language (the real content is loaded by the `site` fixture).
QUERIES = {"fr": "pécule de vacances", "nl": "kinderbijslag", "de": "Arbeitsunfall", "en": "pension Morocco"}
PAGES = [
    "search/",
    "search/?q={query}",
    "search/?q={query}&topic={topic}",
    "search/?q=xylophonequartz",  # no result: the wizard and the countries are offered
    "search/?q=" + "x" * 300,  # cut, with a notice
]
TOPICS = {"fr": "annual-holidays", "nl": "family-benefits", "de": "work-accidents", "en": "health-care"}


@pytest.mark.parametrize("language", ["fr", "nl", "de", "en"])
def test_no_accessibility_violation_on_the_search_page(site, page, language):
    problems = {}
    for path in PAGES:
        page.goto(f"{site}/{language}/{path.format(query=QUERIES[language], topic=TOPICS[language])}")
        assert page.locator("h1").count() == 1
        violations = axe_violations(page, site)
        if violations:
            problems[path] = violations
    assert problems == {}
    assert page.csp_errors == []
    page.goto(f"{site}/{language}/search/?q={QUERIES[language]}")
    assert page.locator(".search-result").count() >= 1
    assert page.locator(".search-result mark").count() >= 1


def test_the_header_search_box_works_with_the_keyboard(site, page_without_javascript):
    page = page_without_javascript
    page.goto(f"{site}/en/countries/")
    tab_to(page, "#site-search-q")
    page.keyboard.type("Limosa")
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/search/?q=Limosa")
    assert page.locator(".search-result").first.locator("a").get_attribute("href") == "/en/fiche/contributions-limosa/"
    tab_to(page, ".search-result a")
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/fiche/contributions-limosa/")
    # The search page's own form, reached and sent by keyboard, with the subject filter as a link.
    page.goto(f"{site}/fr/search/?q=S1")
    tab_to(page, "#search-q")
    page.keyboard.press("Control+A")
    page.keyboard.type("pension Maroc")
    page.keyboard.press("Enter")
    page.wait_for_url("**/fr/search/?q=pension+Maroc")
    tab_to(page, ".search-filter a")
    page.keyboard.press("Enter")
    page.wait_for_url("**/fr/search/?q=pension+Maroc&topic=*")


@pytest.mark.parametrize("language", ["fr", "de"])
def test_the_search_page_fits_a_320_pixel_screen(site, browser, language):
    addresses = [f"{site}/{language}/{path.format(query=QUERIES[language], topic=TOPICS[language])}" for path in PAGES]
    assert too_wide_at_320(browser, addresses) == {}


def test_on_a_phone_the_header_links_to_the_search_page_without_growing(site, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/en/countries/")
    assert not page.locator(".site-search").is_visible()
    header = page.locator(".site-header").bounding_box()
    link = page.locator(".site-search-link").bounding_box()
    languages = page.locator(".language-switcher").bounding_box()
    assert link["y"] >= languages["y"] and link["y"] + link["height"] <= languages["y"] + languages["height"]  # beside them
    assert header["height"] <= 140  # as high as without a search link (two lines of name, two of languages)
    tab_to(page, ".site-search-link")
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/search/")
    assert page.locator("#search-q").is_visible()
    context.close()
