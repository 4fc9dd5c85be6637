"""Settings for the test suite: the database comes from DATABASE_URL (SQLite file by default)."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key-not-secret-3f9a0c1e7d5b2a4c6e8f0a1b3c5d7e9f"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Pages kept in the shared cache too, so that the tests see both layers (tests/portal/test_caching.py
# covers the default, memory only).
PAGE_CACHE_SHARED = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Static files straight from the source folders, as in development (no collectstatic in tests).
WHITENOISE_USE_FINDERS = True
# The suite signs staff in with force_login and a password only; tests/staff and
# tests/browser/test_two_factor.py turn the second factor on (the `two_factor` fixture).
REQUIRE_2FA = False
# The resolver's data: a test sees a change at once (the shared version is read on every request and
# a snapshot is rebuilt in the request, not in a thread). tests/situations/test_snapshot.py covers both.
DATA_VERSION_CHECK_SECONDS = 0
DATA_RELOAD_IN_BACKGROUND = False
DATA_VERSION_WATCHER = False

# The browser tests load axe-core from the npm package through the test server, so that the pages
# keep their Content-Security-Policy ('self' only) while they are checked.
if (BASE_DIR / "node_modules" / "axe-core").is_dir():  # noqa: F405
    STATICFILES_DIRS = [*STATICFILES_DIRS, BASE_DIR / "node_modules" / "axe-core"]  # noqa: F405
