import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import Country
from situations.data import data_changed
from tests.factories import ReferenceFactory
from situations.models import Region, Status
from tests.situations.helpers import published_fiche

pytestmark = pytest.mark.django_db

SPAIN = "/en/leaving/result/?nationality=be&country=es&status=pensioner&topic=health-care&topic=pension"


def html(response):
    return response.content.decode()


def test_the_result_says_which_rules_apply_and_why_once_when_every_subject_shares_them(client):
    page = html(client.get(SPAIN))
    sentence = "The EU regulations coordinate social security between Belgium and Spain, and they cover nationals of the EU, the EEA and Switzerland."
    assert page.count(sentence) == 1  # one statement for both subjects
    assert "Legal basis: Regulations (EC) No 883/2004 and 987/2009" in page  # a secondary line


def test_the_title_and_heading_name_the_situation(client):
    page = html(client.get(SPAIN))
    assert "<title>Pensioner, Belgium to Spain: Health care, Pension" in page
    assert "<h1>Pensioner, Belgium to Spain: Health care, Pension</h1>" in page
    coming = html(client.get("/en/coming/result/?nationality=in&country=in&status=employee&topic=pension"))
    assert "<h1>Employee, India to Belgium: Pension</h1>" in coming


def test_the_outcomes_come_first_then_the_details_folded(client):
    general = published_fiche("pension", regime_eu=True)
    revision = general.revisions.get()
    revision.outcome_en = "Each country pays **its own** pension."
    revision.save()
    page = html(client.get(SPAIN))
    in_short = page.index("In short")
    assert in_short < page.index("Each country pays <strong>its own</strong> pension.") < page.index("Your answers")
    assert page.index("Your answers") < page.index(revision.title_en)
    assert '<details class="fiche__details">' in page
    assert page.index(revision.summary_en) < page.index("<details")


def test_the_most_specific_outcome_answers(client):
    spain = Country.objects.get(code="es")
    general = published_fiche("pension", regime_eu=True)
    specific = published_fiche("pension", countries=[spain], statuses=[Status.objects.get(slug="pensioner")])
    general.revisions.update(outcome_en="General answer.")
    specific.revisions.update(outcome_en="Specific answer.")
    data_changed()
    page = html(client.get(SPAIN))
    assert "Specific answer." in page and "General answer." not in page
    assert page.index(specific.revisions.get().title_en) < page.index(general.revisions.get().title_en)


def test_a_reader_sees_only_the_passages_of_their_direction(client):
    fiche = published_fiche("pension")
    fiche.revisions.update(body_en="Both.\n\n::: leaving\nOnly when leaving.\n:::\n::: coming\nOnly when coming.\n:::")
    data_changed()
    leaving = html(client.get(SPAIN))
    coming = html(client.get("/en/coming/result/?nationality=es&country=es&status=employee&topic=pension"))
    assert "Only when leaving." in leaving and "Only when coming." not in leaving
    assert "Only when coming." in coming and "Only when leaving." not in coming
    own_page = html(client.get(f"/en/fiche/{fiche.slug}/"))
    assert "If you are leaving Belgium" in own_page and "Only when coming." in own_page


def test_family_benefits_ask_where_the_child_lives_and_show_one_body(client):
    base = "/en/coming/result/?nationality=gb&country=gb&status=employee&topic=family-benefits"
    assert client.get(base)["Location"] == f"/en/coming/region/?{base.split('?')[1]}"
    flanders = published_fiche("family-benefits", regions=[Region.objects.get(slug="flanders")])
    wallonia = published_fiche("family-benefits", regions=[Region.objects.get(slug="wallonia")])
    page = html(client.get(base + "&region=flanders"))
    assert flanders.revisions.get().title_en in page and wallonia.revisions.get().title_en not in page
    assert "Where the child lives" in page and "Flanders" in page
    # Without the subject, the region is dropped from the canonical address.
    assert client.get(SPAIN + "&region=flanders")["Location"] == SPAIN


@pytest.mark.parametrize(
    ("query", "sentence"),
    [
        ("nationality=us&country=es", "also cover nationals of other countries who live legally in the EU"),
        ("nationality=stateless&country=es", "they cover stateless persons and refugees"),
        ("nationality=be&country=gb", "Since 2021 the EU–UK protocol on social security coordination applies"),
        ("nationality=be&country=jp", "Belgium's convention with Japan covers this and people in your situation"),
        ("nationality=be&country=th", "Belgium has no social security agreement with Thailand: only Belgian rules apply to the subjects you chose."),
        ("nationality=us&country=dk", "does not cover people of your nationality"),
    ],
)
def test_one_plain_sentence_explains_the_rules(client, query, sentence):
    page = html(client.get(f"/en/leaving/result/?{query}&status=pensioner&topic=pension"))
    assert sentence in page


def test_a_topic_the_convention_leaves_out_says_so(client):
    page = html(client.get("/en/leaving/result/?nationality=be&country=us&status=employee&topic=family-benefits&region=abroad"))
    assert "Belgium has a social security convention with United States, but it does not cover the subjects you chose" in page
    assert "no social security agreement" not in page


def test_the_eu_uk_agreements_are_never_called_belgiums_agreement(client):
    page = html(client.get("/en/leaving/result/?nationality=be&country=gb&status=employee&topic=pension&topic=family-benefits&region=abroad"))
    assert "The EU–UK agreements do not cover this subject for situations that began after 2020" in page
    assert "Withdrawal Agreement may keep the EU rules" in page
    assert "Belgium's convention" not in page and "Belgium's agreement" not in page


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
    assert "Last reviewed on 1 November 2026." in page
    assert f'href="/en/fiche/{fiche.slug}/"' in page


def test_without_a_fiche_the_page_says_whom_to_contact(client):
    page = html(client.get(SPAIN))
    assert "We have no information sheet for this situation yet." in page
    assert "Federal Pensions Service" in page
    assert "National Institute for Health and Disability Insurance" in page


def test_another_date_is_clearly_flagged(client):
    page = html(client.get(SPAIN + "&date=2009-06-01"))
    assert "You are looking at the rules as they were on 1 June 2009, not at today's rules." in page
    assert "Regulations (EEC) No 1408/71 and 574/72" in page
    assert f'href="{SPAIN.replace("&", "&amp;")}"' in page


def test_the_page_can_be_cited(client):
    page = html(client.get(SPAIN + "&date=2012-06-01"))
    assert "Cite this page" in page
    assert "http://testserver/en/leaving/result/?nationality=be&amp;country=es" in page
    assert "rules as of 1 June 2012." in page


def test_the_citation_names_the_revision_of_each_fiche_shown(client):
    fiche = published_fiche("pension", regime_eu=True)
    page = html(client.get(SPAIN))
    assert f"{fiche.slug}#1" in page


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "1 June 2012"), ("fr", "1er juin 2012"), ("nl", "1 juni 2012"), ("de", "1. Juni 2012")],
)
def test_dates_are_written_in_each_languages_style(client, lang, expected):
    page = html(client.get(SPAIN.replace("/en/", f"/{lang}/") + "&date=2012-06-01"))
    assert expected in page


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
