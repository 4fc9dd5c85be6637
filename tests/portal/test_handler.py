"""The WSGI application (portal/wsgi.py): it validates a request's host once (a host that is not
allowed gets 400, as with Django's own handler), keeps the resolution of public addresses, and answers
a cached page it sent lately again before Django's request cycle, only to the very same request."""

import io
import sys
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http import request as http_request

from portal.handler import PortalWSGIHandler
from portal.shapes import render_shaped
from situations.data import VERSION_KEY, current_data

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture(autouse=True)
def allowed_hosts(settings):
    settings.ALLOWED_HOSTS = [".portal.test"]


@pytest.fixture
def handler():
    return PortalWSGIHandler()


@pytest.fixture(autouse=True)
def keep_the_tests_connection():
    """What Django's test client does around each request: without it, the request signals would
    close the test's database connection, whose transaction holds the test's data (on PostgreSQL)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def call(address, host, handler=None, **extra):
    return answer(address, host, handler, **extra)[:2]


def answer(address, host, handler=None, **extra):
    """(status line, body, headers) of a GET through the handler."""
    path, _, query = address.partition("?")
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, "SERVER_NAME": "testserver",
        "SERVER_PORT": "80", "HTTP_HOST": host, "wsgi.input": io.BytesIO(), "wsgi.url_scheme": "http",
        "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.errors": sys.stderr, **extra,
    }  # fmt: skip
    status = []
    body = (handler or PortalWSGIHandler())(environ, lambda line, headers, exc_info=None: status.append((line, headers)))
    content = b"".join(body)
    if hasattr(body, "close"):  # a page answered from the kept answers is a plain list
        body.close()
    return status[0][0], content, status[0][1]


def test_the_host_is_validated_once_per_request():
    with mock.patch.object(http_request, "validate_host", wraps=http_request.validate_host) as validate:
        status, content = call("/en/leaving/country/?nationality=be", "portal.test")
    assert status.startswith("200") and b"http://portal.test/" in content
    assert validate.call_count == 1


def test_a_host_that_is_not_allowed_gets_400():
    status, _content = call("/en/", "evil.test")
    assert status.startswith("400")


def test_a_public_address_is_resolved_once_per_language(handler):
    with mock.patch.object(WSGIHandler, "resolve_request", autospec=True, side_effect=WSGIHandler.resolve_request) as resolve:
        for n in range(3):  # another host each time: the pages are rendered, not answered as kept
            for address in ("/en/leaving/", "/fr/leaving/", "/en/no-such-page/", "/admin/login/"):
                call(address, f"h{n}.portal.test", handler)
    resolved = [request.path_info for _handler, request in (c.args for c in resolve.call_args_list)]
    # Kept: the two pages, once each; not kept: the 404 and the admin, resolved every time.
    assert sorted(resolved) == sorted(["/en/leaving/", "/fr/leaving/", *["/en/no-such-page/"] * 3, *["/admin/login/"] * 3])


def test_a_kept_resolution_serves_the_page_of_its_language(handler):
    for _ in range(2):
        status_en, english = call("/en/", "portal.test", handler)
        status_fr, french = call("/fr/", "portal.test", handler)
        assert status_en.startswith("200") and status_fr.startswith("200")
        assert b'lang="en"' in english and b'lang="fr"' in french


PAGE = "/en/leaving/country/?nationality=be"


@pytest.fixture
def cycles():
    """The requests that went through Django's request cycle (its request_started signal), from a
    snapshot that is up to date (the test's fixtures were saved by this process: the first request
    after a process's own change rebuilds the snapshot, and its page is not kept)."""
    current_data()
    seen = []

    def started(sender, environ, **kwargs):
        seen.append(environ["PATH_INFO"] + "?" + environ.get("QUERY_STRING", ""))

    request_started.connect(started)
    yield seen
    request_started.disconnect(started)


def test_a_page_served_again_is_the_same_answer_without_the_request_cycle(handler, cycles):
    first = answer(PAGE, "portal.test", handler)
    with mock.patch("portal.handler.count_page") as counted:
        again = answer(PAGE, "portal.test", handler)
    assert first[0].startswith("200") and again == first  # status, body and every header
    assert dict(first[2])["Cache-Control"].startswith("public") and dict(first[2])["Content-Security-Policy"]
    assert cycles == [PAGE]  # the second never reached Django
    assert counted.call_count == 1  # but it counts for the statistics like any page


@pytest.mark.parametrize(
    "differs",
    [
        {"HTTP_HOST": "other.portal.test"},
        {"HTTP_X_FORWARDED_PROTO": "https"},
        {"HTTP_ACCEPT_ENCODING": "gzip"},
        {"QUERY_STRING": "nationality=fr"},
        {"REQUEST_METHOD": "HEAD"},
        {"HTTP_IF_NONE_MATCH": '"x"'},
    ],
)
def test_a_request_that_differs_in_what_the_page_depends_on_goes_through_django(settings, cycles, differs):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # as in production
    handler = PortalWSGIHandler()
    answer(PAGE, "portal.test", handler)
    answer(PAGE, "portal.test", handler, **differs)
    assert len(cycles) == 2


def test_a_conditional_request_gets_its_304_from_django(handler, cycles):
    _status, _body, headers = answer(PAGE, "portal.test", handler)
    status, body, _headers = answer(PAGE, "portal.test", handler, HTTP_IF_NONE_MATCH=dict(headers)["ETag"])
    assert status.startswith("304") and body == b""


def test_a_new_data_version_is_never_answered_with_a_page_kept_before(handler, cycles):
    answer(PAGE, "portal.test", handler)
    cache.set(VERSION_KEY, "a-publication-elsewhere", timeout=None)
    answer(PAGE, "portal.test", handler)  # Django's: it loads the new snapshot, so its page is not kept
    answer(PAGE, "portal.test", handler)  # the page cache's copy of the new snapshot's page, now kept
    assert len(cycles) == 3
    answer(PAGE, "portal.test", handler)
    assert len(cycles) == 3


def test_what_is_not_a_cached_page_is_never_kept(handler, cycles):
    for _ in range(2):
        for address in ("/robots.txt", "/en/no-such-page/", "/en/leaving/country/?nationality=zz&submitted=country"):
            answer(address, "portal.test", handler)
    assert len(cycles) == 6


def test_kept_answers_expire_with_the_page_cache(settings, handler, cycles):
    settings.PAGE_CACHE_SECONDS = 0
    answer(PAGE, "portal.test", handler)
    answer(PAGE, "portal.test", handler)
    assert len(cycles) == 2


def test_an_answer_that_varies_on_another_header_is_not_kept(handler, cycles):

    def varies_on_origin(response):
        response["Vary"] = "Accept-Encoding, Origin"
        return response

    with mock.patch("portal.views.render_shaped", side_effect=lambda *a, **k: varies_on_origin(render_shaped(*a, **k))):
        answer(PAGE, "portal.test", handler)
        answer(PAGE, "portal.test", handler)
    assert len(cycles) == 2


def test_api_answers_are_kept_but_not_counted(handler, cycles):
    with mock.patch("stats.middleware.tally.add") as counted:
        for _ in range(2):
            status, _body = call("/api/v1/openapi.json", "portal.test", handler)
            assert status.startswith("200")
        call(PAGE, "portal.test", handler)
    assert len(cycles) == 2
    assert counted.call_count == 1  # the page only
