"""The page cache: what is kept, under which key, and what happens when the cache is down."""

import gzip
from unittest import mock
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache

pytestmark = pytest.mark.django_db

SPAIN = "/en/leaving/result/?nationality=be&country=es&status=pensioner&topic=health-care&topic=pension"


def page_keys():
    return [key for key in cache._cache if ":page:" in key]  # LocMemCache keeps its keys in _cache


def test_a_result_page_is_kept_once_and_served_from_the_cache(client):
    cache.clear()
    first = client.get(SPAIN)
    assert first.status_code == 200 and len(page_keys()) == 1
    assert client.get(SPAIN).content == first.content
    assert len(page_keys()) == 1


def test_a_404_is_never_cached(client):
    cache.clear()
    assert client.get("/en/leaving/result/?nationality=be&country=xx&status=pensioner&topic=pension").status_code == 404
    assert client.get("/en/fiche/no-such-fiche/").status_code == 404
    assert page_keys() == []


def test_the_key_holds_the_host(client):
    cache.clear()
    client.get(SPAIN, HTTP_HOST="localhost")
    client.get(SPAIN, HTTP_HOST="127.0.0.1")
    assert len(page_keys()) == 2


def test_pages_answer_when_the_cache_is_down(client):
    failing = {name: mock.DEFAULT for name in ("get", "set", "add")}
    with mock.patch.multiple(LocMemCache, **failing) as calls:
        for method in calls.values():
            method.side_effect = ConnectionError("cache down")
        response = client.get(SPAIN)
        assert response.status_code == 200
        assert "In short" in response.content.decode()
        assert client.get("/en/countries/es/").status_code == 200


@pytest.mark.parametrize(
    "path", ["/en/", "/en/leaving/", "/en/countries/", "/en/countries/es/", "/en/institutions/", "/en/institutions/sfp/"]
)
def test_pages_without_questions_redirect_any_query_to_their_address(client, path):
    cache.clear()
    response = client.get(path + "?utm=x&junk=1")
    assert response.status_code == 301 and response["Location"] == path
    assert page_keys() == []


@pytest.mark.parametrize("date", ["1900-01-01", "1958-12-31", "2999-01-01", "2026-W48-1", "2026-1201", "٢٠٢٦-١٢-٠١"])
def test_a_date_out_of_range_answers_404_and_is_not_cached(client, date):
    """Out of range, or not written YYYY-MM-DD (an ISO week date or other digits would be a second
    address for the same day)."""
    cache.clear()
    response = client.get(f"{SPAIN}&date={quote(date)}")  # as a browser sends it
    assert response.status_code == 404
    assert page_keys() == []


def test_a_query_spelled_otherwise_is_redirected_to_its_canonical_spelling(client):
    """Compared as sent: raw UTF-8 or %2D for "-" is the same answer under another address."""
    cache.clear()
    for spelling in (SPAIN.replace("health-care", "health%2Dcare"), f"{SPAIN}&date=٢٠٢٦-١٢-٠١"):
        response = client.get(spelling)
        assert response.status_code == 301, spelling
        target = client.get(response["Location"])
        assert target.status_code in (200, 404) and not target.has_header("Location")
    assert len(page_keys()) == 1  # the canonical page only


def test_a_date_in_range_is_accepted(client):
    assert client.get(f"{SPAIN}&date=1959-01-01").status_code == 200


