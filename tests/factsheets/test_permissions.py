"""Every role on every admin view and object type: isolation is enforced, not just hidden."""

import pytest
from django.urls import reverse

from agreements.models import Country, Instrument
from factsheets.models import Institution, Revision
from tests.factsheets.workspace import ROLES, account, fiche_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    users = {
        name: account(name, role, Institution.objects.get(slug=slug) if slug else None)
        for name, (role, slug) in ROLES.items()
    }
    users["admin"] = account("admin", superuser=True)
    onss_fiche, onss_revision = fiche_of("onss", topic="contributions")
    return users, onss_fiche, onss_revision


def status(client, user, method, url):
    client.force_login(user)
    return (client.post(url) if method == "post" else client.get(url)).status_code


# A guessed address outside the user's institution answers 404, as a missing one does.
# (method, view, expected status for onss-editor, onss-reviewer, sfp-editor, architect, admin)
VIEWS = [
    ("get", "fiche-list", 200, 200, 200, 200, 200),
    ("get", "fiche-change", 200, 200, 404, 200, 200),
    ("get", "revision-list", 200, 200, 200, 200, 200),
    ("get", "revision-change", 200, 200, 404, 200, 200),
    ("get", "revision-history", 200, 200, 404, 200, 200),
    ("get", "revision-preview", 200, 200, 404, 200, 200),
    ("get", "revision-compare", 200, 200, 404, 200, 200),
    ("post", "revision-submit", 302, 302, 404, 403, 302),
    ("get", "criterion-list", 200, 200, 200, 200, 200),
    ("get", "criterion-change", 200, 200, 404, 200, 200),
    ("get", "country-change", 200, 200, 200, 200, 200),
    ("get", "country-delete", 403, 403, 403, 200, 200),
    ("get", "instrument-add", 403, 403, 403, 200, 200),
    ("get", "coverage-matrix", 200, 200, 200, 200, 200),
    ("get", "dashboard", 200, 200, 200, 200, 200),
    ("get", "editor-list", 403, 403, 403, 403, 200),
]


def url_of(view, fiche, revision, other):
    criterion = fiche.criteria.get()
    return {
        "fiche-list": reverse("admin:factsheets_fiche_changelist"),
        "fiche-change": reverse("admin:factsheets_fiche_change", args=[fiche.pk]),
        "revision-list": reverse("admin:factsheets_revision_changelist"),
        "revision-change": reverse("admin:factsheets_revision_change", args=[revision.pk]),
        "revision-history": reverse("admin:factsheets_revision_history", args=[revision.pk]),
        "revision-preview": reverse("admin:factsheets_revision_preview", args=[revision.pk, "fr"]),
        "revision-compare": reverse("admin:factsheets_revision_compare") + f"?a={revision.pk}&b={other.pk}",
        "revision-submit": reverse("admin:factsheets_revision_step", args=[revision.pk, "submit"]),
        "criterion-list": reverse("admin:situations_criterion_changelist"),
        "criterion-change": reverse("admin:situations_criterion_change", args=[criterion.pk]),
        "country-change": reverse("admin:agreements_country_change", args=["es"]),
        "country-delete": reverse("admin:agreements_country_delete", args=["qm"]),
        "instrument-add": reverse("admin:agreements_instrument_add"),
        "coverage-matrix": reverse("admin:situations_coverage") + "?topic=contributions",
        "dashboard": reverse("admin:factsheets_dashboard"),
        "editor-list": reverse("admin:factsheets_editor_changelist"),
    }[view]


@pytest.mark.parametrize(("method", "view", "expected"), [(m, v, dict(zip([*ROLES, "admin"], codes, strict=True))) for m, v, *codes in VIEWS])
def test_each_role_reaches_exactly_what_it_may(client, world, method, view, expected):
    users, fiche, revision = world
    Country.objects.create(code="qm", name_en="Test country")
    other = Revision.objects.create(fiche=fiche, number=2, title_en="Second", summary_en="s", body_en="b", last_reviewed=revision.last_reviewed)
    url = url_of(view, fiche, revision, other)
    for name, user in users.items():
        got = status(client, user, method, url)
        assert got == expected[name], f"{name} {method.upper()} {view}: {got}"
        revision.refresh_from_db()
        if revision.state != "draft":
            Revision.objects.filter(pk=revision.pk).update(state="draft")


def test_lists_show_only_the_institutions_own_fiches(client, world):
    users, onss_fiche, _ = world
    sfp_fiche, _ = fiche_of("sfp")
    client.force_login(users["sfp-editor"])
    page = client.get(reverse("admin:factsheets_fiche_changelist")).content.decode()
    assert sfp_fiche.slug in page and onss_fiche.slug not in page
    page = client.get(reverse("admin:factsheets_revision_changelist")).content.decode()
    assert onss_fiche.slug not in page
    client.force_login(users["architect"])
    page = client.get(reverse("admin:factsheets_fiche_changelist")).content.decode()
    assert sfp_fiche.slug in page and onss_fiche.slug in page


def test_an_editor_creates_fiches_for_their_institution_only(client, world):
    users, _, _ = world
    client.force_login(users["sfp-editor"])
    page = client.get(reverse("admin:factsheets_fiche_add")).content.decode()
    assert 'value="%s"' % Institution.objects.get(slug="sfp").pk in page
    assert 'value="%s"' % Institution.objects.get(slug="onss").pk not in page
    onss = Institution.objects.get(slug="onss")
    response = client.post(reverse("admin:factsheets_fiche_add"), {"slug": "sneaky", "institution": onss.pk, "order": 1})
    assert response.status_code == 200  # the form refuses the other institution
    assert not onss.fiches.filter(slug="sneaky").exists()


def test_a_published_revision_cannot_be_changed_in_place(client, world):
    users, fiche, _ = world
    published = Revision.objects.create(
        fiche=fiche, number=3, state="published", publish_from="2026-01-01T00:00Z", title_en="Live",
        summary_en="s", body_en="b", last_reviewed="2026-01-01",
    )  # fmt: skip
    client.force_login(users["onss-reviewer"])
    page = client.get(reverse("admin:factsheets_revision_change", args=[published.pk])).content.decode()
    assert 'name="title_en"' not in page  # read-only
    assert "Edit: start a new draft from this revision" in page


def test_only_instrument_permission_holders_change_agreements(client, world):
    users, _, _ = world
    japan = Instrument.objects.get(slug="belgium-japan")
    client.force_login(users["onss-editor"])
    response = client.post(reverse("admin:agreements_instrument_change", args=[japan.pk]), {"slug": "x"})
    assert response.status_code == 403


@pytest.mark.parametrize(
    "url",
    ["/admin/situations/topic/{topic}/change/", "/admin/agreements/instrument/{instrument}/change/",
     "/admin/factsheets/institution/{institution}/change/"],
)  # fmt: skip
def test_identifiers_in_published_addresses_cannot_be_renamed(admin_client, url):
    from situations.models import Topic

    ids = {
        "topic": Topic.objects.get(slug="pension").pk,
        "instrument": Instrument.objects.get(slug="belgium-japan").pk,
        "institution": Institution.objects.get(slug="sfp").pk,
    }
    page = admin_client.get(url.format(**ids)).content.decode()
    assert 'name="slug"' not in page
