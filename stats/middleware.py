import atexit
import logging

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed

from .counting import fields_of, tally

log = logging.getLogger(__name__)

SKIPPED = ("/admin/", "/static/", "/api/", "/healthz", "/readyz")


class CountingMiddleware:
    """Counts public pages, cached or not: it sits before the page cache (portal/caching.py), so a
    page served from the cache is counted like one rendered. Only GET answers 200 (or 304: a
    browser's copy shown again) are counted. It never changes the answer, and a failure of the
    counting never reaches the visitor. STATS_COUNTING=false leaves it out altogether."""

    def __init__(self, get_response):
        if not settings.STATS_COUNTING:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "GET" and response.status_code in (200, 304):
            count_page(request.path, request.META)
        return response


_failed = {"logged": False}


def count_page(path: str, meta: dict):
    """Count one page view answered to a GET (`meta`: the WSGI environment), unless its address is
    not counted. A failure is logged once per process and never reaches the visitor. Also for the
    pages portal/handler.py answers before the middleware."""
    if path.startswith(SKIPPED):
        return
    try:
        found = fields_of(path, meta)
        if found:
            tally.add(found)
    except Exception:
        if not _failed["logged"]:
            _failed["logged"] = True
            log.exception("statistics: counting failed (logged once; pages are not affected)")


@atexit.register
def push_at_exit():
    """A worker that ends (a restart, a deployment) hands over what it counted since its last push."""
    try:
        tally.push()
    except Exception:  # the process is ending: nothing more to do
        log.warning("statistics: the last counts of this process could not be pushed", exc_info=True)
