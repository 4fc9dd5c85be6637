"""'Was this page useful?' by keyboard, with JavaScript off and on; axe-core finds no violation on the
form, its steps and the admin's statistics pages."""

import pytest
from django.utils import timezone

from factsheets.models import Editor, Institution
from stats.models import DailyCount, Feedback, FeedbackInstitution
from tests.browser.test_accessibility import axe_violations
from tests.browser.test_wizard_keyboard import tab_to
from tests.factsheets.workspace import PASSWORD, account
from tests.situations.helpers import published_fiche

pytestmark = [pytest.mark.django_db(transaction=True)]

RESULT = "/en/leaving/result/?nationality=be&country=es&status=pensioner&topic=health-care&topic=pension"


def send_by_keyboard(page, selector):
    tab_to(page, selector, limit=250)
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize("javascript", [False, True])
def test_a_visitor_answers_and_comments_by_keyboard(site, browser, javascript):
    published_fiche("pension")
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(site + RESULT)
    if javascript:  # axe-core needs JavaScript
        assert axe_violations(page, site) == []
    send_by_keyboard(page, "button[name=useful][value=no]")
    assert page.locator("h1").inner_text() == "Thank you for your answer"
    tab_to(page, "#comment", limit=40)
    page.keyboard.type("The address of the office in Spain is missing.")
    send_by_keyboard(page, "form.feedback-comment button[type=submit]")
    assert page.locator("h1").inner_text() == "Thank you"
    answer = Feedback.objects.get()
    assert (answer.useful, answer.comment) == (False, "The address of the office in Spain is missing.")
    assert context.cookies() == []
    context.close()


def test_no_accessibility_violation_on_the_form_and_its_steps(site, page):
    fiche = published_fiche("pension")
    for path in (RESULT, f"/fr/fiche/{fiche.slug}/"):
        page.goto(site + path)
        assert page.locator("#feedback-title").is_visible()
        assert axe_violations(page, site) == [], path
    page.goto(site + RESULT)
    with page.expect_navigation():
        page.click("button[name=useful][value=yes]")
    assert axe_violations(page, site) == [], "comment step"
    page.fill("#comment", "z" * 1001)
    with page.expect_navigation():
        page.click("form.feedback-comment button[type=submit]")
    assert "Error:" in page.title()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert axe_violations(page, site) == [], "comment refused"
    page.fill("#comment", "Clear, thank you.")
    with page.expect_navigation():
        page.click("form.feedback-comment button[type=submit]")
    assert axe_violations(page, site) == [], "thanks"
    assert page.csp_errors == []


def test_no_accessibility_violation_on_the_statistics_pages(site, page):
    sfp = Institution.objects.get(slug="sfp")
    account("stats-architect", Editor.Role.ARCHITECT)
    account("stats-editor", Editor.Role.EDITOR, sfp)
    today = timezone.localdate()
    for age, count in ((0, 12), (1, 3), (5, 40)):
        for kind in (DailyCount.Kind.SITUATION, DailyCount.Kind.NO_FICHE):
            DailyCount.objects.create(
                day=today - timezone.timedelta(days=age), kind=kind, page_type="result", language="en",
                direction="leaving", nationality_group="eu", country="es", status="pensioner", topic="pension",
                count=count,
            )  # fmt: skip
        DailyCount.objects.create(day=today - timezone.timedelta(days=age), kind="page", page_type="result",
                                  language="fr", count=count)  # fmt: skip
    answer = Feedback.objects.create(created=today, page_type="result", path=RESULT, language="en", useful=False,
                                     comment="Which form do I need?")  # fmt: skip
    FeedbackInstitution.objects.create(feedback=answer, institution=sfp)
    for username in ("stats-architect", "stats-editor"):
        page.context.clear_cookies()
        page.goto(f"{site}/admin/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.click("input[type=submit]")
        for path in ("/admin/stats/", "/admin/stats/?days=7", "/admin/stats/feedback/", f"/admin/stats/feedback/{answer.pk}/change/"):
            page.csp_errors.clear()
            page.goto(site + path)
            assert page.locator("#content").count() == 1, path
            assert axe_violations(page, site) == [], (username, path)
            if "/change/" not in path:  # the admin's change form runs jQuery, which sets inline styles
                assert page.csp_errors == [], path
        page.goto(site + "/admin/stats/")
        assert page.locator("svg.stats-chart title").first.text_content() == "Subjects looked up per day"
        assert "Which form do I need?" in page.content()
