"""Staff sign-in in a real browser: the admin and the preview keep working under their
Content-Security-Policy; a reviewer enrols a second factor and signs in with it; without it the
sign-in is refused."""

import time

import pytest
from django.urls import reverse

from factsheets.models import Editor, Institution
from tests.factsheets.workspace import PASSWORD, account, fiche_of
from tests.browser.test_accessibility import axe_violations
from tests.staff.helpers import code_for_secret

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


@pytest.fixture
def two_factor(settings):
    settings.REQUIRE_2FA = True
    settings.REQUIRE_2FA_FOR_EDITORS = False


def test_a_reviewer_sets_up_a_second_factor_and_signs_in_with_it(site, page, two_factor):
    account("sfp-checker", Editor.Role.REVIEWER, Institution.objects.get(slug="sfp"))

    page.goto(f"{site}/admin/login/")
    assert axe_violations(page, site) == []

    # First sign-in: the password only; the administration waits for the second factor.
    sign_in(page, site, "sfp-checker")
    assert page.url == f"{site}/admin/two-factor/"
    assert axe_violations(page, site) == []
    page.goto(f"{site}/admin/")
    assert page.url == f"{site}/admin/two-factor/"
    assert page.locator(".two-factor-qr svg").count() == 1
    secret = page.inner_text("#two-factor-secret")
    page.fill("#id_code", code_for_secret(secret))
    press(page, "#two-factor-form input[type=submit]")
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    assert axe_violations(page, site) == []
    press(page, "text=Continue to the administration")
    assert page.url == f"{site}/admin/"
    assert "Site administration" in page.content()
    press(page, "#logout-form button")

    # Without the code, or with a wrong one, the sign-in is refused.
    sign_in(page, site, "sfp-checker")
    assert page.url.startswith(f"{site}/admin/login/")
    assert "Enter the code of your authenticator app" in page.content()
    wrong = "000000" if code_for_secret(secret, 1) != "000000" else "111111"
    sign_in(page, site, "sfp-checker", wrong)
    assert page.url.startswith(f"{site}/admin/login/")
    assert "This code is not valid." in page.content()
    page.goto(f"{site}/admin/")
    assert page.url.startswith(f"{site}/admin/login/")

    # With the app's next code (the one used to confirm cannot serve twice) the administration opens.
    time.sleep(1.1)  # django-otp's delay after a wrong code
    sign_in(page, site, "sfp-checker", code_for_secret(secret, 1))
    assert page.url == f"{site}/admin/"
    page.goto(f"{site}/admin/factsheets/fiche/")
    assert page.url == f"{site}/admin/factsheets/fiche/"
    assert page.csp_errors == []
