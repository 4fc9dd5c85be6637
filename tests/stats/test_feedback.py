"""'Was this page useful?': what is stored, what is refused (and then nothing is stored), no cookie."""

import re

import pytest
from django.core import signing

from factsheets.models import Revision
from stats.models import Feedback
from tests.factsheets.workspace import fiche_of
from tests.stats.conftest import SPAIN

pytestmark = pytest.mark.django_db

SITE = {"HTTP_ORIGIN": "http://testserver"}


def send(client, page=SPAIN, useful="yes", headers=SITE, **extra):
    return client.post("/en/feedback/", {"page": page, "useful": useful, "website": "", **extra}, **headers)


def comment_token(response):
    return re.search(r"\?t=([^&]+)", response["Location"]).group(1).replace("%3A", ":")


def test_the_form_is_on_result_and_fiche_pages_and_names_the_page(client):
    fiche, _revision = fiche_of("sfp", state=Revision.State.PUBLISHED)
    for path in (SPAIN, f"/en/fiche/{fiche.slug}/"):
        page = client.get(path).content.decode()
        assert "Was this page useful?" in page
        assert 'action="/en/feedback/"' in page and 'method="post"' in page
        assert f'name="page" value="{path.replace("&", "&amp;")}"' in page


def test_yes_is_stored_with_the_page_the_situation_and_the_language(client):
    fiche_of("sfp", state=Revision.State.PUBLISHED, topic="pension")
    response = client.post("/fr/feedback/", {"page": SPAIN.replace("/en/", "/fr/"), "useful": "yes"}, **SITE)
    assert response.status_code == 303 and response["Location"].startswith("/fr/feedback/comment/?t=")
    answer = Feedback.objects.get()
    assert (answer.useful, answer.page_type, answer.language, answer.direction, answer.country, answer.status,
            answer.topics, answer.comment) == (True, "result", "fr", "leaving", "es", "pensioner",
                                               "health-care,pension", "")  # fmt: skip
    assert answer.nationality_group
    # pension: the fiche's institution; health care has no fiche: the institution to contact
    assert set(answer.institutions.values_list("slug", flat=True)) == {"sfp", "inami"}


def test_an_answer_on_a_fiche_is_seen_by_the_fiches_institution(client):
    fiche, _revision = fiche_of("onem", state=Revision.State.PUBLISHED, topic="unemployment")
    assert send(client, page=f"/nl/fiche/{fiche.slug}/", useful="no").status_code == 303
    answer = Feedback.objects.get()
    assert (answer.useful, answer.page_type, answer.fiche, answer.language) == (False, "fiche", fiche.slug, "nl")
    assert list(answer.institutions.values_list("slug", flat=True)) == ["onem"]


def test_the_comment_step_adds_a_comment_then_thanks(client):
    response = send(client)
    page = client.get(response["Location"])
    assert page.status_code == 200 and "Would you like to tell us more?" in page.content.decode()
    token = comment_token(response)
    done = client.post("/en/feedback/comment/", {"t": token, "comment": "  The form number is missing.  "}, **SITE)
    assert done.status_code == 303 and done["Location"].startswith("/en/feedback/thanks/")
    assert Feedback.objects.get().comment == "The form number is missing."
    thanks = client.get(done["Location"])
    assert thanks.status_code == 200 and "Thank you" in thanks.content.decode()
    assert SPAIN.replace("&", "&amp;") in thanks.content.decode()  # back to the page
    # a second comment with the same form does not replace the first
    client.post("/en/feedback/comment/", {"t": token, "comment": "Another text"}, **SITE)
    assert Feedback.objects.get().comment == "The form number is missing."


def test_a_comment_of_1000_characters_is_accepted(client):
    token = comment_token(send(client))
    assert client.post("/en/feedback/comment/", {"t": token, "comment": "x" * 1000}, **SITE).status_code == 303
    assert len(Feedback.objects.get().comment) == 1000


def test_a_comment_too_long_is_refused_with_the_text_kept_and_nothing_stored(client):
    token = comment_token(send(client))
    response = client.post("/en/feedback/comment/", {"t": token, "comment": "y" * 1001}, **SITE)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Error:" in page and "Your comment has 1,001 characters: shorten it to 1,000 characters or fewer." in page
    assert "y" * 1001 in page  # not lost
    assert Feedback.objects.get().comment == ""


