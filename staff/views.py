import django_otp
import qrcode
import qrcode.image.svg
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from . import two_factor
from .forms import ConfirmDeviceForm


def qr_code_svg(data: str) -> str:
    """The QR code of the otpauth:// address as inline SVG: drawn here, never fetched elsewhere."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return image.to_string(encoding="unicode")


@never_cache
@sensitive_post_parameters("code")
@login_required(login_url="admin:login")
def set_up(request):
    """Set up the authenticator app: the secret (as a QR code and as text), then a code from the
    app to confirm it; then ten recovery codes, shown once."""
    user = request.user
    if not user.is_staff:
        return redirect("admin:login")
    if two_factor.has_second_factor(user):
        # A second factor is replaced only after an administrator removed the old one.
        return redirect("admin:index")
    device = two_factor.pending_app_device(user)
    form = ConfirmDeviceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _extra = device.verify_is_allowed()
        if not allowed:
            form.add_error("code", _("Too many wrong codes in a row. Wait a moment, then enter a new code."))
        elif device.verify_token(two_factor.normalise(form.cleaned_data["code"])):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = two_factor.new_recovery_codes(user)
            django_otp.login(request, device)
            context = {**admin.site.each_context(request), "title": _("Your recovery codes"), "codes": codes}
            return TemplateResponse(request, "staff/recovery_codes.html", context)
        else:
            form.add_error("code", _("This is not the current code of the app. Check the clock of your phone and try the next code."))
    secret = device.config_url.split("secret=", 1)[1].split("&", 1)[0]
    context = {
        **admin.site.each_context(request),
        "title": _("Set up a second factor"),
        "form": form,
        "required": two_factor.requires_two_factor(user),
        "config_url": device.config_url,
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "qr_code": mark_safe(qr_code_svg(device.config_url)),  # noqa: S308 (drawn here from our own data)
    }
    return TemplateResponse(request, "staff/set_up.html", context)
