"""The sitemap: an index (/sitemap.xml) of sections, each split in parts of PART_SIZE pages (every
page in every language, with its alternates), so that no part is slow to build; every part is cached
like the pages it lists."""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from situations.data import current_data

from .caching import cached_page

PART_SIZE = 50  # pages per part; each page is listed in 4 languages with 5 alternates


class PortalSitemap(Sitemap):
    """Every public page in every language, each with its alternates."""

    i18n = True
    alternates = True
    x_default = True
    limit = PART_SIZE


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


def _only_the_part_number(view):
    """A part takes `p` (its number) and nothing else: any other query is sent to the bare address,
    so that junk addresses never fill the cache."""

    def wrapper(request, *args, **kwargs):
        if set(request.GET) - {"p"} or len(request.GET.getlist("p")) > 1:
            return HttpResponsePermanentRedirect(request.path)
        return view(request, *args, **kwargs)

    return wrapper


@require_safe
@cached_page(query=False)
def sitemap_index(request):
    return sitemap_views.index(request, SITEMAPS, sitemap_url_name="sitemap-section")


@require_safe
@_only_the_part_number
@cached_page
def sitemap_section(request, section):
    return sitemap_views.sitemap(request, SITEMAPS, section=section)
