"""Issue 17: the middleware only the admin needs run under /admin/ alone (portal/staff_only.py,
decision 0008), and the site's one Content-Security-Policy is built once (portal/middleware.py)."""

from unittest import mock

import pytest
from csp.constants import HEADER
from csp.utils import build_policy
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from factsheets.models import Editor, Institution
from portal.middleware import CSPMiddleware
from portal.staff_only import WRAPPERS, check_middleware
from tests.factsheets.workspace import PASSWORD, account

pytestmark = pytest.mark.django_db

RESULT = "/en/leaving/result/?nationality=be&country=es&status=pensioner&topic=health-care&topic=pension"
PUBLIC = ["/en/", "/en/leaving/", "/en/leaving/country/?nationality=be", RESULT, "/en/countries/es/",
          "/en/institutions/sfp/", "/en/search/?q=pension", "/robots.txt", "/en/no-such-page/"]  # fmt: skip


def admin_only_ran():
    """Fails the request if any admin-only middleware touches it."""
    return mock.patch.object(SessionMiddleware, "process_request", side_effect=AssertionError("the session ran"))


@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_get_no_session_user_or_csrf_cookie(client, path):
    client.cookies["sessionid"] = "someone"
    client.cookies["csrftoken"] = "x" * 32
    with admin_only_ran():
        response = client.get(path)
    assert response.status_code in (200, 404), path
    assert not response.cookies, path
    assert "Cookie" not in response.get("Vary", ""), path
    request = response.wsgi_request
    for attribute in ("session", "user", "_messages"):
        assert not hasattr(request, attribute), (path, attribute)
    # Django's 404 view prepares a CSRF token itself (requires_csrf_token); no page uses one.
    assert response.status_code == 404 or not hasattr(request, "csrf_processing_done"), path


def test_the_admin_still_has_its_whole_stack(client):
    editor = account("sfp-writer", Editor.Role.EDITOR, Institution.objects.get(slug="sfp"))
    response = client.post(reverse("admin:login"), {"username": editor.username, "password": PASSWORD})
    assert response.status_code == 302  # signed in: sessions, authentication, axes
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert index.wsgi_request.user == editor and index.wsgi_request.session.session_key
    assert hasattr(index.wsgi_request, "_messages")


def test_the_admin_refuses_a_post_without_its_csrf_token():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("admin:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    # With the token the form is read (and the wrong password refused on the page).
    page = client.get(reverse("admin:login"))
    token = page.cookies["csrftoken"].value
    answer = client.post(reverse("admin:login"), {"username": "x", "password": "y", "csrfmiddlewaretoken": token})
    assert answer.status_code == 200


def test_the_feedback_form_posts_without_a_token_as_before():
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/en/feedback/", {"page": RESULT, "useful": "yes"}, HTTP_ORIGIN="http://testserver", HTTP_HOST="testserver"
    )
    assert response.status_code == 303  # recorded: on to the optional comment
    assert response["Location"].startswith(reverse("feedback-comment"))


def test_each_wrapper_is_a_subclass_of_the_library_class_it_stands_for():
    from django.utils.module_loading import import_string

    for wrapper, library in WRAPPERS.items():
        assert issubclass(import_string(wrapper), import_string(library)), wrapper
    assert len(WRAPPERS) == 8


def test_the_deployment_check_fails_without_the_csrf_middleware(settings):
    assert check_middleware() == []
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "portal.staff_only.CsrfViewMiddleware"]
    errors = check_middleware()
    assert [error.id for error in errors] == ["portal.E001"]
    assert "django.middleware.csrf.CsrfViewMiddleware" in errors[0].msg
    # The library's own class in its place is fine (slower on public pages, as safe).
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "django.middleware.csrf.CsrfViewMiddleware"]
    assert check_middleware() == []


@pytest.mark.parametrize("path", ["/en/", RESULT, "/admin/login/"])
def test_the_policy_is_the_one_django_csp_builds(client, path):
    assert client.get(path)[HEADER] == build_policy()


def test_a_response_with_its_own_policy_parts_is_left_to_django_csp(settings):
    middleware = CSPMiddleware(lambda request: HttpResponse("page"))
    request = RequestFactory().get("/en/")
    response = HttpResponse("page")
    response._csp_update = {"img-src": ["https://example.org"]}
    middleware.process_request(request)
    assert "img-src 'self' https://example.org" in middleware.process_response(request, response)[HEADER]
    # A changed setting is read again (override_settings in a test, a reloaded configuration).
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'self'"]}}
    plain = middleware.process_response(request, HttpResponse("page"))
    assert plain[HEADER] == "default-src 'self'"
