"""The wizard node by node: each question renders, each answer reaches the next node, bad answers are refused."""

import pytest
from django.core.exceptions import TooManyFieldsSent
from django.http import QueryDict

from portal import wizard

pytestmark = pytest.mark.django_db

FULL = "nationality=be&country=es&status=pensioner&topic=health-care&topic=pension"


def html(response):
    return response.content.decode()


@pytest.mark.parametrize("direction", ["leaving", "coming"])
def test_start_page_says_who_it_is_for_what_we_ask_and_how_long(client, direction):
    response = client.get(f"/en/{direction}/")
    page = html(response)
    assert response.status_code == 200
    assert "It is not meant for a holiday" in page
    assert "It takes about 3 minutes." in page
    assert f'href="/en/{direction}/nationality/"' in page


def test_unknown_direction_is_not_found(client):
    assert client.get("/en/sideways/").status_code == 404
    assert client.get("/en/sideways/nationality/").status_code == 404


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/en/leaving/nationality/", '<h1 class="question-heading"><label for="answer">What is your nationality?'),
        ("/en/leaving/country/?nationality=be", '<label for="answer">Which country are you going to?'),
        ("/en/coming/country/?nationality=us", '<label for="answer">Which country are you coming from?'),
        ("/en/leaving/status/?nationality=be&country=es", '<legend class="fieldset__legend"><h1 class="question-heading">What is your situation?'),
        ("/en/leaving/topic/?nationality=be&country=es&status=pensioner", "What do you want to know about?"),
    ],
)
def test_each_question_is_the_heading_of_its_page(client, url, heading):
    response = client.get(url)
    assert response.status_code == 200
    assert heading in html(response)
    assert '<meta name="robots" content="noindex">' in html(response)


def test_the_nationality_list_has_every_inhabited_country_stateless_and_refugee(client):
    page = html(client.get("/en/leaving/nationality/"))
    assert page.count("<option value=") == 1 + 250 - 7 + 2  # Antarctica, Bouvet Island… left out
    assert '<option value="stateless">Stateless</option>' in page
    assert 'value="aq"' not in page and 'value="bv"' not in page
    assert 'value="xk"' in page  # Kosovo stays


def test_belgium_comes_first_for_people_leaving(client):
    page = html(client.get("/en/leaving/nationality/"))
    countries = page[page.index('<optgroup label="Countries">'):]
    assert countries.index('<option value="be">Belgium</option>') < countries.index('value="af"')
    assert page.count('value="be"') == 1


def test_question_pages_have_a_back_link(client):
    page = html(client.get("/en/leaving/status/?nationality=be&country=de"))
    assert '<a class="back-link" href="/en/leaving/country/?nationality=be&amp;country=de">Back</a>' in page
    first = html(client.get("/en/leaving/nationality/"))
    assert '<a class="back-link" href="/en/leaving/">Back</a>' in first


def test_the_region_is_asked_after_the_subjects_only_for_family_benefits(client):
    answers = "nationality=be&country=de&status=employee&topic=family-benefits"
    response = client.get(f"/en/leaving/topic/?{answers}&submitted=topic")
    assert response["Location"] == f"/en/leaving/region/?{answers}"
    page = html(client.get(f"/en/leaving/region/?{answers}"))
    assert "Where does the child live?" in page
    for region in ("flanders", "wallonia", "brussels", "german-speaking-community", "abroad"):
        assert f'value="{region}"' in page
    missing = html(client.get(f"/en/leaving/region/?{answers}&submitted=region"))
    assert "Select where the child lives" in missing
    done = client.get(f"/en/leaving/region/?{answers}&region=wallonia&submitted=region")
    assert done["Location"] == f"/en/leaving/result/?{answers}&region=wallonia"
    # Without family benefits, the region question is not asked.
    assert client.get("/en/leaving/region/?nationality=be&country=de&status=employee&topic=pension").status_code == 302


def test_status_help_tells_employee_from_posted_worker(client):
    page = html(client.get("/en/leaving/status/?nationality=be&country=de"))
    assert "Employee or posted worker?" in page and "<details" in page


def test_the_country_list_leaves_out_belgium(client):
    page = html(client.get("/en/leaving/country/?nationality=be"))
    assert '<option value="be">' not in page
    assert '<option value="es">Spain</option>' in page


def test_the_status_list_depends_on_the_direction(client):
    leaving = html(client.get("/en/leaving/status/?nationality=be&country=fr"))
    coming = html(client.get("/en/coming/status/?nationality=fr&country=fr"))
    assert 'value="frontier-worker-living-in-belgium"' in leaving
    assert 'value="frontier-worker-working-in-belgium"' not in leaving
    assert 'value="frontier-worker-working-in-belgium"' in coming
    assert "You live in Belgium, work in another country and come home at least once a week." in leaving


