import pytest
from django.apps import apps
from django.urls import reverse

pytestmark = pytest.mark.django_db

DOORS = {
    "en": ("I am leaving Belgium", "I am coming to Belgium"),
    "fr": ("Je quitte la Belgique", "Je viens en Belgique"),
    "nl": ("Ik verlaat België", "Ik kom naar België"),
    "de": ("Ich verlasse Belgien", "Ich komme nach Belgien"),
}


def test_root_redirects_to_english_by_default(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/en/"


@pytest.mark.parametrize(
    ("accept", "language"),
    [("fr-BE,fr;q=0.9,en;q=0.5", "fr"), ("nl", "nl"), ("de-DE", "de"), ("es-ES,es", "en"), ("en-GB", "en")],
)
def test_root_redirects_to_the_browser_language(client, accept, language):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response["Location"] == f"/{language}/"


@pytest.mark.parametrize("language", DOORS)
def test_home_page_shows_the_two_doors_in_its_language(client, language):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    for door in DOORS[language]:
        assert door in html


def test_home_page_in_english_is_written_in_english(client):
    html = client.get("/en/").content.decode()
    assert "Skip to main content" in html
    assert "It is not meant for a holiday abroad." in html


def test_home_page_in_french_translates_the_interface(client):
    html = client.get("/fr/").content.decode()
    assert "Aller au contenu principal" in html
    assert "Skip to main content" not in html


def test_language_switcher_keeps_the_page_and_links_every_language(client):
    html = client.get("/de/").content.decode()
    for code, name in [("fr", "Français"), ("nl", "Nederlands"), ("en", "English")]:
        assert f'<a href="/{code}/" hreflang="{code}" lang="{code}">{name}</a>' in html
    assert '<span aria-current="true" lang="de">Deutsch</span>' in html


def test_every_language_is_announced_as_an_alternate(client):
    html = client.get("/nl/").content.decode()
    for code in ("fr", "nl", "de", "en"):
        assert f'<link rel="alternate" hreflang="{code}" href="http://testserver/{code}/">' in html


def test_public_pages_set_no_cookie(client):
    response = client.get("/fr/")
    assert response.cookies == {}


def test_home_page_costs_no_query_once_the_data_is_loaded(client, django_assert_num_queries):
    client.get("/en/")
    with django_assert_num_queries(0):
        client.get("/en/")


def test_unknown_language_prefix_is_not_found(client):
    assert client.get("/es/").status_code == 404


def test_health_check_answers(client):
    response = client.get("/healthz", HTTP_HOST="10.0.0.7")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_readiness_reports_the_database_and_the_cache(client):
    response = client.get("/readyz", HTTP_HOST="10.0.0.7")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}


def test_readiness_with_the_cache_down_stays_ready_and_says_so(client):
    from unittest import mock

    from django.core.cache.backends.locmem import LocMemCache

    with mock.patch.object(LocMemCache, "set", side_effect=ConnectionError("down")):
        response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "unavailable: ConnectionError"}


def test_readiness_without_the_database_answers_503(client):
    from unittest import mock

    from django.db import OperationalError

    with mock.patch("portal.middleware.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable: OperationalError"


def test_admin_lists_every_model_of_the_domain_apps(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    for app in ("agreements", "situations", "factsheets"):
        for model in apps.get_app_config(app).get_models():
            if model._meta.auto_created:
                continue
            assert reverse(f"admin:{app}_{model._meta.model_name}_changelist") in html


def test_admin_shows_the_reference_data(admin_client):
    html = admin_client.get(reverse("admin:agreements_instrument_changelist")).content.decode()
    assert "EU regulations" in html
    html = admin_client.get(reverse("admin:agreements_country_changelist") + "?q=belg").content.decode()
    assert "Belgium" in html
