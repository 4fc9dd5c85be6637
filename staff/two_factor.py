"""Who needs a second factor, and checking a code against a user's devices.

A staff user signs in with a password and a code: the six digits of an authenticator app (TOTP) or
one of ten recovery codes, each good once. Superusers, architects and reviewers must have a second
factor; editors when REQUIRE_2FA_FOR_EDITORS is on (the default in production). Whoever has a
device gives a code at every sign-in, required or not."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from factsheets import roles

RECOVERY_CODES = 10
APP_DEVICE_NAME = _("Authenticator app")
RECOVERY_DEVICE_NAME = _("Recovery codes")


def requires_two_factor(user) -> bool:
    if not (user.is_authenticated and user.is_active and (user.is_staff or user.is_superuser)):
        return False
    if not settings.REQUIRE_2FA:
        return False
    if not user.is_superuser and roles.role(user) == roles.EDITOR:
        return settings.REQUIRE_2FA_FOR_EDITORS
    return True


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def normalise(token: str) -> str:
    return "".join(token.split()).replace("-", "").lower()


def verify(user, token: str):
    """The device the code belongs to, or None. A six-digit code is tried on the authenticator app
    only and anything else on the recovery codes only, so that a wrong code slows down (django-otp's
    throttling) only the device it was meant for. Raises ThrottledError while a device waits."""
    token = normalise(token)
    if token.isdigit() and len(token) == 6:
        devices = TOTPDevice.objects.filter(user=user, confirmed=True)
    else:
        devices = StaticDevice.objects.filter(user=user, confirmed=True)
    throttled = False
    for device in devices:
        allowed, _extra = device.verify_is_allowed()
        if not allowed:
            throttled = True
            continue
        if device.verify_token(token):
            return device
    if throttled:
        raise ThrottledError
    return None


class ThrottledError(Exception):
    """Too many wrong codes in a row: django-otp makes the device wait (1, 2, 4, 8… seconds)."""


def new_recovery_codes(user) -> list[str]:
    """Ten new recovery codes replace any the user had; they are shown once, never stored readable
    elsewhere than in the database."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=str(RECOVERY_DEVICE_NAME), confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def pending_app_device(user) -> TOTPDevice:
    """The authenticator app being set up: the same secret until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=str(APP_DEVICE_NAME), confirmed=False)
    return device


def reset(user) -> int:
    """Remove every second factor of the user (a lost phone): they set up a new one at their next
    sign-in."""
    count, _detail = TOTPDevice.objects.filter(user=user).delete()
    static, _detail = StaticDevice.objects.filter(user=user).delete()
    return count + static
