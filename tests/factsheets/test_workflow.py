"""Draft → submitted → published (now or from a date) → withdrawn; restore; no lost update; amounts and links."""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from factsheets import workflow
from factsheets.models import Editor, Institution, Revision
from tests.factories import AmountFactory, AmountValueFactory
from tests.factsheets.workspace import PASSWORD, account, fiche_of, revision_form

pytestmark = pytest.mark.django_db

RESULT = "/en/leaving/result/?nationality=be&country=es&status=pensioner&topic=pension"


@pytest.fixture
def sfp():
    institution = Institution.objects.get(slug="sfp")
    return {
        "editor": account("editor", Editor.Role.EDITOR, institution),
        "reviewer": account("reviewer", Editor.Role.REVIEWER, institution),
        "other": account("other", Editor.Role.EDITOR, Institution.objects.get(slug="onem")),
    }


def test_a_draft_goes_through_review_to_the_public(client, sfp):
    fiche, draft = fiche_of("sfp", title_en="Your Belgian pension abroad")
    assert "Your Belgian pension abroad" not in client.get(RESULT).content.decode()
    workflow.submit(draft, sfp["editor"])
    with pytest.raises(PermissionDenied):
        workflow.publish(draft, sfp["editor"])  # an editor cannot publish
    workflow.publish(draft, sfp["reviewer"])
    assert draft.state == "published"
    assert "Your Belgian pension abroad" in client.get(RESULT).content.decode()
    assert client.get(f"/en/fiche/{fiche.slug}/").status_code == 200


def test_editing_a_published_fiche_makes_a_draft_the_public_does_not_see(client, sfp):
    fiche, revision = fiche_of("sfp", state="published", title_en="Version one")
    draft = workflow.new_draft(fiche, sfp["editor"])
    draft.title_en = "Version two"
    draft.save()
    page = client.get(RESULT).content.decode()
    assert "Version one" in page and "Version two" not in page
    workflow.submit(draft, sfp["editor"])
    workflow.publish(draft, sfp["reviewer"], change_note="Version two.")
    page = client.get(RESULT).content.decode()
    assert "Version two" in page and "Version one" not in page
    assert Revision.objects.filter(fiche=fiche).count() == 2  # the old revision is kept


def test_a_publication_can_wait_for_a_date(client, sfp):
    fiche, revision = fiche_of("sfp", title_en="New rules for next year")
    workflow.submit(revision, sfp["editor"])
    new_year = timezone.now() + datetime.timedelta(days=30)
    workflow.publish(revision, sfp["reviewer"], at=new_year)
    assert revision.publish_from == new_year
    assert "New rules for next year" not in client.get(RESULT).content.decode()
    assert list(Revision.objects.live(at=new_year)) == [revision]


def test_a_withdrawn_fiche_leaves_the_public_site(client, sfp):
    fiche, revision = fiche_of("sfp", state="published", title_en="Old advice")
    assert workflow.withdraw(fiche, sfp["reviewer"]) == 1
    assert client.get(f"/en/fiche/{fiche.slug}/").status_code == 404
    assert "Old advice" not in client.get(RESULT).content.decode()
    revision.refresh_from_db()
    assert revision.state == "withdrawn"


def test_an_old_revision_is_restored_as_a_new_draft(sfp):
    fiche, first = fiche_of("sfp", state="published", title_en="First words")
    second = workflow.new_draft(fiche, sfp["editor"])
    second.title_en = "Second words"
    second.save()
    restored = workflow.new_draft(fiche, sfp["editor"], source=first)
    assert (restored.number, restored.state, restored.title_en) == (3, "draft", "First words")


def test_publication_needs_every_language_unless_the_architects_allow_a_fallback(client, sfp):
    fiche, revision = fiche_of("sfp", title_de="", body_de="", title_en="English only here")
    workflow.submit(revision, sfp["editor"])
    with pytest.raises(ValidationError) as error:
        workflow.publish(revision, sfp["reviewer"])
    assert "missing: de" in str(error.value)
    revision.fiche.allow_language_fallback = True  # set by an architect
    revision.fiche.save()
    workflow.publish(revision, sfp["reviewer"])
    page = client.get(f"/de/fiche/{fiche.slug}/").content.decode()
    assert "English only here" in page
    assert 'class="notice notice--language"' in page


