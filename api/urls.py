"""Included at the root of the site (portal/urls.py): the API under /api/v1/, its documentation under
/<language>/api/."""

import functools

from django.conf import settings
from django.urls import URLPattern, URLResolver, path, re_path

from . import views
from .endpoints import api
from .problems import problem

LANGUAGE = "|".join(code for code, _name in settings.LANGUAGES)


def read_only(view):
    """GET, and HEAD answered as a GET without its body (as the pages are); any other method is a 405
    problem rather than ninja's plain text."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        head = request.method == "HEAD"
        if not head and request.method != "GET":
            response = problem("method-not-allowed", f"{request.method} is not accepted.", instance=request.path)
            response["Allow"] = "GET, HEAD"
            return response
        if head:
            request.method = "GET"  # ninja routes GET only
        try:
            response = view(request, *args, **kwargs)
        finally:
            if head:
                request.method = "HEAD"
        if head and not response.streaming:
            response.content = b""  # its headers (ETag, Content-Length) stay those of the GET
        return response

    return wrapper


def all_read_only(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            all_read_only(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            pattern.callback = read_only(pattern.callback)
    return patterns


# (not named app_name: include() would take that for this module's own namespace)
_patterns, _ninja_app, _namespace = api.urls

urlpatterns = [
    path("api/v1/openapi.json", views.openapi, name="api-openapi"),
    path("api/v1/problems/<slug:name>", views.problem_type, name="api-problem"),
    path("api/", views.docs_redirect),
    path("api/v1/", views.docs_redirect),
    path("api/v1/", (all_read_only(_patterns), _ninja_app, _namespace)),
    re_path(r"^api/(?P<rest>.*)$", views.not_found),
    re_path(rf"^(?P<language>{LANGUAGE})/api/$", views.docs, name="api-docs"),
]
