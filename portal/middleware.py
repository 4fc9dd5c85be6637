import json
import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse

log = logging.getLogger(__name__)


def readiness() -> dict:
    """Each dependency: "ok", or what went wrong. The cache is not needed to serve pages (they render
    uncached without it), so its failure is reported but does not make the instance unready."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as error:
        log.warning("readiness: database unavailable", exc_info=True)
        checks["database"] = f"unavailable: {error.__class__.__name__}"
    try:
        probe = uuid.uuid4().hex
        cache.set("readiness-probe", probe, 10)
        checks["cache"] = "ok" if cache.get("readiness-probe") == probe else "not keeping values"
    except Exception as error:
        log.warning("readiness: cache unavailable", exc_info=True)
        checks["cache"] = f"unavailable: {error.__class__.__name__}"
    return checks


class HealthCheckMiddleware:
    """Answers before host validation and the HTTPS redirect, so that a load balancer or container
    health check can call it by IP address over plain HTTP.

    /healthz is liveness: the process answers (it touches nothing else, so a database outage does
    not get healthy instances restarted). /readyz is readiness: database and cache, as JSON; 503 when
    the database cannot be reached (the cache only degrades speed)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            return HttpResponse("ok", content_type="text/plain")
        if request.path == "/readyz":
            checks = readiness()
            status = 200 if checks["database"] == "ok" else 503
            response = HttpResponse(json.dumps(checks), status=status, content_type="application/json")
            response["Cache-Control"] = "no-store"
            return response
        return self.get_response(request)


PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


class PermissionsPolicyMiddleware:
    """Every answer tells the browser that no page of the site uses the camera, microphone, location,
    payment or other powerful features, so that injected content could not use them either."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class StaffSessionMiddleware:
    """A staff session expires after SESSION_COOKIE_AGE of inactivity: every admin request of a
    signed-in user saves the session again, which moves its expiry. Public pages never do, so they
    never send a Set-Cookie that a cache could keep."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.path.startswith("/admin/") and user is not None and user.is_authenticated:
            request.session.modified = True
        return response
