"""No public page sets a cookie, counted or not, cached or not, feedback included."""

import pytest

from factsheets.models import Revision
from tests.factsheets.workspace import fiche_of
from tests.stats.conftest import SPAIN

pytestmark = pytest.mark.django_db


def test_no_public_page_sets_a_cookie(client):
    fiche, _revision = fiche_of("sfp", state=Revision.State.PUBLISHED)
    paths = [
        "/", "/en/", "/fr/leaving/", "/nl/coming/", "/en/leaving/nationality/", SPAIN, SPAIN + "&date=2015-06-01",
        "/de/countries/", "/en/countries/es/", "/en/institutions/", "/en/institutions/sfp/", f"/en/fiche/{fiche.slug}/",
        "/en/privacy/", "/en/accessibility/", "/en/contact/", "/en/feedback/thanks/", "/en/no-such-page/",
    ]  # fmt: skip
    for path in paths:
        for _ in range(2):  # rendered, then from the page cache
            response = client.get(path)
            assert response.status_code in (200, 301, 302, 404), path
            assert not response.cookies and "Set-Cookie" not in response, path
    posts = [
        client.post("/en/feedback/", {"page": SPAIN, "useful": "yes"}, HTTP_ORIGIN="http://testserver"),
        client.post("/en/feedback/", {"page": f"/en/fiche/{fiche.slug}/", "useful": "no"}, HTTP_REFERER="http://testserver/"),
        client.post("/en/feedback/", {"page": SPAIN, "useful": "yes"}),
    ]
    for response in posts:
        assert not response.cookies and "Set-Cookie" not in response
    assert not client.cookies


def test_the_privacy_page_says_what_is_counted_and_for_how_long(client, settings):
    settings.STATS_RETENTION_DAYS = 123
    page = client.get("/en/privacy/").content.decode()
    assert "What we count, and why" in page and "never the nationality itself" in page
    assert "Counts and answers are deleted after 123 days." in page
    assert "That is why there is no cookie banner." in page
