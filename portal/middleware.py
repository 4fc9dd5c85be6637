import json
import logging
import uuid

import csp.middleware
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.utils import build_policy
from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation

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


_prefixes = {"languages": None, "codes": frozenset()}


def language_prefix(path: str) -> str | None:
    """The language of LANGUAGES an address starts with (/fr/…), or None."""
    if _prefixes["languages"] is not settings.LANGUAGES:  # rebuilt only when the setting changes (tests)
        _prefixes["languages"], _prefixes["codes"] = settings.LANGUAGES, frozenset(c for c, _n in settings.LANGUAGES)
    end = path.find("/", 1)
    return path[1:end] if end > 0 and path[1:end] in _prefixes["codes"] else None


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, with a short way for the addresses that start with a language of LANGUAGES (/en/,
    /fr/…: every public page). There Django's own steps come to the same: that language, no redirect,
    no Vary on Accept-Language (the address names the language), a Content-Language header; but they
    cost a regular expression, the URLconf's language-prefix lookup and a Vary check on each request.
    Any other address (no prefix, a request with its own urlconf) takes Django's way."""

    @staticmethod
    def _prefix_language(request):
        """The language the address starts with, when the URLconf has language prefixes."""
        if not is_language_prefix_patterns_used(getattr(request, "urlconf", settings.ROOT_URLCONF))[0]:
            return None
        return language_prefix(request.path_info)

    def process_request(self, request):
        language = self._prefix_language(request)
        if language is None:
            return super().process_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language

    def process_response(self, request, response):
        if self._prefix_language(request) is None:
            return super().process_response(request, response)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


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


class CSPMiddleware(csp.middleware.CSPMiddleware):
    """django-csp's middleware, with the site's policy built once instead of for every response (it
    cost about a sixth of an uncached home page). The settings hold one policy for every page, with
    no nonce; a view that changes it (django-csp's decorators) or a template that asks for a nonce
    gets django-csp's own handling, and so does a policy with EXCLUDE_URL_PREFIXES."""

    PARTS = ("_csp_config", "_csp_update", "_csp_replace", "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro")

    def __init__(self, get_response):
        super().__init__(get_response)
        self._built = (None, None, ())

    def _policies(self):
        """(header, exemption attribute, policy) for each policy in the settings; rebuilt only when the
        settings' objects change (a test's override_settings)."""
        sources = (
            getattr(settings, "CONTENT_SECURITY_POLICY", None),
            getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None),
        )
        if sources[0] is not self._built[0] or sources[1] is not self._built[1]:
            simple = not any((source or {}).get("EXCLUDE_URL_PREFIXES") for source in sources)
            policies = (
                (HEADER, "_csp_exempt", build_policy()),
                (HEADER_REPORT_ONLY, "_csp_exempt_ro", build_policy(report_only=True)),
            )
            self._built = (*sources, tuple(policy for policy in policies if policy[2]) if simple else None)
        return self._built[2]

    def process_response(self, request, response):
        policies = self._policies()
        nonce = getattr(request, "_csp_nonce", None) is not None
        own_parts = any(hasattr(response, part) for part in self.PARTS)
        if policies is None or nonce or own_parts or settings.DEBUG:
            return super().process_response(request, response)
        for header, exemption, policy in policies:
            if header not in response and not getattr(response, exemption, False):
                response[header] = policy
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = csp.middleware.CheckableLazyObject(self._csp_nonce_post_response)
        return response
