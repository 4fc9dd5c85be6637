"""Whole public pages cached on the server, keyed by the data version, language, encoding, scheme,
host and full URL, and served by a middleware near the top of the stack.

Every save in the admin (a publication above all) bumps the data version, so a cached page is never
served after the content it shows has changed. Scheduled publications and the change of day are
picked up when the entry expires (PAGE_CACHE_SECONDS). Only successful pages are kept (a 404 or a
redirect never fills the cache), and a cache that fails (Redis down) only makes pages slower: they
are rendered as if nothing were cached. Pages carry an ETag (a conditional GET answers 304) and are
compressed when the client accepts it.
"""

import functools
import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag

from situations.data import Memo, current_data

log = logging.getLogger(__name__)


# After a failure the cache is left alone for a few seconds: with Redis down or hanging, a page
# pays the failed round trip once per pause, not on every request.
PAUSE_AFTER_FAILURE = 5.0
_paused_until = {"at": 0.0}


def _cache_paused() -> bool:
    return time.monotonic() < _paused_until["at"]


def _cache_failed(action, path):
    _paused_until["at"] = time.monotonic() + PAUSE_AFTER_FAILURE
    log.warning("page cache unavailable (%s %s); pages render uncached for %ss", action, path, PAUSE_AFTER_FAILURE,
                exc_info=True)  # fmt: skip


def language_of(path: str) -> str:
    """The language of a public address: its first segment (/fr/…), else the default."""
    first = path.lstrip("/").split("/", 1)[0]
    return first if first in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def page_key(request) -> str:
    """Keyed by the version of the snapshot this process serves (while a new snapshot is being built,
    pages of the previous one are never stored under the new version), the address with scheme and
    host, its language, and whether the client takes gzip (the stored body is the one sent)."""
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    encoding = "gzip" if "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "") else "identity"
    text = f"{current_data().version}|{language_of(request.path)}|{encoding}|{address}"
    return f"page:{hashlib.sha256(text.encode()).hexdigest()}"


# The pages this process served lately, in front of the shared cache: a hit costs no round trip at
# all. Keys hold the data version, so a publication leaves old entries unused (they age out); each
# entry also expires after PAGE_CACHE_SECONDS, like the shared one.
local_pages = Memo(getattr(settings, "LOCAL_PAGE_CACHE_ENTRIES", 256))


class PageCacheMiddleware:
    """Serves a cached public page before sessions, authentication, CSRF, locale, the second factor,
    the CSP and the rest of the stack run: from this process's memory, then (PAGE_CACHE_SHARED) from
    the shared cache. What is stored is the answer as
    it was sent, headers included (CSP, Permissions-Policy, ETag, Cache-Control, Content-Encoding),
    and only when the view said it may be (`cached_page`), with status 200 and no cookie."""

    SKIPPED = ("/admin/", "/static/", "/healthz", "/readyz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = None
        if request.method in ("GET", "HEAD") and not request.path.startswith(self.SKIPPED) and not _cache_paused():
            try:
                key = page_key(request)
                hit = local_pages.peek(key)
                if hit is None and settings.PAGE_CACHE_SHARED:
                    hit = cache.get(key)
                    if hit is not None:
                        local_pages.put(key, hit, settings.PAGE_CACHE_SECONDS)
            except DisallowedHost:
                raise
            except Exception:  # the cache is down: the page renders uncached
                _cache_failed("reading", request.path)
                key, hit = None, None
            if hit is not None:
                response = self.replay(request, hit)
                # portal/handler.py may keep the answer too, as long as this entry lives.
                response.page_cache_until = local_pages.expires_at(key) if response.status_code == 200 else None
                return response
        response = self.get_response(request)
        if key and getattr(response, "page_cache", False) and response.status_code == 200 and not response.cookies:
            stored = (response.content, list(response.items()))
            local_pages.put(key, stored, settings.PAGE_CACHE_SECONDS)
            if not settings.PAGE_CACHE_SHARED:
                return response
            try:
                cache.set(key, stored, settings.PAGE_CACHE_SECONDS)
            except Exception:
                _cache_failed("storing", request.path)
        return response

    @staticmethod
    def replay(request, hit):
        content, headers = hit
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        answer = get_conditional_response(request, etag=response.get("ETag"), response=response)
        if answer is not response:  # a 304 keeps what tells a browser how to use its copy
            for name, value in headers:
                if name.lower().startswith("access-control-") or name.lower() in ("vary", "content-language"):
                    answer[name] = value
        return answer


def set_etag(response):
    """Django's set_response_etag with SHA-256 for MD5, which CPUs with SHA instructions hash twice as
    fast (14 µs instead of 33 µs for a result page of 27 KB), on every uncached page. A page rendered
    from its shape has its ETag already (portal/shapes.py), without a hash of the whole page."""
    if response.content and not response.has_header("ETag"):
        response.headers["ETag"] = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])


# The headers of a conditional request (RFC 9110, 13.1): with none of them, the answer is the page.
CONDITIONAL = ("HTTP_IF_MATCH", "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_UNMODIFIED_SINCE")
_gzip = GZipMiddleware(lambda request: None)


def cached_page(view=None, *, query=True):
    """A public page that PageCacheMiddleware may keep: answered with Cache-Control, an ETag (a
    conditional GET answers 304) and gzip when the client takes it.

    What Django's patch_cache_control, get_conditional_response and gzip_page do, with a short way
    for the usual answer (no Cache-Control or Vary set by the view, no conditional header, no gzip
    asked for) that writes the same headers directly: they cost a tenth of an uncached home page.

    `query=False`: the page takes no query string; any is answered with a 301 to the bare address,
    so that junk addresses never fill the cache."""
    if view is None:
        return functools.partial(cached_page, query=query)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        # Every answer, a 404 page as much as a page kept, is compressed for a client that takes it.
        return compressed(request, cacheable(request, *args, **kwargs))

    def cacheable(request, *args, **kwargs):
        if not query and request.META.get("QUERY_STRING"):
            return HttpResponsePermanentRedirect(request.path)
        response = view(request, *args, **kwargs)
        if callable(getattr(response, "render", None)) and not response.is_rendered:
            response.render()  # a TemplateResponse (the sitemap's)
        if response.status_code != 200 or response.streaming or getattr(response, "page_cache", None) is False:
            return response  # the view said this answer is not to be kept (`page_cache = False`)
        if "Cache-Control" in response:
            patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_SECONDS)
        else:
            response.headers["Cache-Control"] = f"public, max-age={settings.PAGE_CACHE_SECONDS}"
        # A client that has this very page already gets a 304 without the body.
        set_etag(response)
        response.page_cache = True
        if any(header in request.META for header in CONDITIONAL):
            return get_conditional_response(request, etag=response["ETag"], response=response)
        return response

    return wrapper


def compressed(request, response):
    """GZipMiddleware's answer (public pages hold no secret, so compression leaks none)."""
    if (
        "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")
        or "Vary" in response
        or "Content-Encoding" in response
        or len(response.content) < 200
    ):
        return _gzip.process_response(request, response)
    response.headers["Vary"] = "Accept-Encoding"  # what it adds when it does not compress
    return response