def test_a_conditional_get_answers_304(client):
    first = client.get(SPAIN)
    assert first.has_header("ETag")
    again = client.get(SPAIN, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""


def test_a_page_from_its_shape_has_an_etag_of_its_own_content(client, settings):
    """A shaped page's ETag is made from its shape and the values filled in (portal/shapes.py): the
    same page gets the same one, a page that differs only in a filled-in value gets another."""
    from portal.caching import local_pages

    settings.ALLOWED_HOSTS = [".etag.test"]
    cache.clear()
    local_pages.items.clear()
    first = client.get(SPAIN, HTTP_HOST="a.etag.test")
    local_pages.items.clear()  # the same page filled in again from its shape, not served from the page cache
    again = client.get(SPAIN, HTTP_HOST="a.etag.test")
    other_host = client.get(SPAIN, HTTP_HOST="b.etag.test")
    other_day = client.get(f"{SPAIN}&date=2020-03-02", HTTP_HOST="a.etag.test")
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert other_host.content != first.content and other_host["ETag"] != first["ETag"]
    assert len({first["ETag"], other_host["ETag"], other_day["ETag"]}) == 3


def test_pages_are_compressed_when_the_client_accepts_it(client):
    response = client.get(SPAIN, HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert "In short" in gzip.decompress(response.content).decode()


def test_a_cached_page_is_answered_before_the_rest_of_the_stack_with_its_headers(client):
    from django.contrib.sessions.middleware import SessionMiddleware

    cache.clear()
    first = client.get(SPAIN, HTTP_ACCEPT_ENCODING="gzip")
    with mock.patch.object(SessionMiddleware, "process_request", side_effect=AssertionError("stack ran")):
        again = client.get(SPAIN, HTTP_ACCEPT_ENCODING="gzip")
    assert again.status_code == 200 and again.content == first.content
    for header in ("Content-Security-Policy", "Permissions-Policy", "ETag", "Cache-Control", "Content-Encoding"):
        assert again[header] == first[header]
    plain = client.get(SPAIN)  # a client without gzip gets its own copy, uncompressed
    assert plain.status_code == 200 and not plain.has_header("Content-Encoding")
    assert gzip.decompress(first.content) == plain.content


def test_a_page_that_sets_a_cookie_is_never_stored(client):
    cache.clear()
    client.get(SPAIN)
    keys = page_keys()
    assert len(keys) == 1
    cache.clear()
    from django.http import HttpResponse

    with mock.patch("portal.views.render_shaped", side_effect=lambda *a, **k: _with_cookie(HttpResponse("page"))):
        assert client.get(SPAIN).status_code == 200
    assert page_keys() == []


def _with_cookie(response):
    response.set_cookie("tracking", "1")
    return response


def test_a_page_this_process_served_lately_costs_no_round_trip_to_the_shared_cache(client):
    cache.clear()
    first = client.get(SPAIN)
    with mock.patch.object(LocMemCache, "get", side_effect=AssertionError("shared cache read")):
        again = client.get(SPAIN)
    assert again.status_code == 200 and again.content == first.content


def test_without_the_shared_cache_pages_are_kept_in_the_process_only(client, settings):
    """The default (PAGE_CACHE_SHARED off): the second request is answered from this process's memory,
    the shared cache is neither read nor written for pages, so a shared cache that is down costs nothing."""
    from portal import caching

    settings.PAGE_CACHE_SHARED = False
    cache.clear()
    caching.local_pages.items.clear()
    first = client.get(SPAIN)
    assert first.status_code == 200 and page_keys() == []
    with mock.patch.object(LocMemCache, "get", side_effect=AssertionError("the shared cache was read")):
        with mock.patch("portal.caching.PageCacheMiddleware.replay", wraps=caching.PageCacheMiddleware.replay) as replay:
            second = client.get(SPAIN)
    assert replay.called and second.content == first.content
    assert page_keys() == []


def test_a_question_page_is_cached_but_never_one_with_an_error(client):
    cache.clear()
    question = "/en/leaving/country/?nationality=be"
    assert client.get(question).status_code == 200
    assert len(page_keys()) == 1
    # An unknown answer, or a submission without one, shows an error: anyone's typing, never kept.
    assert client.get("/en/leaving/nationality/?nationality=zz").status_code == 200
    missing = client.get("/en/leaving/country/?nationality=be&submitted=country")
    assert missing.status_code == 200 and "Error:" in missing.content.decode()
    assert len(page_keys()) == 1


def test_a_question_page_redirects_a_query_that_is_not_canonical(client):
    response = client.get("/en/leaving/country/?nationality=BE&junk=1")
    assert response.status_code == 301
    assert response["Location"] == "/en/leaving/country/?nationality=be"


def _djangos_cached_page(view):
    """cached_page as it was written with Django's own utilities."""
    from django.utils.cache import get_conditional_response, patch_cache_control
    from django.views.decorators.gzip import gzip_page

    from portal import caching

    def wrapper(request):
        response = view(request)
        if response.status_code != 200 or getattr(response, "page_cache", None) is False:
            return response
        patch_cache_control(response, public=True, max_age=caching.settings.PAGE_CACHE_SECONDS)
        caching.set_etag(response)
        response.page_cache = True
        return get_conditional_response(request, etag=response["ETag"], response=response)

    return gzip_page(wrapper)


def _answer(status=200, size=5000, **headers):
    from django.http import HttpResponse

    def view(request):
        response = HttpResponse(b"<p>a page of the portal</p>" * (size // 27), status=status)
        for name, value in headers.items():
            response[name.replace("_", "-")] = value
        return response

    return view


ANSWERS = {
    "page": _answer(),
    "small page": _answer(size=100),
    "not found": _answer(status=404),
    "own cache-control": _answer(Cache_Control="max-age=60"),
    "own vary": _answer(Vary="Cookie"),
    "own encoding": _answer(Content_Encoding="br"),
}


@pytest.mark.parametrize("answer", list(ANSWERS))
@pytest.mark.parametrize(
    "headers",
    [{}, {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}, {"HTTP_ACCEPT_ENCODING": "br"},
     {"HTTP_IF_NONE_MATCH": "etag"}, {"HTTP_IF_MODIFIED_SINCE": "Wed, 21 Oct 2015 07:28:00 GMT"}],
)  # fmt: skip
def test_cached_page_answers_as_djangos_own_utilities(rf, answer, headers):
    """cached_page writes Cache-Control and Vary itself in the usual case: the answer must be the
    one Django's patch_cache_control, get_conditional_response and gzip_page give."""
    from portal.caching import cached_page

    def fetch(decorated):
        first = decorated(rf.get("/en/", **{k: v for k, v in headers.items() if k != "HTTP_IF_NONE_MATCH"}))
        extra = {**headers, "HTTP_IF_NONE_MATCH": first.get("ETag", "")} if "HTTP_IF_NONE_MATCH" in headers else headers
        response = decorated(rf.get("/en/", **extra))
        zipped = response.get("Content-Encoding") == "gzip"
        content = gzip.decompress(response.content) if zipped else response.content
        # Django's gzip adds up to 100 random bytes (a defence against BREACH): the length varies.
        return response.status_code, content, sorted(h for h in response.items() if not (zipped and h[0] == "Content-Length"))

    assert fetch(cached_page(ANSWERS[answer])) == fetch(_djangos_cached_page(ANSWERS[answer]))
