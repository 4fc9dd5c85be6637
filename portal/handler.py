"""The WSGI application's handler (portal/wsgi.py): Django's, with the validated host kept for the
request, the URL resolution of public addresses kept for the process, and the public pages it
served lately answered again before Django's request cycle (decision 0009)."""

import time

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.utils.translation import get_language

from situations.data import Memo, served_version
from stats.middleware import count_page

from .caching import CONDITIONAL, PageCacheMiddleware
from .middleware import language_prefix
from .staff_only import is_staff_path

# The parts of the WSGI environment that make a page's scheme and host (request.scheme, get_host());
# SECURE_PROXY_SSL_HEADER's header is added to them.
ORIGIN = ("wsgi.url_scheme", "HTTP_HOST", "HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PORT", "SERVER_NAME", "SERVER_PORT")


class PortalRequest(WSGIRequest):
    """get_host() checks the Host header against ALLOWED_HOSTS each time it is called, and a public
    page calls it four or five times (the page cache's key, CommonMiddleware, the page's absolute
    addresses). The header cannot change during a request: the host is kept once validated. A host
    that is not allowed is not kept, so every call raises DisallowedHost, as Django's does."""

    def get_host(self):
        try:
            return self._validated_host
        except AttributeError:
            self._validated_host = host = super().get_host()
            return host


class PortalWSGIHandler(WSGIHandler):
    """Two things kept for the process.

    The answers it sent lately for public pages that may be cached (`portal.caching.cached_page`:
    status 200, no cookie), as they left Django, headers included: the same GET, byte for byte the
    same request environment for everything a page depends on (scheme, host and their proxy headers,
    path, query, Accept-Encoding; also Accept-Language and cookies on an address without a language
    prefix, where the locale comes from them), under the same data version, is answered with them
    at once, without building a request, sending Django's request signals or running the
    middleware: a cached page then costs about what the cheapest Django view does. The page is
    counted for the statistics as the middleware would. Kept PAGE_CACHE_SECONDS from when the page
    was rendered, like portal.caching's own entries (an answer from those lives as long as its
    entry). A conditional request (Django answers its 304: no validators are kept here), a new data
    version or any other method goes the usual way (portal/caching.py, decision 0009).

    The URL resolution: resolving a public address costs about 20 µs (the language prefix, then each
    pattern in turn) and gives the same ResolverMatch for the same URLconf, active language and path
    every time. Not kept: a path that does not resolve (the 404 is Django's, every time), the
    admin's (object ids make endless paths) and a request with its own urlconf."""

    request_class = PortalRequest
    PATHS_KEPT = 4096
    ANSWERS_KEPT = 128

    def __init__(self):
        super().__init__()
        self.resolved = Memo(self.PATHS_KEPT)
        self.answers = Memo(self.ANSWERS_KEPT)
        self.counting = settings.STATS_COUNTING and "stats.middleware.CountingMiddleware" in settings.MIDDLEWARE
        proxy = settings.SECURE_PROXY_SSL_HEADER
        self.origin = (*ORIGIN, proxy[0]) if proxy else ORIGIN

    def __call__(self, environ, start_response):
        key = self.answer_key(environ)
        if key is not None:
            kept = self.answers.peek(key)
            if kept is not None:
                status, headers, content = kept
                if self.counting:
                    count_page(environ["PATH_INFO"], environ)
                start_response(status, list(headers))
                return [content]
        response = super().__call__(environ, start_response)
        if key is not None and response.status_code == 200 and not response.cookies and not response.streaming:
            if getattr(response, "page_cache", False) is True:  # rendered: kept as long as the page cache keeps it
                seconds = settings.PAGE_CACHE_SECONDS
            elif (until := getattr(response, "page_cache_until", None)) is not None:  # from the page cache
                seconds = until - time.monotonic()
            else:
                return response
            if not self.varies_within(response, key):
                return response
            kept = (f"{response.status_code} {response.reason_phrase}", tuple(response.items()), response.content)
            self.answers.put(key, kept, seconds)
        return response

    def answer_key(self, environ):
        """The key of a GET that the kept answers may serve, or None."""
        if environ.get("REQUEST_METHOD") != "GET" or environ.get("SCRIPT_NAME") or any(h in environ for h in CONDITIONAL):
            return None
        path = environ.get("PATH_INFO", "")
        if not path.isascii() or path.startswith(PageCacheMiddleware.SKIPPED):
            return None
        version = served_version()
        if version is None:
            return None
        # Without a language prefix, the locale comes from Accept-Language and the cookies; the last
        # part of the key holds them then (None otherwise).
        locale = None
        if language_prefix(path) is None:
            locale = (environ.get("HTTP_ACCEPT_LANGUAGE"), environ.get("HTTP_COOKIE"))
        origin = tuple(environ.get(name) for name in self.origin)
        return (version, path, environ.get("QUERY_STRING", ""), environ.get("HTTP_ACCEPT_ENCODING"), origin, locale)

    @staticmethod
    def varies_within(response, key) -> bool:
        """The answer varies (its Vary header) only on request headers that the key holds: a kept
        answer is never sent to a request whose other headers would have changed it."""
        held = {"accept-encoding", "accept-language", "cookie"} if key[-1] is not None else {"accept-encoding"}
        named = {name.strip().lower() for name in response.get("Vary", "").split(",") if name.strip()}
        return named <= held

    def resolve_request(self, request):
        if hasattr(request, "urlconf") or is_staff_path(request):
            return super().resolve_request(request)
        key = (settings.ROOT_URLCONF, get_language(), request.path_info)
        match = self.resolved.peek(key)
        if match is None:
            match = self.resolved.put(key, super().resolve_request(request))  # Resolver404 is not kept
        request.resolver_match = match
        return match