@pytest.mark.parametrize(
    ("submitted", "next_url"),
    [
        ("/en/leaving/nationality/?nationality=be&submitted=nationality", "/en/leaving/country/?nationality=be"),
        ("/en/leaving/country/?nationality=be&country=es&submitted=country", "/en/leaving/status/?nationality=be&country=es"),
        ("/en/leaving/status/?nationality=be&country=es&status=pensioner&submitted=status",
         "/en/leaving/topic/?nationality=be&country=es&status=pensioner"),
        (f"/en/leaving/topic/?{FULL}&submitted=topic", f"/en/leaving/result/?{FULL}"),
    ],
)  # fmt: skip
def test_each_answer_leads_to_the_next_question(client, submitted, next_url):
    response = client.get(submitted)
    assert response.status_code == 302
    assert response["Location"] == next_url


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/en/leaving/nationality/?nationality=&submitted=nationality", "Select your nationality, or stateless or refugee"),
        ("/en/leaving/country/?nationality=be&submitted=country", "Select the country you are going to"),
        ("/en/coming/country/?nationality=be&country=xx", "Select the country you are coming from"),
        ("/en/leaving/country/?nationality=be&country=be", "Select the country you are going to"),
        ("/en/leaving/status/?nationality=be&country=es&status=astronaut", "Select the situation that describes you best"),
        ("/en/leaving/topic/?nationality=be&country=es&status=pensioner&submitted=topic", "Select at least one subject"),
        ("/en/leaving/topic/?nationality=be&country=es&status=pensioner&topic=holidays", "Select at least one subject"),
    ],
)  # fmt: skip
def test_a_missing_or_wrong_answer_shows_the_error_summary(client, url, message):
    response = client.get(url)
    page = html(response)
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert 'class="error-summary" role="alert"' in page
    assert f'<li><a href="#answer">{message}</a></li>' in page
    assert 'id="answer"' in page


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("/en/leaving/country/?nationality=BE", "/en/leaving/country/?nationality=be"),
        ("/en/leaving/country/?utm_source=mail&nationality=be", "/en/leaving/country/?nationality=be"),
        ("/en/leaving/country/?nationality=be&nationality=fr", "/en/leaving/country/?nationality=be"),
        ("/en/leaving/result/?topic=pension&topic=health-care&topic=pension&status=pensioner&country=es&nationality=be",
         f"/en/leaving/result/?{FULL}"),
        (f"/en/leaving/result/?{FULL}&session=1", f"/en/leaving/result/?{FULL}"),
    ],
)  # fmt: skip
def test_a_non_canonical_address_is_redirected_permanently(client, url, canonical):
    response = client.get(url)
    assert response.status_code == 301
    assert response["Location"] == canonical


def test_a_question_reached_without_a_valid_earlier_answer_goes_back_to_it(client):
    response = client.get("/en/leaving/status/?nationality=xx&country=es")
    assert response.status_code == 302
    assert response["Location"] == "/en/leaving/nationality/?nationality=xx&country=es"


def test_a_result_with_missing_answers_goes_to_the_first_missing_question(client):
    response = client.get("/en/leaving/result/?nationality=be&topic=pension")
    assert response.status_code == 302
    assert response["Location"] == "/en/leaving/country/?nationality=be&topic=pension"


def test_your_answers_has_a_change_link_per_answer(client):
    page = html(client.get(f"/en/leaving/result/?{FULL}"))
    for question in ("nationality", "country", "status", "topic"):
        assert f'href="/en/leaving/{question}/?{FULL.replace("&", "&amp;")}"' in page
    assert '<span class="visually-hidden"> country</span>' in page


def test_changing_one_answer_keeps_the_others(client):
    change = client.get(f"/en/leaving/country/?{FULL}")
    assert '<option value="es" selected>Spain</option>' in html(change)
    response = client.get(f"/en/leaving/country/?{FULL.replace('country=es', 'country=pt')}&submitted=country")
    assert response["Location"] == f"/en/leaving/result/?{FULL.replace('country=es', 'country=pt')}"


def test_the_answers_survive_as_hidden_fields(client):
    page = html(client.get(f"/en/leaving/status/?{FULL}"))
    assert '<input type="hidden" name="nationality" value="be">' in page
    assert '<input type="hidden" name="topic" value="health-care">' in page
    assert '<input type="hidden" name="status"' not in page
    assert 'value="pensioner" aria-describedby="hint-pensioner" checked' in page


def test_the_wizard_answers_in_french(client):
    page = html(client.get("/fr/leaving/country/?nationality=be&submitted=country"))
    assert "<title>Erreur" in page
    assert "Espagne" in page


QUERIES = [
    "",
    "nationality=be&country=de&status=posted-worker&topic=contributions&topic=health-care",
    "topic=pension&topic=pension&nationality=FR",
    "a=1&a=2&b=&c",
    "=x&&y=&&",
    "date=2020-01-01&published=2026-12-01&submitted=country",
    "a=b=c&~._-=~._-",
    "nationality=b%65",  # escaped: Django's parser
    "nationality=be+x",
    "nationality=be;country=de",
    "nationality=bé",
]


@pytest.mark.parametrize("query", QUERIES)
def test_query_params_are_what_django_parses(rf, query):
    request = rf.get("/en/leaving/country/")
    request.META["QUERY_STRING"] = query
    ours = wizard.query_params(request)
    django = QueryDict(query)
    assert list(ours.lists()) == list(django.lists())
    for key in (*django.keys(), "missing"):
        assert ours.get(key) == django.get(key)
        assert ours.getlist(key) == django.getlist(key)


def test_a_query_with_too_many_fields_is_left_to_django(rf, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 3
    request = rf.get("/en/leaving/country/")
    request.META["QUERY_STRING"] = "a=1&b=2&c=3&d=4"
    with pytest.raises(TooManyFieldsSent):
        wizard.query_params(request).getlist("a")
