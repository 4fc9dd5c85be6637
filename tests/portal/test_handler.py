"""The WSGI application (portal/wsgi.py) validates a request's host once (a host that is not allowed
gets 400, as with Django's own handler) and keeps the resolution of public addresses."""

import io
import sys
from unittest import mock

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.http import request as http_request

from portal.handler import PortalWSGIHandler

pytestmark = pytest.mark.django_db(transaction=False)


def call(address, host, handler=None):
    path, _, query = address.partition("?")
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, "SERVER_NAME": "testserver",
        "SERVER_PORT": "80", "HTTP_HOST": host, "wsgi.input": io.BytesIO(), "wsgi.url_scheme": "http",
        "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.errors": sys.stderr,
    }  # fmt: skip
    status = []
    body = (handler or PortalWSGIHandler())(environ, lambda line, headers, exc_info=None: status.append(line))
    content = b"".join(body)
    body.close()
    return status[0], content


def test_the_host_is_validated_once_per_request(settings):
    settings.ALLOWED_HOSTS = ["portal.test"]
    with mock.patch.object(http_request, "validate_host", wraps=http_request.validate_host) as validate:
        status, content = call("/en/leaving/country/?nationality=be", "portal.test")
    assert status.startswith("200") and b"http://portal.test/" in content
    assert validate.call_count == 1


def test_a_host_that_is_not_allowed_gets_400(settings):
    settings.ALLOWED_HOSTS = ["portal.test"]
    status, _content = call("/en/", "evil.test")
    assert status.startswith("400")


def test_a_public_address_is_resolved_once_per_language(settings):
    settings.ALLOWED_HOSTS = ["portal.test"]
    handler = PortalWSGIHandler()
    with mock.patch.object(WSGIHandler, "resolve_request", autospec=True, side_effect=WSGIHandler.resolve_request) as resolve:
        for _ in range(3):
            for address in ("/en/leaving/", "/fr/leaving/", "/en/no-such-page/", "/admin/login/"):
                call(address, "portal.test", handler)
    resolved = [request.path_info for _handler, request in (c.args for c in resolve.call_args_list)]
    # Kept: the two pages, once each; not kept: the 404 and the admin, resolved every time.
    assert sorted(resolved) == sorted(["/en/leaving/", "/fr/leaving/", *["/en/no-such-page/"] * 3, *["/admin/login/"] * 3])


def test_a_kept_resolution_serves_the_page_of_its_language(settings):
    settings.ALLOWED_HOSTS = ["portal.test"]
    handler = PortalWSGIHandler()
    for _ in range(2):
        status_en, english = call("/en/", "portal.test", handler)
        status_fr, french = call("/fr/", "portal.test", handler)
        assert status_en.startswith("200") and status_fr.startswith("200")
        assert b'lang="en"' in english and b'lang="fr"' in french
