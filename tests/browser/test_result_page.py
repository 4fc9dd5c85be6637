"""The result page answers first: measured in a real browser with the content of fixtures/ loaded
(the `site` fixture loads it), at the sizes people read it."""

import re

import pytest

pytestmark = [pytest.mark.django_db(transaction=True)]

TOPICS = "".join(
    f"&topic={t}"
    for t in (
        "contributions", "health-care", "pension", "incapacity-for-work", "family-benefits", "unemployment",
        "work-accidents", "occupational-diseases", "annual-holidays",
    )
)  # fmt: skip
THAILAND = f"/en/leaving/result/?nationality=be&country=th&status=employee{TOPICS}&region=flanders"
GERMANY = "/en/leaving/result/?nationality=be&country=de&status=posted-worker&topic=contributions&topic=health-care"


def bottom_of(page, selector):
    return page.evaluate(f"document.querySelector('{selector}').getBoundingClientRect().bottom + window.scrollY")


def test_all_subjects_for_thailand_read_in_at_most_1200_words_with_the_details_closed(site, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(site + THAILAND)
    words = len(page.evaluate("document.querySelector('main').innerText").split())
    assert words <= 1200, words
    assert page.locator(".outcomes .outcome").count() == 9
    assert bottom_of(page, ".in-short") <= 2 * 800  # the outcomes fit in the first two screens
    # The rules are stated once, not per subject.
    assert page.locator(".rules-statement").count() == 1
    assert "Belgium has no social security agreement with Thailand" in page.locator(".rules-statement").inner_text()
    context.close()


@pytest.mark.parametrize(("width", "height", "screens"), [(1280, 800, 1), (320, 640, 2)])
def test_the_posting_outcomes_are_on_the_first_screens(site, browser, width, height, screens):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(site + GERMANY)
    assert bottom_of(page, ".in-short") <= screens * height
    assert "24 months" in page.locator(".in-short").inner_text()
    context.close()


def test_the_two_subject_result_prints_on_at_most_four_a4_pages(site, page):
    page.goto(site + GERMANY)
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert page.locator(".print-header").is_visible()
    pdf = page.pdf(format="A4", print_background=False)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 4, pages


def test_details_open_without_javascript(site, page_without_javascript):
    page = page_without_javascript
    page.goto(site + GERMANY)
    details = page.locator("details.fiche__details").first
    assert not details.locator(".fiche__body").is_visible()
    details.locator("summary").click()
    assert details.locator(".fiche__body").is_visible()


def test_enter_in_the_filter_picks_the_country_and_never_sends_an_empty_answer(site, page):
    page.goto(site + "/en/leaving/nationality/")
    page.fill("#answer-filter", "belg")
    page.press("#answer-filter", "Enter")
    assert page.url.endswith("/en/leaving/nationality/")  # nothing was sent
    assert page.eval_on_selector("#answer", "s => s.value") == "be"
    page.click(".question-form button[type=submit]")
    page.wait_for_url("**/leaving/country/?nationality=be")


def test_after_an_error_the_focus_is_on_the_error_summary(site, page):
    page.goto(site + "/en/leaving/nationality/")
    with page.expect_navigation():
        page.click(".question-form button[type=submit]")
    assert "submitted=nationality" in page.url
    page.wait_for_function("document.activeElement && document.activeElement.classList.contains('error-summary')")


def test_the_region_question_with_back_and_change_without_javascript(site, page_without_javascript):
    page = page_without_javascript
    answers = "nationality=gb&country=gb&status=employee&topic=family-benefits"
    page.goto(f"{site}/en/coming/region/?{answers}")
    page.check("input[value=wallonia]")
    page.click(".question-form button[type=submit]")
    page.wait_for_url(f"**/en/coming/result/?{answers}&region=wallonia")
    assert "Wallonia" in page.locator(".your-answers").inner_text()
    page.click("text=Change where the child lives")
    page.wait_for_url(f"**/en/coming/region/?{answers}&region=wallonia")
    page.click("a.back-link")
    page.wait_for_url(f"**/en/coming/topic/?{answers}&region=wallonia")
