"""The API: every endpoint answers as its OpenAPI document says, bad input gets an RFC 9457 problem
(400 or 404, never a 500), answers are cached with an ETag, open to every origin, and cost no query
once the snapshot is loaded."""

import io
import json
import re

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings, strategies as st
from jsonschema import Draft202012Validator

from tests.api.helpers import errors_against_document, openapi_document, template_of

pytestmark = pytest.mark.django_db

SPAIN = "/api/v1/resolve?direction=leaving&nationality=be&country=es&status=pensioner&topic=health-care&topic=pension"
GOOD = [
    SPAIN,
    SPAIN + "&lang=fr&date=2011-06-01",
    "/api/v1/resolve?direction=coming&nationality=gb&country=gb&status=employee&topic=family-benefits&region=wallonia&lang=nl",
    "/api/v1/resolve?direction=leaving&nationality=stateless&country=us&status=employee&topic=contributions&lang=de",
    "/api/v1/resolve?direction=LEAVING&nationality=BE&country=CA&status=Employee&topic=health-care&topic=health-care",
    "/api/v1/countries",
    "/api/v1/countries?lang=fr",
    "/api/v1/countries/ca",
    "/api/v1/countries/ES?date=2000-01-01&lang=de",
    "/api/v1/countries/gb?date=2020-06-30",
    "/api/v1/countries/kp",
    "/api/v1/instruments",
    "/api/v1/instruments?lang=nl",
    "/api/v1/instruments/eu-regulation-883-2004",
    "/api/v1/instruments/belgium-canada?lang=fr",
    "/api/v1/institutions",
    "/api/v1/institutions/sfp?lang=de",
    "/api/v1/institutions/{institution}",
    "/api/v1/fiches",
    "/api/v1/fiches?institution={institution}",
    "/api/v1/fiches/{fiche}",
    "/api/v1/fiches/{fiche}?lang=fr&direction=leaving&date=2026-01-01",
    "/api/v1/statuses",
    "/api/v1/topics?lang=fr",
    "/api/v1/questions",
    "/api/v1/questions?lang=de",
]


def url(template, fiche):
    return template.format(fiche=fiche.slug, institution=fiche.institution.slug)


@pytest.mark.parametrize("template", GOOD)
def test_every_endpoint_answers_as_the_openapi_document_says(client, fiche, template):
    response = client.get(url(template, fiche))
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert errors_against_document(response) == []


def test_the_examples_above_reach_every_operation_of_the_document():
    document = openapi_document()
    assert document["openapi"].startswith("3.1")
    assert {template_of(t.format(fiche="x", institution="x")) for t in GOOD} == set(document["paths"])
    assert all(set(operations) == {"get"} for operations in document["paths"].values())


def test_the_check_against_the_document_finds_a_broken_answer(client):
    from tests.api.helpers import validator

    good = json.loads(client.get(SPAIN).content)
    check = validator("/api/v1/resolve", 200, "application/json")
    assert list(check.iter_errors(good)) == []
    broken = {**good, "topics": [{**good["topics"][0], "regime": {"kind": "eu"}}]}
    del broken["url"]
    assert len(list(check.iter_errors(broken))) >= 2


