from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import timezone

from situations.data import current_data


class PortalSitemap(Sitemap):
    """Every public page in every language, each with its alternates."""

    i18n = True
    alternates = True
    x_default = True


class StaticSitemap(PortalSitemap):
    def items(self):
        return [("home", []), ("start", ["leaving"]), ("start", ["coming"]), ("countries", []),
                ("institutions", []), ("accessibility", []), ("privacy", []), ("contact", [])]  # fmt: skip

    def location(self, item):
        return reverse(item[0], args=item[1])


class CountrySitemap(PortalSitemap):
    def items(self):
        return sorted(code for code in current_data().countries if code != "be")

    def location(self, code):
        return reverse("country", args=[code])


class InstitutionSitemap(PortalSitemap):
    def items(self):
        return sorted(current_data().institutions)

    def location(self, slug):
        return reverse("institution", args=[slug])


class FicheSitemap(PortalSitemap):
    def items(self):
        now = timezone.now()
        return sorted(slug for slug, fiche in current_data().fiches.items() if fiche.live_revision(now))

    def location(self, slug):
        return reverse("fiche", args=[slug])


SITEMAPS = {
    "pages": StaticSitemap,
    "countries": CountrySitemap,
    "institutions": InstitutionSitemap,
    "fiches": FicheSitemap,
}
