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

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.translation import get_language
from django.views.decorators.gzip import gzip_page

from situations.data import data_version

log = logging.getLogger(__name__)


def page_key(request) -> str:
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(f"{data_version()}|{get_language()}|{address}".encode()).hexdigest()
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
        key = page_key(request)
        try:
            hit = cache.get(key)
        except Exception:  # the cache is down: serve the page uncached
            log.warning("page cache unavailable; rendering %s uncached", request.path, exc_info=True)
            hit, key = None, None
        if hit is not None:
            content, status, content_type = hit
            response = HttpResponse(content, status=status, content_type=content_type)
        else:
            response = view(request, *args, **kwargs)
            if key and response.status_code == 200 and not response.streaming:
                try:
                    cache.set(key, (response.content, response.status_code, response["Content-Type"]), seconds)
                except Exception:
                    log.warning("page cache unavailable; %s not stored", request.path, exc_info=True)
        if response.status_code == 200:
            patch_cache_control(response, public=True, max_age=seconds)
            # A client that has this very page already gets a 304 without the body.
            set_response_etag(response)
            return get_conditional_response(request, etag=response["ETag"], response=response)
        return response

    # Compressed for clients that accept it (public pages hold no secret, so compression leaks none).
    return gzip_page(wrapper)