def test_staff_of_another_institution_cannot_touch_the_workflow(sfp):
    fiche, revision = fiche_of("sfp")
    for step in (workflow.submit, lambda r, u: workflow.new_draft(r.fiche, u)):
        with pytest.raises(PermissionDenied):
            step(revision, sfp["other"])


def test_the_workflow_buttons_log_who_did_what(client, sfp):
    fiche, revision = fiche_of("sfp")
    client.force_login(sfp["editor"])
    response = client.post(reverse("admin:factsheets_revision_step", args=[revision.pk, "submit"]))
    assert response.status_code == 302
    entry = LogEntry.objects.get(object_id=str(revision.pk))
    assert entry.user == sfp["editor"] and "Submitted for review." in entry.get_change_message()
    client.force_login(sfp["reviewer"])
    client.post(reverse("admin:factsheets_revision_step", args=[revision.pk, "publish"]), {"publish_from": "2027-01-01 00:00"})
    revision.refresh_from_db()
    assert revision.state == "published"
    assert timezone.localtime(revision.publish_from).replace(tzinfo=None) == datetime.datetime(2027, 1, 1)


def test_a_bad_publication_date_is_refused_with_a_message(client, sfp):
    fiche, revision = fiche_of("sfp", state="submitted")
    client.force_login(sfp["reviewer"])
    response = client.post(reverse("admin:factsheets_revision_step", args=[revision.pk, "publish"]), {"publish_from": "next week"}, follow=True)
    assert "Give the publication moment as YYYY-MM-DD HH:MM." in response.content.decode()
    revision.refresh_from_db()
    assert revision.state == "submitted"


def test_two_editors_saving_the_same_draft_lose_nothing(client, sfp):
    fiche, revision = fiche_of("sfp", body_en="Original text")
    colleague = account("colleague", Editor.Role.EDITOR, Institution.objects.get(slug="sfp"))
    url = reverse("admin:factsheets_revision_change", args=[revision.pk])
    # Both open the form at version 0.
    first_form = revision_form(revision, body_en="First editor's text")
    second_form = revision_form(revision, body_en="Second editor's text")
    client.force_login(sfp["editor"])
    assert client.post(url, first_form).status_code == 302
    client.force_login(colleague)
    response = client.post(url, second_form)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this revision while you were editing it." in page
    assert "First editor&#x27;s text" in page and "Second editor&#x27;s text" in page
    revision.refresh_from_db()
    assert revision.body_en == "First editor's text"  # nothing overwritten
    # Having merged the two, the second editor saves on top of the saved version.
    merged = revision_form(revision, body_en="Both editors' text")
    assert client.post(url, merged).status_code == 302
    revision.refresh_from_db()
    assert revision.body_en == "Both editors' text" and revision.lock_version == 2


def test_saving_records_which_languages_changed(client, sfp):
    fiche, revision = fiche_of("sfp")
    client.force_login(sfp["editor"])
    client.post(reverse("admin:factsheets_revision_change", args=[revision.pk]), revision_form(revision, body_fr="Nouveau texte"))
    revision.refresh_from_db()
    assert set(revision.language_changed) == {"fr"}
    assert revision.outdated_languages() == []
    page = client.get(reverse("admin:factsheets_fiche_changelist")).content.decode()
    assert "complete" in page


def test_unknown_amounts_and_fiche_links_are_refused_at_save(client, sfp):
    fiche, revision = fiche_of("sfp")
    client.force_login(sfp["editor"])
    url = reverse("admin:factsheets_revision_change", args=[revision.pk])
    response = client.post(url, revision_form(revision, body_en="At least {{ amount:no-such-amount }}, see [this](fiche:nowhere)."))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Unknown amount name: no-such-amount." in page
    assert "Link to an unknown fiche: nowhere." in page