def test_the_document_is_served_with_its_schemas_valid_json_schema(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"
    document = json.loads(response.content)
    assert document == openapi_document()
    for name, schema in document["components"]["schemas"].items():
        Draft202012Validator.check_schema(schema)
    for operations in document["paths"].values():
        responses = operations["get"]["responses"]
        assert set(responses) >= {"200", "400", "404"}
        assert set(responses["400"]["content"]) == {"application/problem+json"}
    problem = document["components"]["schemas"]["Problem"]
    assert "invalid-params" in problem["properties"] and problem["additionalProperties"] is False
    resolve = document["paths"]["/api/v1/resolve"]["get"]["parameters"]
    assert {p["name"] for p in resolve if p["required"]} == {"direction", "nationality", "country", "status", "topic"}


def test_resolve_answers_the_very_bytes_of_the_command(client, fiche):
    out = io.StringIO()
    call_command(
        "resolve", "--direction", "leaving", "--nationality", "be", "--country", "es", "--status", "pensioner",
        "--topic", "pension", "--topic", "health-care", "--date", "2026-06-01", "--lang", "fr", "--format", "json",
        stdout=out,
    )  # fmt: skip
    response = client.get(
        "/api/v1/resolve?direction=leaving&nationality=be&country=es&status=pensioner&topic=pension&topic=health-care"
        "&date=2026-06-01&lang=fr"
    )
    assert response.content.decode() == out.getvalue().strip()
    answer = json.loads(response.content)
    assert [f["slug"] for t in answer["topics"] for f in t["fiches"]] == [fiche.slug]


def test_a_fiche_gives_its_live_revision_number_and_publication(client, fiche):
    revision = fiche.revisions.get()
    body = json.loads(client.get(f"/api/v1/fiches/{fiche.slug}?direction=leaving").content)
    assert body["revision"] == revision.number == 1
    assert body["published"].startswith(revision.publish_from.date().isoformat())
    assert "S1" in body["text"] and "papers" not in body["text"]
    assert body["outcome"] == "Your Belgian pension is paid abroad."
    assert body["references"] == [{"kind": "legal", "label": "Regulation (EC) No 883/2004", "url": "https://eur-lex.europa.eu/"}]
    both = json.loads(client.get(f"/api/v1/fiches/{fiche.slug}").content)
    assert "S1" in both["text"] and "papers" in both["text"]
    listed = json.loads(client.get("/api/v1/fiches").content)
    assert [(f["slug"], f["revision"]) for f in listed] == [(fiche.slug, 1)]


def test_a_draft_is_never_served(client, fiche):
    from tests.factories import FicheFactory, RevisionFactory

    draft = FicheFactory()
    RevisionFactory(fiche=draft, number=1)
    assert client.get(f"/api/v1/fiches/{draft.slug}").status_code == 404
    assert draft.slug not in client.get("/api/v1/fiches").content.decode()


def test_a_country_gives_its_instruments_and_branches_on_the_date(client):
    today = json.loads(client.get("/api/v1/countries/gb").content)
    before = json.loads(client.get("/api/v1/countries/gb?date=2019-06-01").content)
    assert {i["kind"] for i in today["instruments"]} >= {"uk"}
    assert "uk" not in {i["kind"] for i in before["instruments"]} and "eu" in {i["kind"] for i in before["instruments"]}
    assert all(i["branches"] for i in today["instruments"])
    assert {h["instrument"] for h in today["history"]} >= {i["instrument"] for i in before["instruments"]}


BAD = [
    # (address, status, the parameters named in invalid-params)
    ("/api/v1/resolve", 400, {"direction"}),
    ("/api/v1/resolve?direction=leaving", 400, {"nationality", "country", "status", "topic"}),
    ("/api/v1/resolve?direction=sideways&nationality=be&country=es&status=pensioner&topic=pension", 400, {"direction"}),
    ("/api/v1/resolve?direction=leaving&nationality=be&country=zz&status=pensioner&topic=pension", 400, {"country"}),
    ("/api/v1/resolve?direction=leaving&nationality=be&country=be&status=pensioner&topic=pension", 400, {"country"}),
    ("/api/v1/resolve?direction=leaving&nationality=xx&country=es&status=pensioner&topic=pension", 400, {"nationality"}),
    ("/api/v1/resolve?direction=leaving&nationality=be&country=es&status=astronaut&topic=pension", 400, {"status"}),
    ("/api/v1/resolve?direction=leaving&nationality=be&country=es&status=pensioner&topic=pension&topic=tax", 400, {"topic"}),
    ("/api/v1/resolve?direction=leaving&nationality=be&country=es&status=pensioner&topic=", 400, {"topic"}),
    ("/api/v1/resolve?direction=leaving&nationality=be&country=es&status=pensioner&topic=family-benefits&region=mars", 400, {"region"}),
    (SPAIN + "&date=2026-13-01", 400, {"date"}),
    (SPAIN + "&date=1958-12-31", 400, {"date"}),
    (SPAIN + "&date=2999-01-01", 400, {"date"}),
    (SPAIN + "&date=20260601", 400, {"date"}),
    (SPAIN + "&date=yesterday", 400, {"date"}),
    (SPAIN + "&date=", 400, {"date"}),
    (SPAIN + "&lang=es", 400, {"lang"}),
    (SPAIN + "&lang=", 400, {"lang"}),
    ("/api/v1/resolve?direction=leaving&country=zz&lang=xx&date=nope", 400, {"lang", "date", "nationality", "country", "status", "topic"}),
    ("/api/v1/resolve?direction=leaving&nationality=" + "b" * 5000 + "&country=es&status=pensioner&topic=pension", 400, {"nationality"}),
    ("/api/v1/resolve?direction=leaving&nationality=%00&country=%ff&status=pensioner&topic=pension", 400, {"nationality", "country"}),
    ("/api/v1/countries?lang=klingon", 400, {"lang"}),
    ("/api/v1/countries/zz", 404, None),
    ("/api/v1/countries/be", 404, None),
    ("/api/v1/countries/ca?date=31-12-2020", 400, {"date"}),
    ("/api/v1/countries/ca?date=1900-01-01", 400, {"date"}),
    ("/api/v1/instruments/no-such-instrument", 404, None),
    ("/api/v1/instruments?lang=EN-gb", 400, {"lang"}),
    ("/api/v1/institutions/no-such-institution", 404, None),
    ("/api/v1/institutions/sfp?lang=xx", 400, {"lang"}),
    ("/api/v1/fiches/no-such-fiche", 404, None),
    ("/api/v1/fiches?institution=nobody", 400, {"institution"}),
    ("/api/v1/fiches/{fiche}?direction=up", 400, {"direction"}),
    ("/api/v1/fiches/{fiche}?date=2026-02-30", 400, {"date"}),
    ("/api/v1/statuses?lang=1", 400, {"lang"}),
    ("/api/v1/topics?lang=fr-be", 400, {"lang"}),
    ("/api/v1/questions?lang=%C3%A9", 400, {"lang"}),
]


@pytest.mark.parametrize(("template", "status", "names"), BAD)
def test_bad_input_gets_a_problem_with_the_right_status(client, fiche, template, status, names):
    response = client.get(url(template, fiche))
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    problem = json.loads(response.content)
    assert problem["status"] == status and problem["title"] and problem["detail"]
    assert problem["type"] == "/api/v1/problems/" + ("invalid-parameters" if status == 400 else "not-found")
    assert errors_against_document(response) == []
    if names is not None:
        assert {p["name"] for p in problem["invalid-params"]} == names
        assert all(len(p["value"]) <= 61 for p in problem["invalid-params"])


def test_a_problem_names_the_accepted_values(client):
    problem = json.loads(client.get(SPAIN.replace("pensioner", "astronaut")).content)
    (param,) = problem["invalid-params"]
    assert param["value"] == "astronaut" and "pensioner" in param["accepted"]


@pytest.mark.parametrize("address", ["/api/v1/nothing", "/api/v2/resolve", "/api/v1/countries/ca/extra", "/api/x"])
def test_an_unknown_address_under_api_is_a_404_problem(client, address):
    response = client.get(address)
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
@pytest.mark.parametrize("address", ["/api/v1/countries", "/api/v1/resolve", "/api/v1/fiches/x", "/api/v1/nothing"])
def test_only_get_and_head_are_accepted(client, method, address):
    response = getattr(client, method)(address)
    if method == "options" and address == "/api/v1/nothing":
        assert response.status_code == 404
        return
    assert response.status_code == 405 and response["Content-Type"] == "application/problem+json"
    assert json.loads(response.content)["type"] == "/api/v1/problems/method-not-allowed"


def test_head_is_answered_as_get_without_a_body(client):
    response = client.head("/api/v1/countries/ca")
    assert response.status_code == 200 and response.content == b"" and response["ETag"]
    assert response["ETag"] == client.get("/api/v1/countries/ca")["ETag"]


PARAMETERS = ("direction", "nationality", "country", "status", "topic", "region", "date", "lang", "junk")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.lists(st.tuples(st.sampled_from(PARAMETERS), st.text(max_size=30)), max_size=10))
def test_any_query_is_answered_200_or_400_never_500(client, query):
    from urllib.parse import urlencode

    response = client.get("/api/v1/resolve?" + urlencode(query))
    assert response.status_code in (200, 400)
    json.loads(response.content)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(code=st.text(min_size=1, max_size=12).filter(lambda s: "/" not in s and "?" not in s and "#" not in s))
