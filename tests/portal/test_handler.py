"""The WSGI application (portal/wsgi.py) validates a request's host once and answers a host that is
not allowed with 400, as Django's own handler does."""

import io
import sys
from unittest import mock

import pytest
from django.http import request as http_request

from portal.handler import PortalWSGIHandler

pytestmark = pytest.mark.django_db(transaction=False)


def call(address, host):
    path, _, query = address.partition("?")
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, "SERVER_NAME": "testserver",
        "SERVER_PORT": "80", "HTTP_HOST": host, "wsgi.input": io.BytesIO(), "wsgi.url_scheme": "http",
        "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.errors": sys.stderr,
    }  # fmt: skip
    status = []
    body = PortalWSGIHandler()(environ, lambda line, headers, exc_info=None: status.append(line))
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
