"""Who is signing in, and when to stop them guessing.

The client address: behind TRUSTED_PROXY_COUNT proxies, each appending the address it received the
request from to X-Forwarded-For, the client is the entry the outermost trusted proxy wrote, the
TRUSTED_PROXY_COUNT-th from the right. Entries further left were written by the client itself and are
never trusted. With no proxy (0, the default) X-Forwarded-For is ignored and REMOTE_ADDR is the client.

The lockout counts failed sign-ins three ways, each with its own limit (LOGIN_FAILURE_LIMITS): one
account from one address, one account from any address (an attacker with many addresses gets no
more guesses on an account), one address on any account. Reaching a limit locks for
LOGIN_LOCKOUT_DELAY; each failure after the lock has passed doubles it, up to LOGIN_LOCKOUT_MAX.
Failures are forgotten AXES_COOLOFF_TIME after the last one (24 hours), and an account's at its next
successful sign-in. Attempts while locked are refused without being counted
(AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False), so hammering a locked account does not
lengthen its lock, and the right password does not open it early.
"""

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from axes.attempts import get_cool_off_threshold
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum


def valid_address(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request):
    """The client's address for django-axes (AXES_CLIENT_IP_CALLABLE)."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        # Fewer entries than trusted proxies: the request did not come through them all. Keep the
        # address that reached us rather than anything the client may have written.
        return remote
    return valid_address(forwarded[-count]) or remote


def lock_delay(failures, limit):
    """How long the lock lasts after the last failure: none below the limit, then
    LOGIN_LOCKOUT_DELAY, doubled by each failure beyond the limit, at most LOGIN_LOCKOUT_MAX."""
    if failures < limit:
        return None
    return min(settings.LOGIN_LOCKOUT_DELAY * 2 ** min(failures - limit, 20), settings.LOGIN_LOCKOUT_MAX)


class LockoutHandler(AxesDatabaseHandler):
    """django-axes' database handler with one limit per way of counting (LOGIN_FAILURE_LIMITS) and
    progressive delays.

    axes compares one number, get_failures(), with AXES_FAILURE_LIMIT: this handler answers
    AXES_FAILURE_LIMIT while any of the three counts holds a lock, and less otherwise."""

    def counts(self, request, credentials=None):
        username = get_client_username(request, credentials)
        address = request.axes_ip_address
        recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
        ways = {"account_and_address": recent.filter(username=username, ip_address=address), "address": recent.filter(ip_address=address)}
        if username is not None:
            ways["account"] = recent.filter(username=username)
        for name, attempts in ways.items():
            found = attempts.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            yield name, found["failures"] or 0, found["last"]

    def locked_until(self, request, credentials=None):
        """The end of the longest lock that holds now, or None."""
        now = request.axes_attempt_time
        until = None
        for name, failures, last in self.counts(request, credentials):
            delay = lock_delay(failures, settings.LOGIN_FAILURE_LIMITS[name])
            if delay is not None and last + delay > now and (until is None or last + delay > until):
                until = last + delay
        return until

    def get_failures(self, request, credentials=None):
        scale = get_failure_limit(request, credentials)
        if self.locked_until(request, credentials) is not None:
            return scale
        limits = settings.LOGIN_FAILURE_LIMITS
        scaled = [failures * scale // limits[name] for name, failures, _last in self.counts(request, credentials)]
        return min(scale - 1, max(scaled, default=0))
