import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import Country
from situations.data import data_changed
from tests.factories import ReferenceFactory
from tests.situations.helpers import published_fiche

pytestmark = pytest.mark.django_db

SPAIN = "/en/leaving/result/?nationality=be&country=es&status=pensioner&topic=health-care&topic=pension"


def html(response):
    return response.content.decode()


def test_the_result_says_which_rules_apply_and_why(client):
    page = html(client.get(SPAIN))
    assert "<strong>Rules that apply:</strong>" in page
    assert "Regulations (EC) No 883/2004 and 987/2009" in page
    assert "The EU regulations coordinate social security between Belgium and this country, and they cover nationals of the EU, the EEA and Switzerland." in page


@pytest.mark.parametrize(
    ("query", "sentence"),
    [
        ("nationality=us&country=es", "also cover nationals of other countries who live legally in the EU"),
        ("nationality=stateless&country=es", "they cover stateless persons and refugees"),
        ("nationality=be&country=gb", "Since 2021 the EU–UK protocol on social security coordination applies"),
        ("nationality=be&country=jp", "Belgium has a social security agreement with this country that covers this subject"),
        ("nationality=be&country=th", "Belgium has no social security agreement with this country, so only Belgian rules apply."),
        ("nationality=us&country=dk", "does not cover people of your nationality"),
    ],
)
def test_one_plain_sentence_explains_the_rules(client, query, sentence):
    page = html(client.get(f"/en/leaving/result/?{query}&status=pensioner&topic=pension"))
    assert sentence in page


def test_a_topic_the_convention_leaves_out_says_so(client):
    page = html(client.get("/en/leaving/result/?nationality=be&country=us&status=employee&topic=family-benefits"))
    assert "Belgium's agreement with this country does not cover this subject" in page


def test_the_fiches_are_shown_in_full_with_their_institution_and_references(client):
    fiche = published_fiche("pension", regime_eu=True)
    revision = fiche.revisions.get()
    revision.body_en = "## Apply in time\n\n1. Ask the **SFP**."
    revision.save()
    ReferenceFactory(revision=revision, kind="legal", label_en="Regulation (EC) 883/2004, Article 50", url_en="https://eur-lex.europa.eu/")
    ReferenceFactory(revision=revision, kind="link", label_en="mypension.be", url_en="https://www.mypension.be/")
    page = html(client.get(SPAIN))
    assert revision.title_en in page
    assert revision.summary_en in page
    assert "<h4>Apply in time</h4>" in page and "<strong>SFP</strong>" in page  # below the h3 title
    assert '<a href="https://eur-lex.europa.eu/">Regulation (EC) 883/2004, Article 50</a>' in page
    assert '<a href="https://www.mypension.be/">mypension.be</a>' in page
    assert fiche.institution.name_en in page
    assert "Last reviewed on Nov. 1, 2026." in page
    assert f'href="/en/fiche/{fiche.slug}/"' in page


def test_without_a_fiche_the_page_says_whom_to_contact(client):
    page = html(client.get(SPAIN))
    assert "We have no information sheet for this situation yet." in page
    assert "Federal Pensions Service" in page
    assert "National Institute for Health and Disability Insurance" in page


def test_another_date_is_clearly_flagged(client):
    page = html(client.get(SPAIN + "&date=2009-06-01"))
    assert "You are looking at the rules as they were on June 1, 2009, not at today's rules." in page
    assert "Regulations (EEC) No 1408/71 and 574/72" in page
    assert f'href="{SPAIN.replace("&", "&amp;")}"' in page


def test_the_page_can_be_cited(client):
    page = html(client.get(SPAIN + "&date=2012-06-01"))
    assert "Cite this page" in page
    assert "http://testserver/en/leaving/result/?nationality=be&amp;country=es" in page
    assert "rules as of June 1, 2012." in page


def test_result_pages_are_not_indexed(client):
    assert '<meta name="robots" content="noindex">' in html(client.get(SPAIN))


def test_the_result_address_is_the_same_in_every_language_but_the_prefix(client):
    page = html(client.get(SPAIN))
    for code in ("fr", "nl", "de"):
        assert f'href="{SPAIN.replace("/en/", f"/{code}/").replace("&", "&amp;")}" hreflang="{code}"' in page


@pytest.mark.parametrize(
    "query",
    [
        "nationality=be&country=xx&status=pensioner&topic=pension",
        "nationality=be&country=es&status=astronaut&topic=pension",
        "nationality=be&country=es&status=pensioner&topic=holidays",
        "nationality=zz&country=es&status=pensioner&topic=pension",
        "nationality=be&country=es&status=pensioner&topic=pension&date=2026-02-30",
        "nationality=be&country=es&status=pensioner&topic=pension&date=yesterday",
    ],
)
def test_a_result_with_an_unknown_value_answers_404_with_help(client, query):
    response = client.get(f"/en/leaving/result/?{query}")
    assert response.status_code == 404
    assert "We cannot show this situation" in html(response)
    assert 'href="/en/leaving/"' in html(response)


def queries(client, url):
    data_changed()
    client.get(url)  # loads the data
    data_changed()  # a new version: the next request reloads, without a page cache hit
    with CaptureQueriesContext(connection) as cold:
        client.get(url)
    with CaptureQueriesContext(connection) as warm:
        client.get(url + "&topic=unemployment")
    return len(cold), len(warm)


def test_a_result_page_costs_the_same_queries_with_little_or_much_content(client):
    spain = Country.objects.get(code="es")
    published_fiche("pension")
    little = queries(client, SPAIN)
    for _ in range(150):
        published_fiche("pension", countries=[spain])
        published_fiche("health-care", regime_eu=True)
    much = queries(client, SPAIN)
    assert little == much
    assert much[1] == 0
    assert html(client.get(SPAIN)).count('class="fiche"') == 301


def test_result_pages_are_cacheable_and_cached_until_a_publication(client):
    first = client.get(SPAIN)
    assert "max-age=300" in first["Cache-Control"] and "public" in first["Cache-Control"]
    assert client.get(SPAIN).content == first.content
    fiche = published_fiche("pension")  # a publication bumps the data version
    assert fiche.revisions.get().title_en in html(client.get(SPAIN))


def test_public_pages_send_security_headers_and_no_cookie(client):
    response = client.get(SPAIN)
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response.cookies == {}
