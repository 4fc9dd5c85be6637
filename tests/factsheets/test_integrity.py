"""Editorial integrity: amounts are reviewed like fiches, other institutions' objects answer as missing
ones do, every workflow step leaves a trail, and the workspace is assembled in one place."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from factsheets import workflow
from factsheets.models import AmountValue, Editor, Event, Fiche, Institution, Revision
from tests.factories import AmountFactory, AmountValueFactory
from tests.factsheets.workspace import account, fiche_of, revision_form

pytestmark = pytest.mark.django_db

BODY = "The minimum is {{ amount:minimum-pension-single }}."


@pytest.fixture
def sfp():
    institution = Institution.objects.get(slug="sfp")
    return {
        "institution": institution,
        "editor": account("editor", Editor.Role.EDITOR, institution),
        "reviewer": account("reviewer", Editor.Role.REVIEWER, institution),
        "other-editor": account("other", Editor.Role.EDITOR, Institution.objects.get(slug="onem")),
        "other-reviewer": account("other-reviewer", Editor.Role.REVIEWER, Institution.objects.get(slug="onem")),
    }


@pytest.fixture
def minimum(sfp):
    amount = AmountFactory(slug="minimum-pension-single", unit="eur-month", institution=sfp["institution"])
    AmountValueFactory(amount=amount, value="1773.35", applies_from=datetime.date(2024, 5, 1))
    return amount


def amount_form(amount, *new_values):
    """The POST of the amount's change form: its fields and new draft values."""
    data = {f"label_{lang}": getattr(amount, f"label_{lang}") or "label" for lang in Revision.LANGUAGES}
    data |= {"slug": amount.slug, "unit": amount.unit, "institution": amount.institution_id, "source_url": ""}
    for prefix, rows in (("values", []), ("values-2", new_values)):
        data |= {
            f"{prefix}-TOTAL_FORMS": str(len(rows)),
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
        for index, (value, applies_from) in enumerate(rows):
            data |= {f"{prefix}-{index}-value": value, f"{prefix}-{index}-applies_from": applies_from}
    data["_continue"] = "Save"
    return data


# --- Named amounts are reviewed --------------------------------------------------------------


def test_a_value_an_editor_enters_is_a_draft_the_public_never_sees(client, sfp, minimum):
    fiche, _ = fiche_of("sfp", state="published", body_en=BODY)
    client.force_login(sfp["editor"])
    url = reverse("admin:factsheets_amount_change", args=[minimum.pk])
    response = client.post(url, amount_form(minimum, ("1.00", "2025-01-01")))
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = AmountValue.objects.get(amount=minimum, applies_from="2025-01-01")
    assert (draft.state, draft.author) == ("draft", sfp["editor"])
    page = client.get(f"/en/fiche/{fiche.slug}/").content.decode()
    assert "€1,773.35 a month" in page and "€1.00" not in page


def test_an_editor_cannot_publish_a_value_and_a_reviewer_can(client, sfp, minimum):
    fiche, _ = fiche_of("sfp", state="published", body_en=BODY)
    draft = AmountValueFactory(amount=minimum, value="1800.00", applies_from=datetime.date(2025, 1, 1), state="draft")
    with pytest.raises(PermissionDenied):
        workflow.publish_value(draft, sfp["editor"])
    with pytest.raises(PermissionDenied):
        workflow.publish_value(draft, sfp["other-reviewer"])
    assert "€1,800.00" not in client.get(f"/en/fiche/{fiche.slug}/").content.decode()
    workflow.publish_value(draft, sfp["reviewer"])
    draft.refresh_from_db()
    assert (draft.state, draft.published_by) == ("published", sfp["reviewer"])
    assert "€1,800.00 a month (since 1 January 2025)" in client.get(f"/en/fiche/{fiche.slug}/").content.decode()
    step = fiche.events.get(step=Event.Step.AMOUNT_PUBLISHED)
    assert step.user == sfp["reviewer"] and "minimum-pension-single = 1800.00 (2025-01-01)" == step.detail
    with pytest.raises(ValidationError):
        workflow.publish_value(draft, sfp["reviewer"])  # published once only


def test_the_publish_action_is_offered_to_reviewers_only(client, sfp, minimum):
    draft = AmountValueFactory(amount=minimum, value="1800.00", applies_from=datetime.date(2025, 1, 1), state="draft")
    url = reverse("admin:factsheets_amountvalue_changelist")
    client.force_login(sfp["editor"])
    assert "publish_selected" not in client.get(url).content.decode()
    client.post(url, {"action": "publish_selected", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.state == "draft"
    client.force_login(sfp["reviewer"])
    assert "publish_selected" in client.get(url).content.decode()
    client.post(url, {"action": "publish_selected", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.state == "published"


def test_a_value_published_for_a_later_date_is_scheduled(client, sfp, minimum):
    fiche, _ = fiche_of("sfp", state="published", body_en=BODY)
    later = AmountValueFactory(amount=minimum, value="1900.00", applies_from=datetime.date(2099, 1, 1), state="draft")
    workflow.publish_value(later, sfp["reviewer"])
    assert "€1,773.35 a month" in client.get(f"/en/fiche/{fiche.slug}/").content.decode()
    assert minimum.value_on(datetime.date(2099, 1, 2)).value == later.value


def test_a_published_value_is_read_only_in_the_workspace(client, sfp, minimum):
    client.force_login(sfp["editor"])
    page = client.get(reverse("admin:factsheets_amount_change", args=[minimum.pk])).content.decode()
    assert "1773.35" in page
    assert 'name="values-0-value"' not in page  # the published value is shown, not a field


def test_a_fiche_quotes_only_its_own_institutions_amounts(client, sfp, minimum):
    fiche, revision = fiche_of("onem", body_en=BODY)
    client.force_login(sfp["other-editor"])
    url = reverse("admin:factsheets_revision_change", args=[revision.pk])
    page = client.post(url, revision_form(revision, body_en=BODY)).content.decode()
    assert "Amount of another institution: minimum-pension-single." in page
    minimum.quotable_by.add(Institution.objects.get(slug="onem"))  # an architect allows it
    revision.refresh_from_db()
    assert client.post(url, revision_form(revision, body_en=BODY)).status_code == 302


def test_only_architects_choose_who_else_may_quote_an_amount(client, sfp, minimum):
    client.force_login(sfp["editor"])
    page = client.get(reverse("admin:factsheets_amount_change", args=[minimum.pk])).content.decode()
    assert 'name="quotable_by"' not in page
    client.force_login(account("architect", Editor.Role.ARCHITECT))
    page = client.get(reverse("admin:factsheets_amount_change", args=[minimum.pk])).content.decode()
    assert 'name="quotable_by"' in page


# --- Uniform answers ----------------------------------------------------------------------------


@pytest.mark.parametrize("view", ["factsheets_fiche_change", "factsheets_revision_change", "factsheets_revision_history"])
def test_another_institutions_object_answers_as_a_missing_one(client, sfp, view):
    _, revision = fiche_of("onem")
    target = revision.fiche if "fiche" in view else revision
    missing = max(Fiche.objects.values_list("pk", flat=True)) + max(Revision.objects.values_list("pk", flat=True)) + 1
    client.force_login(sfp["editor"])
    urls = reverse(f"admin:{view}", args=[target.pk]), reverse(f"admin:{view}", args=[missing])
    existing, absent = (client.get(url) for url in urls)
    assert existing.status_code == absent.status_code == 404
    assert existing.content.replace(urls[0].encode(), b"") == absent.content.replace(urls[1].encode(), b"")


def test_a_link_to_another_institutions_unpublished_fiche_is_unknown(client, sfp):
    hidden, _ = fiche_of("onem")  # a draft nobody outside ONEM may know of
    public, _ = fiche_of("onem", state="published")
    fiche, revision = fiche_of("sfp")
    client.force_login(sfp["editor"])
    url = reverse("admin:factsheets_revision_change", args=[revision.pk])
    body = f"See [this](fiche:{hidden.slug}) and [that](fiche:{public.slug})."
    page = client.post(url, revision_form(revision, body_en=body)).content.decode()
    assert f"Link to an unknown fiche: {hidden.slug}." in page
    nowhere = client.post(url, revision_form(revision, body_en="See [this](fiche:no-such-fiche).")).content.decode()
    assert "Link to an unknown fiche: no-such-fiche." in nowhere


def test_the_amount_filter_names_only_the_users_amounts(client, sfp, minimum):
    onem = AmountFactory(slug="onem-secret-amount", institution=Institution.objects.get(slug="onem"))
    AmountValueFactory(amount=onem)
    client.force_login(sfp["editor"])
    page = client.get(reverse("admin:factsheets_amountvalue_changelist")).content.decode()
    assert "minimum-pension-single" in page
    assert "onem-secret-amount" not in page


# --- The trail ----------------------------------------------------------------------------------


def test_every_workflow_step_is_on_the_fiches_trail(client, sfp):
    fiche, draft = fiche_of("sfp")
    workflow.submit(draft, sfp["editor"])
    workflow.back_to_draft(draft, sfp["editor"])
    workflow.submit(draft, sfp["editor"])
    workflow.publish(draft, sfp["reviewer"])
    second = workflow.new_draft(fiche, sfp["editor"])
    workflow.submit(second, sfp["editor"])
    workflow.publish(
        second, sfp["reviewer"], at=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC), change_note="New rules from 2099."
    )
    workflow.new_draft(fiche, sfp["editor"], source=draft)
    workflow.withdraw(fiche, sfp["reviewer"])
    steps = [(e.step, e.user.username, e.revision.number) for e in fiche.events.order_by("at", "pk")]
    assert steps == [
        ("submitted", "editor", 1),
        ("back-to-draft", "editor", 1),
        ("submitted", "editor", 1),
        ("published", "reviewer", 1),
        ("drafted", "editor", 2),
        ("submitted", "editor", 2),
        ("scheduled", "reviewer", 2),
        ("restored", "editor", 3),
        ("withdrawn", "reviewer", 1),
        ("withdrawn", "reviewer", 2),
    ]
    client.force_login(sfp["editor"])
    page = client.get(reverse("admin:factsheets_fiche_change", args=[fiche.pk])).content.decode()
    assert 'id="trail"' in page
    assert "Restored from an earlier revision" in page or "restored from an earlier revision" in page
    assert page.count("<tr>") >= len(steps)


# --- One module assembles the workspace -------------------------------------------------------


def test_the_workspace_admin_is_assembled_in_portal_admin_only():
    from portal.admin import WorkspaceFicheAdmin, WorkspaceRevisionAdmin

    assert type(admin.site._registry[Fiche]) is WorkspaceFicheAdmin
    assert type(admin.site._registry[Revision]) is WorkspaceRevisionAdmin
    apps = ["agreements", "factsheets", "situations", "portal"]
    sources = [path for app in apps for path in (Path(settings.BASE_DIR) / app).rglob("*.py")]
    assert not [str(p) for p in sources if re.search(r"\.unregister\(", p.read_text())]
    registering = [str(p.relative_to(settings.BASE_DIR)) for p in sources if re.search(r"admin\.(site\.)?register\((Fiche|Revision)\b", p.read_text())]
    assert registering == ["portal/admin.py"]
