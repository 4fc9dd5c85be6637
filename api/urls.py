"""Included at the root of the site (portal/urls.py): the API under /api/v1/, its documentation under
/<language>/api/."""

from django.conf import settings
from django.urls import path, re_path

from . import views
from .endpoints import api

LANGUAGE = "|".join(code for code, _name in settings.LANGUAGES)

urlpatterns = [
    path("api/v1/openapi.json", views.openapi, name="api-openapi"),
    path("api/v1/problems/<slug:name>", views.problem_type, name="api-problem"),
    path("api/", views.docs_redirect),
    path("api/v1/", views.docs_redirect),
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", views.not_found),
    re_path(rf"^(?P<language>{LANGUAGE})/api/$", views.docs, name="api-docs"),
]