@pytest.mark.parametrize(
    "headers",
    [
        {},  # neither Origin nor Referer
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_REFERER": "https://evil.example/en/"},
        {"HTTP_ORIGIN": "https://evil.example", "HTTP_REFERER": "http://testserver/en/"},
    ],
)
def test_an_answer_from_another_site_is_refused_with_403_and_nothing_is_stored(client, headers):
    response = send(client, headers=headers)
    assert response.status_code == 403
    assert "Answers are accepted only from the pages of this site." in response.content.decode()
    assert not Feedback.objects.exists()


def test_the_referer_of_the_same_site_is_enough(client):
    assert send(client, headers={"HTTP_REFERER": "http://testserver" + SPAIN}).status_code == 303
    assert Feedback.objects.count() == 1


def test_a_comment_from_another_site_is_refused(client):
    token = comment_token(send(client))
    response = client.post("/en/feedback/comment/", {"t": token, "comment": "spam"}, HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403 and Feedback.objects.get().comment == ""


def test_a_filled_honeypot_is_told_it_succeeded_and_nothing_is_stored(client):
    response = send(client, website="http://spam.example")
    assert response.status_code == 303 and response["Location"] == "/en/feedback/thanks/"
    assert not Feedback.objects.exists()
    token = comment_token(send(client))
    client.post("/en/feedback/comment/", {"t": token, "comment": "buy now", "website": "x"}, **SITE)
    assert Feedback.objects.get().comment == ""


def test_too_many_answers_from_one_address_get_429_and_are_not_stored(client, settings):
    settings.STATS_FEEDBACK_PER_HOUR = 3
    assert [send(client).status_code for _ in range(3)] == [303, 303, 303]
    response = send(client)
    assert response.status_code == 429 and "Please try again later." in response.content.decode()
    assert Feedback.objects.count() == 3
    # another address is not held back
    assert send(client, headers={**SITE, "REMOTE_ADDR": "192.0.2.7"}).status_code == 303


def test_the_limit_never_stores_the_address(client):
    from django.core.cache import cache

    assert send(client, headers={**SITE, "REMOTE_ADDR": "198.51.100.23"}).status_code == 303
    assert any(":stats:feedback-limit:" in str(key) for key in cache._cache)
    assert not any("198.51.100.23" in str(key) for key in cache._cache)
    assert "198.51.100.23" not in str(list(Feedback.objects.values()))


@pytest.mark.parametrize(
    "page",
    [
        "",
        "https://evil.example/en/fiche/x/",
        "//evil.example/",
        "/en/countries/es/",  # not a page that asks
        "/en/fiche/no-such-fiche/",
        "/en/leaving/result/?nationality=be&country=xx&status=pensioner&topic=pension",
        "/en/" + "a" * 500,
    ],
)
def test_an_answer_about_an_unknown_page_is_refused_and_not_stored(client, page):
    response = send(client, page=page)
    assert response.status_code == 400
    assert "We could not tell which page your answer is about." in response.content.decode()
    assert not Feedback.objects.exists()


def test_an_answer_without_yes_or_no_is_refused(client):
    response = send(client, useful="maybe")
    assert response.status_code == 400 and "Choose “Yes” or “No”" in response.content.decode()
    assert not Feedback.objects.exists()


def test_an_expired_or_forged_comment_form_is_refused(client):
    send(client)
    answer = Feedback.objects.get()
    forged = signing.dumps(answer.pk, salt="another")
    for token in (forged, "junk", ""):
        response = client.post("/en/feedback/comment/", {"t": token, "comment": "x"}, **SITE)
        assert response.status_code == 400 and "This form has expired" in response.content.decode()
    assert Feedback.objects.get().comment == ""


def test_a_get_of_the_feedback_address_explains_itself(client):
    response = client.get("/en/feedback/")
    assert response.status_code == 405 and "Was this page useful?" in response.content.decode()


def test_no_answer_of_the_feedback_steps_sets_a_cookie_or_may_be_cached(client):
    responses = [send(client)]
    responses.append(client.get(responses[0]["Location"]))
    token = comment_token(responses[0])
    responses.append(client.post("/en/feedback/comment/", {"t": token, "comment": "y" * 1001}, **SITE))
    responses.append(client.post("/en/feedback/comment/", {"t": token, "comment": "ok"}, **SITE))
    responses.append(client.get(responses[-1]["Location"]))
    responses += [send(client, headers={}), send(client, website="x"), send(client, page="/x/"), client.get("/en/feedback/")]
    for response in responses:
        assert not response.cookies, response
        assert "Set-Cookie" not in response
        assert "no-store" in response["Cache-Control"]
    assert client.cookies == {} or not client.cookies
