import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.situations.helpers import published_fiche

pytestmark = pytest.mark.django_db

LANGUAGES = ("fr", "nl", "de", "en")


def html(response):
    return response.content.decode()


def test_every_country_has_a_page(client):
    from agreements.models import Country

    for code in Country.objects.exclude(code="be").values_list("code", flat=True):
        assert client.get(f"/en/countries/{code}/").status_code == 200, code
    assert client.get("/en/countries/be/").status_code == 404
    assert client.get("/en/countries/xx/").status_code == 404


def test_the_country_page_says_which_agreement_applies_since_when_and_what_it_covers(client):
    page = html(client.get("/en/countries/ca/"))
    assert "<h1>Canada</h1>" in page
    assert "Belgium – Canada social security agreement" in page
    assert "1 January 1987" in page
    assert "Old age" in page and "Invalidity" in page
    assert "Posting for up to 2 years, extendable by up to 3 years (form B/CAN 1)." in page
    assert "Part of the country only" in page  # the Québec entente
    assert 'href="/en/leaving/nationality/?country=ca"' in page
    assert 'href="/en/coming/nationality/?country=ca"' in page


def test_the_country_page_lists_earlier_agreements(client):
    page = html(client.get("/en/countries/hr/"))
    assert "Regulations (EC) No 883/2004 and 987/2009" in page
    assert "Earlier agreements" in page
    assert "Belgium – Croatia social security agreement" in page
    assert "(date still being checked)" not in page.split("Earlier agreements")[0]


def test_an_estimated_date_is_flagged(client):
    assert "(date still being checked)" in html(client.get("/en/countries/mk/"))


def test_a_country_without_agreement_says_belgian_rules_apply(client):
    page = html(client.get("/en/countries/th/"))
    assert "Belgium has no social security agreement with this country." in page


def test_the_country_index_runs_from_a_to_z(client):
    page = html(client.get("/en/countries/"))
    assert page.index('id="letter-A"') < page.index('id="letter-Z"')
    assert '<a href="/en/countries/es/">Spain</a>' in page
    assert "/en/countries/be/" not in page


def test_institution_pages_list_what_they_handle_and_their_fiches(client):
    fiche = published_fiche("pension")
    slug = fiche.institution.slug
    page = html(client.get(f"/en/institutions/{slug}/"))
    assert fiche.revisions.get().title_en in page
    assert html(client.get("/en/institutions/sfp/")).count("Pension") >= 1
    assert "Federal Pensions Service" in html(client.get("/en/institutions/"))
    assert client.get("/en/institutions/onp/").status_code == 404


def test_a_fiche_has_its_own_page_once_published(client):
    fiche = published_fiche("pension")
    response = client.get(f"/fr/fiche/{fiche.slug}/")
    assert response.status_code == 200
    assert fiche.revisions.get().title_fr in html(response)
    assert client.get("/en/fiche/unknown/").status_code == 404


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", ["accessibility", "privacy", "contact", "countries", "institutions", "leaving", "coming"])
def test_information_pages_exist_in_every_language(client, language, page):
    response = client.get(f"/{language}/{page}/")
    assert response.status_code == 200
    assert f'<html lang="{language}">' in html(response)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_404_page_is_in_the_language_of_the_address(client, language):
    response = client.get(f"/{language}/no-such-page/")
    assert response.status_code == 404
    assert f'<html lang="{language}">' in html(response)
    assert 'href="/' + language + '/leaving/"' in html(response)


def test_the_500_page_needs_nothing_but_itself(client):
    from django.template.loader import render_to_string

    assert "Sorry, there is a problem with the service" in render_to_string("500.html")


def test_the_sitemap_is_an_index_of_parts_listing_pages_in_every_language(client):
    import re

    published_fiche("pension")
    index = html(client.get("/sitemap.xml"))
    parts = re.findall(r"<loc>http://testserver(/sitemap-[a-z]+\.xml(?:\?p=\d+)?)</loc>", index)
    assert "/sitemap-pages.xml" in parts and "/sitemap-fiches.xml" in parts
    assert "/sitemap-countries.xml?p=5" in parts  # 249 countries, 50 a part
    pages = ""
    for part in parts:
        response = client.get(part)
        assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
        assert html(response).count("<url>") <= 50 * 4
        pages += html(response)
    assert "<loc>http://testserver/nl/countries/es/</loc>" in pages
    assert 'hreflang="de" href="http://testserver/de/countries/es/"' in pages
    assert "/fiche/" in pages
    assert "/result/" not in pages


def test_sitemap_parts_redirect_junk_queries_and_unknown_parts_are_not_found(client):
    assert client.get("/sitemap-pages.xml?utm=x").status_code == 301
    assert client.get("/sitemap.xml?p=2").status_code == 301
    assert client.get("/sitemap-nothing.xml").status_code == 404
    assert client.get("/sitemap-countries.xml?p=99").status_code == 404


def test_robots_txt_points_to_the_sitemap(client):
    page = html(client.get("/robots.txt"))
    assert "Disallow: /admin/" in page
    assert "Sitemap: http://testserver/sitemap.xml" in page


def test_the_language_switcher_keeps_the_path_and_the_query(client):
    page = html(client.get("/en/leaving/country/?nationality=be"))
    assert '<a href="/nl/leaving/country/?nationality=be" hreflang="nl" lang="nl">Nederlands</a>' in page


QUERY_KEYS = st.sampled_from(["nationality", "country", "status", "topic", "date", "submitted", "x", "", "topic[]", "é"])
VALUES = st.one_of(
    st.sampled_from(["be", "BE", "es", "xx", "stateless", "refugee", "pensioner", "astronaut", "pension", "health-care",
                     "2012-06-01", "2026-02-30", "0000-00-00", "", " ", "%", "%00", "\u00e9", "../", "<script>"]),
    st.text(max_size=20),
)  # fmt: skip
PATHS = st.sampled_from(
    ["/en/leaving/result/", "/fr/coming/result/", "/en/leaving/nationality/", "/nl/leaving/country/",
     "/de/coming/status/", "/en/leaving/topic/", "/en/countries/", "/en/leaving/"]
)  # fmt: skip


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(path=PATHS, pairs=st.lists(st.tuples(QUERY_KEYS, VALUES), max_size=8))
def test_no_query_string_makes_the_server_fail(client, path, pairs):
    from urllib.parse import urlencode

    response = client.get(path + "?" + urlencode(pairs))
    assert response.status_code < 500


def test_a_huge_query_string_is_answered_without_error(client):
    response = client.get("/en/leaving/result/?" + "topic=pension&" * 800 + "nationality=" + "b" * 10_000)
    assert response.status_code in (301, 404)
