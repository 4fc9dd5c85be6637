"""An editor writes, previews and submits a fiche; a reviewer publishes it; the public page shows it."""

import pytest

from factsheets.models import Editor, Institution
from tests.factsheets.workspace import PASSWORD, account, fiche_of

pytestmark = [pytest.mark.django_db(transaction=True)]

RESULT = "/en/leaving/result/?nationality=be&country=es&status=pensioner&topic=pension"


def press(page, selector):
    """Click a button that sends a form, and wait for the page it leads to."""
    with page.expect_navigation():
        page.click(selector)


def sign_in(page, site, username):
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    press(page, "input[type=submit]")
    assert page.url == f"{site}/admin/"


def test_an_editor_writes_a_reviewer_publishes_and_the_public_sees_it(site, browser):
    sfp = Institution.objects.get(slug="sfp")
    account("sfp-writer", Editor.Role.EDITOR, sfp)
    account("sfp-checker", Editor.Role.REVIEWER, sfp)
    fiche, draft = fiche_of("sfp")

    editor = browser.new_context().new_page()
    sign_in(editor, site, "sfp-writer")
    editor.goto(f"{site}/admin/factsheets/fiche/")
    assert fiche.slug in editor.content()
    editor.goto(f"{site}/admin/factsheets/revision/{draft.pk}/change/")
    editor.fill("#id_title_en", "Your Belgian pension when you live in Spain")
    editor.fill("#id_body_en", "## Apply\n\n1. Ask the pension service of Spain.\n2. It sends your claim to the **SFP**.")
    press(editor, "input[name=_continue]")
    assert "was changed successfully" in editor.content()

    press(editor, "text=Preview and reach")
    assert editor.locator(".preview h2").first.inner_text() == "Your Belgian pension when you live in Spain"
    assert "Where this fiche appears" in editor.content()

    editor.goto(f"{site}/admin/factsheets/revision/{draft.pk}/change/")
    press(editor, "input[value='Submit for review']")
    assert "Submitted for review." in editor.content()
    assert "Publish" not in [button.get_attribute("value") for button in editor.locator("input[type=submit]").all()]

    public = browser.new_context().new_page()
    public.goto(site + RESULT)
    assert "Your Belgian pension when you live in Spain" not in public.content()

    reviewer = browser.new_context().new_page()
    sign_in(reviewer, site, "sfp-checker")
    reviewer.goto(f"{site}/admin/factsheets/revision/{draft.pk}/change/")
    press(reviewer, "input[value='Publish']")
    assert "Published." in reviewer.content()

    # A new visitor (the first one's browser may keep its copy for PAGE_CACHE_SECONDS).
    public = browser.new_context().new_page()
    public.goto(site + RESULT)
    ours = public.locator("article.fiche", has_text="Your Belgian pension when you live in Spain")
    assert ours.count() == 1
    ours.locator("summary").click()  # the full text is folded below the summary
    assert "It sends your claim to the SFP." in ours.inner_text()
