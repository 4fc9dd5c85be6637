"""A limit of feedback answers per address and hour that never stores the address.

The counter's key is HMAC(secret of the day, address): the secret is random, made by the first
process that needs it and kept in the cache for two days only, so once it is gone nobody, not even
with the database and the SECRET_KEY, can tell which address a key stood for. Nothing of it reaches
the database. When the cache is down, each process counts in its own memory.
"""

import hashlib
import hmac
import logging
import secrets

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.utils import timezone

from staff.lockout import client_ip

log = logging.getLogger(__name__)

WINDOW_SECONDS = 3600
SECRET_SECONDS = 2 * 24 * 3600
_own = LocMemCache("stats-feedback-limit", {"OPTIONS": {"MAX_ENTRIES": 10_000}})


def _secret(store) -> bytes:
    key = f"stats:feedback-secret:{timezone.localdate().isoformat()}"
    secret = store.get(key)
    if secret is None:
        store.add(key, secrets.token_hex(32), SECRET_SECONDS)
        secret = store.get(key)
    return secret.encode()


def _count(store, address: str) -> int:
    digest = hmac.new(_secret(store), address.encode(), hashlib.sha256).hexdigest()[:32]
    key = f"stats:feedback-limit:{digest}"
    store.add(key, 0, WINDOW_SECONDS)
    try:
        return store.incr(key)
    except ValueError:  # expired between the two calls
        store.add(key, 1, WINDOW_SECONDS)
        return 1


def allowed(request) -> bool:
    """Counts this answer for the client's address; False once the address passed the limit."""
    address = client_ip(request) or "unknown"
    try:
        count = _count(cache, address)
    except Exception:
        log.warning("feedback limit: the cache is unavailable; counting in this process", exc_info=True)
        count = _count(_own, address)
    return count <= settings.STATS_FEEDBACK_PER_HOUR
