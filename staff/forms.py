from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _

from . import two_factor


class StaffAuthenticationForm(AdminAuthenticationForm):
    """The admin sign-in: username, password and, for whoever has set up a second factor, a code.

    A wrong or missing code refuses the sign-in and counts as a failed sign-in for the lockout
    (django-axes), like a wrong password."""

    otp_token = forms.CharField(
        label=_("Code"),
        required=False,
        max_length=32,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}),
        help_text=_(
            "The six-digit code of your authenticator app, or one of your recovery codes. "
            "Leave it empty if you have not set up a second factor yet."
        ),
    )

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "token_required": _("Enter the code of your authenticator app, or a recovery code."),
        "invalid_token": _("This code is not valid. Enter the current code of your authenticator app, or an unused recovery code."),
        "throttled": _("Too many wrong codes in a row. Wait a moment, then enter a new code."),
    }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not two_factor.has_second_factor(user):
            # No device yet: the sign-in goes on to the set-up page (staff.middleware) when one is
            # required, and nowhere else in the admin before it is done.
            return
        token = self.cleaned_data.get("otp_token") or ""
        if not token:
            self.refuse(user, "token_required")
        try:
            device = two_factor.verify(user, token)
        except two_factor.ThrottledError:
            self.refuse(user, "throttled")
        if device is None:
            self.refuse(user, "invalid_token")
        # django-otp's user_logged_in handler marks the session as verified with this device.
        user.otp_device = device

    def refuse(self, user, code):
        user_login_failed.send(
            sender=__name__, credentials={"username": user.get_username()}, request=self.request
        )
        raise forms.ValidationError(self.error_messages[code], code=code)


class ConfirmDeviceForm(forms.Form):
    code = forms.CharField(
        label=_("Code shown by the app"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )
