"""Whole public pages cached on the server, keyed by the data version, language and full URL.

Every save in the admin (a publication above all) bumps the data version, so a cached page is never
served after the content it shows has changed. Scheduled publications and the change of day are
picked up when the entry expires (PAGE_CACHE_SECONDS).
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language

from situations.data import data_version


def cached_page(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.PAGE_CACHE_SECONDS
        url = request.get_full_path()
        digest = hashlib.sha256(f"{data_version()}|{get_language()}|{url}".encode()).hexdigest()
        key = f"page:{digest}"
        hit = cache.get(key)
        if hit is not None:
            content, status, content_type = hit
            response = HttpResponse(content, status=status, content_type=content_type)
        else:
            response = view(request, *args, **kwargs)
            if response.status_code in (200, 404) and not response.streaming:
                cache.set(key, (response.content, response.status_code, response["Content-Type"]), seconds)
        if response.status_code == 200:
            patch_cache_control(response, public=True, max_age=seconds)
        return response

    return wrapper
