"""portal.middleware.LocaleMiddleware takes a short way for addresses that start with a language: it
must answer exactly as Django's LocaleMiddleware does, on those addresses and on every other."""

import pytest
from django.core.cache import cache

from portal.caching import local_pages

pytestmark = pytest.mark.django_db

ADDRESSES = [
    "/en/",
    "/fr/",
    "/nl/leaving/",
    "/de/leaving/country/?nationality=be",
    "/fr/countries/de/",
    "/en/no-such-page/",
    "/xx/leaving/",
    "/en",
    "/leaving/",
    "/robots.txt",
    "/sitemap.xml",
]
HEADERS = ("Content-Language", "Vary", "Location")


def answers(client):
    shown = {}
    for address in ADDRESSES:
        for accept in ("", "nl-BE,nl;q=0.9", "de"):
            cache.clear()  # each page rendered, not served from the page cache (which sits before the locale)
            local_pages.items.clear()
            response = client.get(address, HTTP_ACCEPT_LANGUAGE=accept) if accept else client.get(address)
            shown[address, accept] = (
                response.status_code,
                {header: response.get(header) for header in HEADERS},
                response.content,
            )
    return shown


def test_the_short_way_answers_as_django_does(client, settings):
    ours = answers(client)
    settings.MIDDLEWARE = [
        "django.middleware.locale.LocaleMiddleware" if m == "portal.middleware.LocaleMiddleware" else m
        for m in settings.MIDDLEWARE
    ]
    assert "portal.middleware.LocaleMiddleware" not in settings.MIDDLEWARE
    djangos = answers(client)
    assert ours.keys() == djangos.keys()
    for key in ours:
        assert ours[key] == djangos[key], key
    statuses = {status for status, _headers, _content in ours.values()}
    assert {200, 302, 404} <= statuses, "the addresses must cover pages, redirects and misses"
    assert ours["/fr/", ""][1]["Content-Language"] == "fr"
    assert ours["/leaving/", "de"][1]["Location"].startswith("/de/")
