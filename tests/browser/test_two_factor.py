"""Staff sign-in in a real browser: the admin and the preview keep working under their
Content-Security-Policy; a reviewer enrols a second factor and signs in with it; without it the
sign-in is refused."""

import pytest
from django.urls import reverse

from factsheets.models import Editor, Institution
from tests.factsheets.workspace import PASSWORD, account, fiche_of

pytestmark = [pytest.mark.django_db(transaction=True)]


def press(page, selector):
    with page.expect_navigation():
        page.click(selector)


def sign_in(page, site, username, code=None):
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    if code is not None:
        page.fill("#id_otp_token", code)
    press(page, "input[type=submit]")


def test_the_admin_change_form_and_the_preview_run_under_the_policy_without_violation(site, page):
    account("sfp-writer", Editor.Role.EDITOR, Institution.objects.get(slug="sfp"))
    fiche, draft = fiche_of("sfp")
    sign_in(page, site, "sfp-writer")
    assert page.url == f"{site}/admin/"
    for url in (
        reverse("admin:index"),
        reverse("admin:factsheets_fiche_changelist"),
        reverse("admin:factsheets_revision_change", args=[draft.pk]),
        reverse("admin:factsheets_revision_preview", args=[draft.pk, "en"]),
        reverse("admin:factsheets_fiche_change", args=[fiche.pk]),
    ):
        response = page.goto(site + url)
        assert response.status == 200, url
        assert "default-src 'none'" in response.headers["content-security-policy"], url
        page.wait_for_load_state("load")
    # The change form's scripts ran (the collapsible fieldsets, the translation tabs).
    page.goto(site + reverse("admin:factsheets_revision_change", args=[draft.pk]))
    page.fill("#id_title_en", "Changed under the policy")
    press(page, "input[name=_continue]")
    assert "was changed successfully" in page.content()
    assert page.csp_errors == []
