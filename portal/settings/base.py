"""Settings shared by every environment; values that differ come from the environment."""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

INSTALLED_APPS = [
    # modeltranslation must come before the admin so that it can patch the admin forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",  # full-text search on PostgreSQL; harmless on SQLite
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "staff",
    "agreements",
    "factsheets",
    "situations",
    "portal",
    "api",
    "search",
    "stats",
]

# The middleware marked "admin only" run under /admin/ alone: each is a subclass of the library's own
# in portal/staff_only.py, at its documented place; on public addresses the request passes them by
# (no session, user, CSRF cookie or message store; decision 0008).
MIDDLEWARE = [
    "portal.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # WhiteNoise serves static files before anything else touches the request.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Counts public pages (stats/middleware.py): before the page cache, so that cached pages count too.
    "stats.middleware.CountingMiddleware",
    # A cached public page is answered here, before the rest of the stack (portal/caching.py).
    "portal.caching.PageCacheMiddleware",
    "portal.staff_only.SessionMiddleware",  # admin only
    # Django's, with a short way for addresses that start with a language (portal/middleware.py);
    # before CommonMiddleware (Django's order).
    "portal.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "portal.staff_only.CsrfViewMiddleware",  # admin only
    "portal.staff_only.AuthenticationMiddleware",  # admin only
    "portal.staff_only.OTPMiddleware",  # admin only
    # No admin page before the second factor (staff/two_factor.py says who needs one).
    "portal.staff_only.TwoFactorMiddleware",  # admin only
    "portal.staff_only.StaffSessionMiddleware",  # admin only
    "portal.staff_only.MessageMiddleware",  # admin only
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.middleware.PermissionsPolicyMiddleware",
    # django-csp's, with the site's one policy built once (portal/middleware.py).
    "portal.middleware.CSPMiddleware",
    # Last, as django-axes asks: it answers a locked-out login attempt.
    "portal.staff_only.AxesMiddleware",  # admin only
]
# Django's deployment check for CSRF and django-axes look for their middleware by name, which the
# subclasses above are not; portal.E001 (portal/staff_only.py) checks the stack in their stead.
SILENCED_SYSTEM_CHECKS = ["security.W003", "axes.W002"]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed sign-ins are counted three ways (staff/lockout.py): 5 on one account from one address, 10
# on one account from any address, 30 from one address on any account. Reaching a limit locks for
# 15 minutes, each further failure doubles it (up to a day); failures are forgotten a day after the
# last one. `manage.py axes_reset_username <user>` unlocks an account.
AXES_HANDLER = "staff.lockout.LockoutHandler"
AXES_FAILURE_LIMIT = 5
LOGIN_FAILURE_LIMITS = {
    "account_and_address": 5,
    "account": int(env("LOGIN_FAILURES_PER_ACCOUNT", "10")),
    "address": int(env("LOGIN_FAILURES_PER_ADDRESS", "30")),
}
LOGIN_LOCKOUT_DELAY = datetime.timedelta(minutes=15)
LOGIN_LOCKOUT_MAX = datetime.timedelta(hours=24)
AXES_COOLOFF_TIME = 24
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# What a successful sign-in resets: the failures on that account (never those of its address).
AXES_LOCKOUT_PARAMETERS = ["username", ["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The client address: the entry the outermost of TRUSTED_PROXY_COUNT proxies added to
# X-Forwarded-For; 0 (no proxy) uses REMOTE_ADDR.
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "staff.lockout.client_ip"

# Second factor (django-otp, staff/): superusers, architects and reviewers always need one (only the
# test settings turn REQUIRE_2FA off; tests/staff turn it on again); editors when
# REQUIRE_2FA_FOR_EDITORS is on, the default in production.
REQUIRE_2FA = True
REQUIRE_2FA_FOR_EDITORS = env_bool("REQUIRE_2FA_FOR_EDITORS", False)
OTP_TOTP_ISSUER = "Belgian social security mobility portal"
# The device admin never shows a secret key or a recovery code, not even to a superuser.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# A strict Content-Security-Policy on every page, the admin and the preview included: no inline
# script or style, nothing loaded from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
    },
}

# Public pages are cached whole, on the server and by HTTP caches, for this many seconds.
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "300"))
# Each process keeps the pages it served lately (LOCAL_PAGE_CACHE_ENTRIES) and renders the others
# from page shapes kept with its data (PAGE_SHAPES_KEPT; portal/shapes.py), about a millisecond each.
# PAGE_CACHE_SHARED also keeps them in the shared cache (Redis) for the other processes: worth it only
# without an HTTP cache in front (nginx, a CDN), since it costs two round trips to Redis for each page
# that is not there, which is most result pages.
PAGE_CACHE_SHARED = env_bool("PAGE_CACHE_SHARED", False)
LOCAL_PAGE_CACHE_ENTRIES = int(env("LOCAL_PAGE_CACHE_ENTRIES", "256"))
PAGE_SHAPES_KEPT = int(env("PAGE_SHAPES_KEPT", "256"))
# How often a process reads the shared data version (a publication reaches every process within this
# time, plus the time to build its new snapshot, which is done beside the one being served).
DATA_VERSION_CHECK_SECONDS = float(env("DATA_VERSION_CHECK_SECONDS", "1"))
DATA_RELOAD_IN_BACKGROUND = True
# A thread per process reads the version between requests too, so an idle process is current.
DATA_VERSION_WATCHER = True

# Statistics without cookies (stats/): counts per day, pushed by each process to Redis every
# STATS_PUSH_SECONDS and moved into the database by `manage.py flush_stats`; kept
# STATS_RETENTION_DAYS (feedback too); counts under STATS_MIN_COUNT are shown as "fewer than N".
STATS_COUNTING = env_bool("STATS_COUNTING", True)
STATS_PUSH_SECONDS = float(env("STATS_PUSH_SECONDS", "2"))
STATS_RETENTION_DAYS = int(env("STATS_RETENTION_DAYS", "400"))
STATS_MIN_COUNT = 5
# "Was this page useful?": answers accepted from one address per hour (the address is never stored).
STATS_FEEDBACK_PER_HOUR = int(env("STATS_FEEDBACK_PER_HOUR", "20"))

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.languages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(env("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Links typed without a scheme in the admin become https:// (the Django 6 default).
FORMS_URLFIELD_ASSUME_HTTPS = True

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "mobility",
            # A cache that does not answer must not hold a page up: pages render without it.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: the order is the order of the language switcher. English is the default and the
# language of the reference texts in tests; French is the language editors usually write first.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("fr", "Français"),
    ("nl", "Nederlands"),
    ("de", "Deutsch"),
    ("en", "English"),
]
LANGUAGE_NAMES_TRANSLATED = {"fr": _("French"), "nl": _("Dutch"), "de": _("German"), "en": _("English")}
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
# A text missing in one language is shown in another, in this order (the page marks it).
MODELTRANSLATION_FALLBACK_LANGUAGES = {
    "default": ("en", "fr", "nl", "de"),
    "fr": ("en", "nl", "de"),
    "nl": ("en", "fr", "de"),
    "de": ("en", "fr", "nl"),
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "portal" / "static"]

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Only staff have sessions: one ends after a working day without a request to the admin.
SESSION_COOKIE_AGE = int(env("SESSION_COOKIE_AGE", str(8 * 60 * 60)))
# After signing in, and when a `next` address is unsafe (another host), the admin home.
LOGIN_REDIRECT_URL = "admin:index"
CSRF_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}, "axes": {"level": "WARNING"}},
}


def require(name):
    """Production settings fail fast on a missing variable instead of running half-configured."""
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set.")
    return value
