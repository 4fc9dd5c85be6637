"""Middleware that only the admin needs, left out of every other address (decision 0008).

Sessions, CSRF checks, authentication, the second factor, messages and django-axes serve the admin
alone: public pages are the same for everyone, read no cookie and sign no one in (that is what lets
them be cached). settings.MIDDLEWARE lists each of them through a subclass below, at its usual
place, so the admin's stack is exactly the documented one (Django's system checks and django-axes
see their own classes). Under STAFF_PREFIX each runs unchanged, hooks included (CSRF's
process_view); on any other address the request goes straight on to the next middleware, and no
session, user, CSRF cookie or message store is attached to it.

Without a session or a signed-in user on public addresses there is nothing for a forged request to
borrow, so CSRF checks would protect nothing there. The one public form that posts (the feedback
form, stats/) is built to need none: it checks the Origin itself.
"""

import axes.middleware
import django_otp.middleware
from django.contrib.auth import middleware as auth
from django.contrib.messages import middleware as messages
from django.contrib.sessions import middleware as sessions
from django.middleware import csrf

import staff.middleware

from . import middleware as portal

STAFF_PREFIX = "/admin/"


def is_staff_path(request) -> bool:
    return request.path_info.startswith(STAFF_PREFIX)


class StaffOnly:
    """Mixed in before a middleware class: the middleware runs for admin addresses only. Sync only,
    like the WSGI server (an async handler would take the unwrapped class's async path)."""

    sync_capable = True
    async_capable = False

    def __call__(self, request):
        if is_staff_path(request):
            return super().__call__(request)
        return self.get_response(request)


class SessionMiddleware(StaffOnly, sessions.SessionMiddleware):
    pass


class CsrfViewMiddleware(StaffOnly, csrf.CsrfViewMiddleware):
    def process_view(self, request, callback, callback_args, callback_kwargs):
        # Django calls the view hooks of every middleware, whatever its __call__ did.
        if is_staff_path(request):
            return super().process_view(request, callback, callback_args, callback_kwargs)
        return None


class AuthenticationMiddleware(StaffOnly, auth.AuthenticationMiddleware):
    pass


class OTPMiddleware(StaffOnly, django_otp.middleware.OTPMiddleware):
    pass


class TwoFactorMiddleware(StaffOnly, staff.middleware.TwoFactorMiddleware):
    pass  # its process_view already looks at admin addresses only


class StaffSessionMiddleware(StaffOnly, portal.StaffSessionMiddleware):
    pass


class MessageMiddleware(StaffOnly, messages.MessageMiddleware):
    pass


class AxesMiddleware(StaffOnly, axes.middleware.AxesMiddleware):
    pass


# Each wrapper with the library's name for it. Django's deployment check (security.W003) and
# django-axes (axes.W002) look for the library's name in MIDDLEWARE; the check below stands in for
# both, so that a stack without CSRF checks or django-axes in the admin still fails to deploy.
WRAPPERS = {
    f"{__name__}.{cls.__name__}": f"{cls.__bases__[1].__module__}.{cls.__bases__[1].__qualname__}"
    for cls in StaffOnly.__subclasses__()
}


def check_middleware(app_configs=None, **kwargs):
    from django.conf import settings
    from django.core.checks import Error

    listed = set(settings.MIDDLEWARE)
    return [
        Error(
            f"{library} is missing from MIDDLEWARE.",
            hint=f"List {wrapper} in its place: the admin needs it (portal/staff_only.py).",
            id="portal.E001",
        )
        for wrapper, library in WRAPPERS.items()
        if wrapper not in listed and library not in listed
    ]
