"""Who is signing in, and when to stop them guessing.

The client address: behind TRUSTED_PROXY_COUNT proxies, each appending the address it received the
request from to X-Forwarded-For, the client is the entry the outermost trusted proxy wrote, the
TRUSTED_PROXY_COUNT-th from the right. Entries further left were written by the client itself and are
never trusted. With no proxy (0, the default) X-Forwarded-For is ignored and REMOTE_ADDR is the client.

The lockout counts the failed sign-ins of the last AXES_COOLOFF_TIME three ways, each with its own
limit (LOGIN_FAILURE_LIMITS): one account from one address, one account from any address (an
attacker with many addresses gets no more guesses on an account), one address on any account.
"""

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from axes.attempts import get_cool_off_threshold
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


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


class LockoutHandler(AxesDatabaseHandler):
    """django-axes' database handler with one limit per way of counting (LOGIN_FAILURE_LIMITS).

    axes compares one number, get_failures(), with AXES_FAILURE_LIMIT: this handler answers, for the
    way of counting closest to its own limit, the failures scaled to AXES_FAILURE_LIMIT, so that the
    request is locked as soon as any of the three counts reaches its limit."""

    def get_failures(self, request, credentials=None):
        username = get_client_username(request, credentials)
        address = request.axes_ip_address
        recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
        limits = settings.LOGIN_FAILURE_LIMITS
        counts = {
            "account_and_address": recent.filter(username=username, ip_address=address),
            "account": recent.filter(username=username),
            "address": recent.filter(ip_address=address),
        }
        scale = get_failure_limit(request, credentials)
        score = 0
        for name, attempts in counts.items():
            if name == "account" and username is None:
                continue
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            score = max(score, failures * scale // limits[name])
        return score
