from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse

from . import two_factor

OPEN = {("admin", "login"), ("admin", "logout"), ("staff", "set_up")}


class TwoFactorMiddleware:
    """No admin page for a signed-in staff user whose session was not confirmed with a second
    factor: one who has none and needs it goes to the set-up page; one who has one but whose session
    was not confirmed with it (signed in before setting it up elsewhere) signs in again.

    After django_otp.middleware.OTPMiddleware, which gives request.user.is_verified()."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not request.path.startswith("/admin/"):
            return None
        match = request.resolver_match
        if match is not None and (match.namespace, match.url_name) in OPEN:
            return None
        if user.is_verified():
            return None
        if two_factor.has_second_factor(user):
            logout(request)
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if two_factor.requires_two_factor(user):
            return redirect("staff:set_up")
        return None
