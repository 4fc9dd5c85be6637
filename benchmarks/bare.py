"""The baseline of `benchmarks/pages.py`: the cheapest Django view worth comparing with, a constant
25 KB HttpResponse behind SecurityMiddleware and CommonMiddleware only, served by the same gunicorn
settings as the project. This module is its settings, its URLconf and its WSGI application:

    DJANGO_SETTINGS_MODULE=benchmarks.bare gunicorn benchmarks.bare:application
"""

import os

from django.http import HttpResponse
from django.urls import path

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY") or "bare-benchmark-view-only"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", ".bench.invalid"]
ROOT_URLCONF = "benchmarks.bare"
INSTALLED_APPS = []
MIDDLEWARE = ["django.middleware.security.SecurityMiddleware", "django.middleware.common.CommonMiddleware"]
DATABASES = {}
USE_TZ = True

# 25 KB of HTML-like text, built once.
_PARAGRAPH = b"<p>The cheapest Django view worth comparing with: a constant page of twenty-five kilobytes.</p>\n"
BODY = (b"<!doctype html>\n<title>bare</title>\n" + _PARAGRAPH * 300)[: 25 * 1024]


def constant(request):
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


urlpatterns = [path("", constant)]

if os.environ.get("DJANGO_SETTINGS_MODULE") == "benchmarks.bare":
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