def test_any_country_code_is_answered_200_or_404(client, code):
    from urllib.parse import quote

    response = client.get(f"/api/v1/countries/{quote(code, safe='')}")
    assert response.status_code in (200, 404), response.content[:200]


@pytest.mark.parametrize("address", [SPAIN, "/api/v1/countries/ca", "/api/v1/fiches/{fiche}", "/api/v1/questions", "/api/v1/openapi.json"])
def test_an_answer_carries_an_etag_and_a_conditional_get_gets_a_304(client, fiche, address):
    address = url(address, fiche)
    first = client.get(address)
    assert first.status_code == 200 and first["ETag"]
    assert "public" in first["Cache-Control"] and "max-age" in first["Cache-Control"]
    again = client.get(address, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["Access-Control-Allow-Origin"] == "*"
    assert client.get(address, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_a_publication_changes_the_answer_and_its_etag(client, fiche):
    first = client.get("/api/v1/fiches")
    from tests.situations.helpers import published_fiche

    published_fiche("pension")
    second = client.get("/api/v1/fiches", HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200 and second["ETag"] != first["ETag"]
    assert len(json.loads(second.content)) == 2


def test_answers_are_compressed_for_clients_that_accept_it(client):
    import gzip

    response = client.get("/api/v1/countries", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(response.content))[0]["code"]


def test_the_language_is_the_lang_parameter_not_the_browser(client):
    french = json.loads(client.get("/api/v1/topics?lang=fr", HTTP_ACCEPT_LANGUAGE="de").content)
    default = json.loads(client.get("/api/v1/topics", HTTP_ACCEPT_LANGUAGE="nl").content)
    english = json.loads(client.get("/api/v1/topics?lang=en").content)
    assert default == english and french != english


@pytest.mark.parametrize("template", GOOD)
def test_every_answer_is_open_to_every_origin(client, fiche, template):
    response = client.get(url(template, fiche), HTTP_ORIGIN="https://secretariat.example")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_no_query_once_the_snapshot_is_loaded_however_big_the_answer(client, fiche, django_assert_num_queries):
    from tests.situations.helpers import published_fiche

    client.get("/api/v1/topics")  # loads the snapshot
    small = ["/api/v1/resolve?direction=leaving&nationality=be&country=es&status=pensioner&topic=pension",
             "/api/v1/countries/li", "/api/v1/fiches?lang=nl", f"/api/v1/fiches/{fiche.slug}", "/api/v1/institutions"]  # fmt: skip
    for address in small:
        with django_assert_num_queries(0):
            assert client.get(address).status_code == 200
    for _ in range(5):
        published_fiche("pension")
    client.get("/api/v1/topics?lang=fr")  # the new snapshot
    every_topic = "&".join(f"topic={t['slug']}" for t in json.loads(client.get("/api/v1/topics").content))
    big = [f"/api/v1/resolve?direction=leaving&nationality=be&country=es&status=pensioner&{every_topic}",
           "/api/v1/countries/ca", "/api/v1/fiches?lang=fr", "/api/v1/instruments/eu-regulation-883-2004"]  # fmt: skip
    for address in big:
        with django_assert_num_queries(0):
            assert client.get(address).status_code == 200
    assert len(json.loads(client.get("/api/v1/fiches?lang=fr").content)) == 6


@pytest.mark.parametrize("language", ["fr", "nl", "de", "en"])
def test_the_documentation_page_lists_every_endpoint_without_a_script(client, language):
    response = client.get(f"/{language}/api/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert "<script" not in html and " style=" not in html and "cdn" not in html.lower()
    for path in openapi_document()["paths"]:
        assert f"GET {path}" in html
    assert 'href="/api/v1/openapi.json"' in html
    assert "curl -s" in html and "application/problem+json" in html
    assert html.count("<dt><code>") >= sum(len(o["get"].get("parameters", [])) for o in openapi_document()["paths"].values())
    others = set(re.findall(r'href="/(fr|nl|de|en)/api/" hreflang', html))
    assert others == {"fr", "nl", "de", "en"} - {language}


def test_the_api_root_and_the_problem_types_lead_to_the_documentation(client):
    assert client.get("/api/v1/", HTTP_ACCEPT_LANGUAGE="nl")["Location"] == "/nl/api/"
    assert client.get("/api/")["Location"].endswith("/api/")
    assert client.get("/api/v1/problems/not-found")["Location"] == "/en/api/#problem-not-found"
    page = client.get("/en/api/").content.decode()
    assert 'id="problem-invalid-parameters"' in page and 'id="problem-not-found"' in page
