from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Public site")

    def ready(self):
        from .staff_only import check_middleware

        checks.register(check_middleware, checks.Tags.security)
