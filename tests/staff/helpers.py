"""Second-factor helpers for tests: a confirmed authenticator app, its current code, and a session
signed in with it."""

import re
import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def app_device(user):
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def code_for_key(hex_key, offset=0, step=30, digits=6):
    """The code an authenticator app shows now (offset: steps later) for the device's key."""
    totp = TOTP(bytes.fromhex(hex_key), step, 0, digits, 0)
    totp.time = time.time() + offset * step
    return f"{totp.token():0{digits}d}"


def code_for_secret(base32_secret, offset=0):
    """The code for the secret as the set-up page shows it (base32, in groups of four)."""
    import base64

    secret = re.sub(r"\s", "", base32_secret)
    secret += "=" * (-len(secret) % 8)
    return code_for_key(base64.b32decode(secret).hex(), offset)


def current_code(device, offset=0):
    return code_for_key(device.key, offset, device.step, device.digits)


def verified_login(client, user, device=None):
    """force_login with a session confirmed by a second factor, as django_otp.login() leaves it."""
    device = device or app_device(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