def test_named_amounts_and_fiche_links_are_shown_for_the_language(client, sfp):
    amount = AmountFactory(slug="minimum-pension-single", unit="eur-month", institution=Institution.objects.get(slug="sfp"))
    AmountValueFactory(amount=amount, value="1720.33", applies_from=datetime.date(2023, 1, 1))
    AmountValueFactory(amount=amount, value="1773.35", applies_from=datetime.date(2024, 5, 1))
    target, _ = fiche_of("sfp", state="published")
    body = "The minimum is {{ amount:minimum-pension-single }}. See [the other fiche](fiche:%s)." % target.slug
    fiche, revision = fiche_of("sfp", state="published", body_en=body, body_fr=body)
    english = client.get(f"/en/fiche/{fiche.slug}/").content.decode()
    french = client.get(f"/fr/fiche/{fiche.slug}/").content.decode()
    assert "The minimum is €1,773.35 a month (since 1 May 2024)." in english
    assert f'href="/en/fiche/{target.slug}/"' in english
    assert "1\u202f773,35&nbsp;€ par mois (depuis le 1er mai 2024)" in french
    assert f'href="/fr/fiche/{target.slug}/"' in french


def test_the_preview_shows_the_draft_as_the_public_will_see_it_and_where(client, sfp):
    fiche, revision = fiche_of("sfp", body_en="## Draft heading\n\nDraft words.")
    client.force_login(sfp["editor"])
    page = client.get(reverse("admin:factsheets_revision_preview", args=[revision.pk, "en"])).content.decode()
    assert "<h3>Draft heading</h3>" in page  # under the fiche title, an h2 in the preview
    assert "Where this fiche appears" in page
    assert "<td>Pensioner</td>" in page and "Belgian nationals" in page


def test_the_dashboard_lists_stale_fiches_waiting_drafts_and_gaps(client, sfp):
    stale, old = fiche_of("sfp", state="published")
    Revision.objects.filter(pk=old.pk).update(last_reviewed=datetime.date(2024, 1, 1))
    waiting, submitted = fiche_of("sfp", state="submitted")
    client.force_login(sfp["editor"])
    page = client.get(reverse("admin:factsheets_dashboard")).content.decode()
    assert stale.slug in page and str(submitted) in page
    assert "Coverage gaps in its topics" in page and "Pension" in page


def test_demo_accounts_are_made_for_every_institution(client):
    call_command("create_demo_accounts", "--password", PASSWORD, verbosity=0)
    editor = Editor.objects.get(user__username="sfp-editor")
    assert (editor.role, editor.institution.slug) == ("editor", "sfp")
    assert Editor.objects.filter(role="reviewer").count() == Institution.objects.count()
    client.force_login(Editor.objects.get(user__username="architect").user)
    assert client.get(reverse("admin:agreements_instrument_add")).status_code == 200


def test_repeated_failed_logins_are_throttled(client):
    account("onem-person", Editor.Role.EDITOR, Institution.objects.get(slug="onem"))
    login = reverse("admin:login")
    for _ in range(4):
        assert client.post(login, {"username": "onem-person", "password": "wrong"}).status_code == 200
    assert client.post(login, {"username": "onem-person", "password": "wrong"}).status_code == 429
    # Locked out: even the right password is refused for now.
    assert client.post(login, {"username": "onem-person", "password": PASSWORD}).status_code == 429


def test_a_submitted_revision_edited_after_submission_is_not_publishable_as_reviewed(client, sfp):
    fiche, revision = fiche_of("sfp", state=Revision.State.SUBMITTED, body_en="Reviewed text")
    seen = revision.lock_version  # the reviewer opens the page
    client.force_login(sfp["editor"])
    url = reverse("admin:factsheets_revision_change", args=[revision.pk])
    assert client.post(url, revision_form(revision, body_en="Unreviewed text")).status_code == 302
    revision.refresh_from_db()
    assert revision.state == Revision.State.DRAFT  # back to draft: it must be submitted again
    client.force_login(sfp["reviewer"])
    step = reverse("admin:factsheets_revision_step", args=[revision.pk, "publish"])
    client.post(step, {"lock_version": seen})
    revision.refresh_from_db()
    assert revision.state == Revision.State.DRAFT
    assert "Unreviewed text" not in client.get(RESULT).content.decode()
    with pytest.raises(ValidationError):
        workflow.publish(revision, sfp["reviewer"])


