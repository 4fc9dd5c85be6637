"""Whole public pages cached on the server, keyed by the data version, language, scheme, host and
full URL.

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
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.translation import get_language
from django.views.decorators.gzip import gzip_page

from situations.data import current_data

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


def page_key(request) -> str:
    """Keyed by the version of the snapshot this process serves: while a new snapshot is being
    built, pages of the previous one are never stored under the new version."""
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(f"{current_data().version}|{get_language()}|{address}".encode()).hexdigest()
    return f"page:{digest}"


def cached_page(view=None, *, query=True):
    """`query=False`: the page takes no query string; any is answered with a 301 to the bare address,
    so that junk addresses never fill the cache."""
    if view is None:
        return functools.partial(cached_page, query=query)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not query and request.META.get("QUERY_STRING"):
            return HttpResponsePermanentRedirect(request.path)
        seconds = settings.PAGE_CACHE_SECONDS
        key, hit = (None, None) if _cache_paused() else (page_key(request), None)
        if key:
            try:
                hit = cache.get(key)
            except Exception:  # the cache is down: serve the page uncached
                _cache_failed("reading", request.path)
                key = None
        if hit is not None:
            content, status, content_type = hit
            response = HttpResponse(content, status=status, content_type=content_type)
        else:
            response = view(request, *args, **kwargs)
            if callable(getattr(response, "render", None)) and not response.is_rendered:
                response.render()  # a TemplateResponse (the sitemap's): its content is what is kept
            if key and response.status_code == 200 and not response.streaming:
                try:
                    cache.set(key, (response.content, response.status_code, response["Content-Type"]), seconds)
                except Exception:
                    _cache_failed("storing", request.path)
        if response.status_code == 200:
            patch_cache_control(response, public=True, max_age=seconds)
            # A client that has this very page already gets a 304 without the body.
            set_response_etag(response)
            return get_conditional_response(request, etag=response["ETag"], response=response)
        return response

    # Compressed for clients that accept it (public pages hold no secret, so compression leaks none).
    return gzip_page(wrapper)
