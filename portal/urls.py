from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from feeds import views as feeds
from search import views as search_views
from staff.forms import StaffAuthenticationForm

from . import history, pages, views
from .sitemaps import sitemap_index, sitemap_section

DIRECTION = r"(?P<direction>leaving|coming)"

# The admin sign-in asks for the code of the second factor (staff/).
admin.site.login_form = StaffAuthenticationForm
admin.site.login_template = "staff/login.html"

urlpatterns = [
    path("admin/two-factor/", include("staff.urls")),
    path("admin/stats/", include("stats.admin_urls")),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemap_section, name="sitemap-section"),
    path("robots.txt", pages.robots, name="robots"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    re_path(rf"^{DIRECTION}/$", views.start, name="start"),
    re_path(rf"^{DIRECTION}/result/$", views.result, name="result"),
    re_path(rf"^{DIRECTION}/(?P<question>nationality|country|status|topic|region)/$", views.question, name="question"),
    path("countries/", pages.country_index, name="countries"),
    path("countries/<slug:code>/", pages.country, name="country"),
    path("institutions/", pages.institution_index, name="institutions"),
    path("institutions/<slug:slug>/", pages.institution, name="institution"),
    path("fiche/<slug:slug>/", views.fiche, name="fiche"),
    path("fiche/<slug:slug>/history/", history.fiche_history, name="fiche_history"),
    path("feeds/changes.atom", feeds.changes_feed, name="feed_changes"),
    path("feeds/institutions/<slug:slug>.atom", feeds.institution_feed, name="feed_institution"),
    path("feeds/topics/<slug:slug>.atom", feeds.topic_feed, name="feed_topic"),
    path("feeds/countries/<slug:code>.atom", feeds.country_feed, name="feed_country"),
    path("search/", search_views.search, name="search"),
    path("accessibility/", pages.static_page, {"template": "accessibility"}, name="accessibility"),
    path("privacy/", pages.static_page, {"template": "privacy"}, name="privacy"),
    path("contact/", pages.static_page, {"template": "contact"}, name="contact"),
    path("feedback/", include("stats.urls")),
    prefix_default_language=True,
)
# After the pages: every public page's address is tried against the patterns above it first.
urlpatterns += [path("", include("api.urls"))]
