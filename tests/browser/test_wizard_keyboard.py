"""A person completes the wizard with the keyboard alone, with JavaScript off and on, in two languages."""

import pytest

pytestmark = [pytest.mark.django_db(transaction=True)]


def tab_to(page, selector, limit=60):
    """Press Tab until the element matching `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def arrow_to_radio(page, value, limit=15):
    for _ in range(limit):
        if page.evaluate("v => document.activeElement.value === v", value):
            page.keyboard.press("Space")
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"radio {value} not reached")


def complete_wizard(page, base, language, *, country_name, filter_text=None):
    page.goto(f"{base}/{language}/leaving/")
    tab_to(page, "a.button")
    page.keyboard.press("Enter")
    page.wait_for_url("**/leaving/nationality/")

    # Nationality: a native select, chosen by typing the first letters.
    tab_to(page, "#answer")
    page.keyboard.type("Belg")
    tab_to(page, ".question-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/leaving/country/?nationality=be")

    # Country: with JavaScript, narrow the long list with the filter box first.
    if filter_text:
        tab_to(page, "#answer-filter")
        page.keyboard.type(filter_text)
        assert page.locator("#answer option:not([hidden])").count() < 20
    tab_to(page, "#answer")
    page.keyboard.type(country_name)
    tab_to(page, ".question-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/leaving/status/**")

    # Status: radios, moved through with the arrow keys.
    tab_to(page, "input[name=status]")
    arrow_to_radio(page, "pensioner")
    tab_to(page, ".question-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/leaving/topic/**")

    # Topics: checkboxes, ticked with the space bar.
    for topic in ("pension", "health-care"):
        tab_to(page, f"input[value={topic}]")
        page.keyboard.press("Space")
    tab_to(page, ".question-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/leaving/result/**")
    return page


@pytest.mark.parametrize(
    ("language", "country_name", "heading", "rules"),
    [
        ("en", "Spain", "Pensioner, Belgium to Spain", "Regulations (EC) No 883/2004 and 987/2009"),
        ("fr", "Espagne", "Belgique → Espagne", "Règlements (CE) n° 883/2004 et 987/2009"),
    ],
)
def test_wizard_by_keyboard_without_javascript(site, page_without_javascript, language, country_name, heading, rules):
    page = complete_wizard(page_without_javascript, site, language, country_name=country_name)
    assert page.url.endswith("/leaving/result/?nationality=be&country=es&status=pensioner&topic=health-care&topic=pension")
    assert heading in page.locator("h1").inner_text()
    assert rules in page.content()


@pytest.mark.parametrize(
    ("language", "country_name", "filter_text"),
    [("en", "Spain", "spa"), ("fr", "Espagne", "espa")],
)
def test_wizard_by_keyboard_with_javascript(site, page, language, country_name, filter_text):
    complete_wizard(page, site, language, country_name=country_name, filter_text=filter_text)
    assert page.url.endswith("/leaving/result/?nationality=be&country=es&status=pensioner&topic=health-care&topic=pension")
    assert page.csp_errors == []


def test_the_error_summary_takes_the_user_to_the_field(site, page):
    page.goto(f"{site}/en/leaving/country/?nationality=be&submitted=country")
    assert page.title().startswith("Error:")
    tab_to(page, ".error-summary a")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "answer"
