"""Issue 16, item 7: a Content-Security-Policy on the admin and the preview, Permissions-Policy on
every page, no redirect to another host after sign-in, staff sessions that end after a working day
without activity."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from factsheets.models import Editor, Institution
from tests.factsheets.workspace import PASSWORD, account, fiche_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return account("sfp-writer", Editor.Role.EDITOR, Institution.objects.get(slug="sfp"))


def policy(response):
    return dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in response["Content-Security-Policy"].split(";") if part.strip()
    )


def test_the_admin_change_form_and_the_preview_carry_the_strict_policy(client, editor):
    fiche, draft = fiche_of("sfp")
    client.force_login(editor)
    for url in (
        reverse("admin:index"),
        reverse("admin:factsheets_revision_change", args=[draft.pk]),
        reverse("admin:factsheets_revision_preview", args=[draft.pk, "en"]),
        reverse("admin:login"),
    ):
        response = client.get(url)
        assert response.status_code in (200, 302), url
        directives = policy(response)
        assert directives["default-src"] == "'none'", url
        assert directives["script-src"] == "'self'", url
        assert directives["style-src"] == "'self'", url
        assert directives["frame-ancestors"] == "'none'", url
        assert "unsafe-inline" not in response["Content-Security-Policy"], url


@pytest.mark.parametrize("url", ["/en/", "/fr/countries/", "/en/no-such-page/", "/robots.txt", "/admin/login/"])
def test_every_page_refuses_powerful_browser_features(client, url):
    header = client.get(url)["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in header
    assert "interest-cohort" not in header


def test_a_login_with_another_host_as_next_goes_to_the_admin_home(client, editor):
    response = client.post(
        reverse("admin:login") + "?next=https://evil.example/admin/",
        {"username": "sfp-writer", "password": PASSWORD, "next": "https://evil.example/admin/"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


@pytest.mark.parametrize("unsafe", ["//evil.example/", "https://evil.example", "javascript:alert(1)", "\\\\evil.example"])
def test_no_unsafe_next_is_followed(client, editor, unsafe):
    response = client.post(reverse("admin:login"), {"username": "sfp-writer", "password": PASSWORD, "next": unsafe})
    assert response["Location"] == reverse("admin:index")


def test_a_safe_next_is_followed(client, editor):
    target = reverse("admin:factsheets_fiche_changelist")
    response = client.post(reverse("admin:login"), {"username": "sfp-writer", "password": PASSWORD, "next": target})
    assert response["Location"] == target


def test_a_staff_session_lasts_a_working_day_from_the_last_admin_request(client, editor, settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    client.force_login(editor)
    client.get(reverse("admin:index"))
    first = client.session.get_expiry_date()
    client.get(reverse("admin:factsheets_fiche_changelist"))
    response = client.get(reverse("admin:index"))
    # Every admin request saves the session again: the expiry moves with the activity.
    assert response.cookies["sessionid"]["max-age"] == 8 * 60 * 60
    assert client.session.get_expiry_date() >= first


def test_public_pages_set_no_cookie_even_for_a_signed_in_editor(client, editor):
    client.force_login(editor)
    response = client.get("/en/")
    assert "sessionid" not in response.cookies


def test_the_session_age_comes_from_the_environment():
    env = {**os.environ, "SESSION_COOKIE_AGE": "3600", "DJANGO_SETTINGS_MODULE": "portal.settings.test"}
    code = "import django; django.setup(); from django.conf import settings; print(settings.SESSION_COOKIE_AGE)"
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "3600", result.stderr