def test_publishing_is_refused_when_the_text_changed_since_the_reviewer_read_it(client, sfp):
    fiche, revision = fiche_of("sfp", state=Revision.State.SUBMITTED)
    seen = revision.lock_version
    Revision.objects.filter(pk=revision.pk).update(lock_version=seen + 1, body_en="Changed meanwhile")
    client.force_login(sfp["reviewer"])
    step = reverse("admin:factsheets_revision_step", args=[revision.pk, "publish"])
    client.post(step, {"lock_version": seen})
    revision.refresh_from_db()
    assert revision.state == Revision.State.SUBMITTED
    client.post(step, {"lock_version": seen + 1})
    revision.refresh_from_db()
    assert revision.state == Revision.State.PUBLISHED


# --- Change notes and withdrawal moments (the public history, citations of a past day) ----------


def test_a_second_publication_needs_a_one_line_change_note(sfp):
    fiche, first = fiche_of("sfp", state=Revision.State.SUBMITTED)
    workflow.publish(first, sfp["reviewer"])  # the first publication: a note is optional
    assert first.change_note == ""
    second = workflow.new_draft(fiche, sfp["editor"])
    workflow.submit(second, sfp["editor"])
    for note in ("", "   ", "x" * (workflow.CHANGE_NOTE_LENGTH + 1)):
        with pytest.raises(ValidationError):
            workflow.publish(second, sfp["reviewer"], change_note=note)
        second.refresh_from_db()
        assert second.state == Revision.State.SUBMITTED
    workflow.publish(second, sfp["reviewer"], change_note="  New   amounts\nfrom January. ")
    assert (second.state, second.change_note) == (Revision.State.PUBLISHED, "New amounts from January.")


def test_the_reviewer_writes_the_change_note_in_the_publish_form(client, sfp):
    fiche, first = fiche_of("sfp", state=Revision.State.PUBLISHED)
    second = workflow.new_draft(fiche, sfp["editor"])
    workflow.submit(second, sfp["editor"])
    client.force_login(sfp["reviewer"])
    change = reverse("admin:factsheets_revision_change", args=[second.pk])
    form = client.get(change).content.decode()
    assert 'name="change_note"' in form and "required" in form.split('name="change_note"')[1].split(">")[0]
    step = reverse("admin:factsheets_revision_step", args=[second.pk, "publish"])
    page = client.post(step, {"lock_version": second.lock_version}, follow=True).content.decode()
    assert "Write a change note" in page
    second.refresh_from_db()
    assert second.state == Revision.State.SUBMITTED
    client.post(step, {"lock_version": second.lock_version, "change_note": "The waiting period is now 3 months."})
    second.refresh_from_db()
    assert (second.state, second.change_note) == (Revision.State.PUBLISHED, "The waiting period is now 3 months.")


def test_a_withdrawal_dates_every_revision_it_takes_off_with_one_moment(sfp):
    fiche, first = fiche_of("sfp", state=Revision.State.PUBLISHED)
    second = workflow.new_draft(fiche, sfp["editor"])
    workflow.submit(second, sfp["editor"])
    workflow.publish(second, sfp["reviewer"], change_note="Second.")
    before = timezone.now()
    assert workflow.withdraw(fiche, sfp["reviewer"]) == 2
    moments = {r.withdrawn_at for r in fiche.revisions.all()}
    assert len(moments) == 1 and before <= moments.pop() <= timezone.now()
    assert not Revision.objects.filter(fiche=fiche).live().exists()
    assert [r.number for r in Revision.objects.filter(fiche=fiche).live(at=before)] == [2]
