"""Accounts and objects shared by the editors' workspace tests."""

import datetime

from django.contrib.auth import get_user_model

from factsheets.groups import ensure_groups, give_role
from factsheets.models import Editor, Institution, Revision
from situations.models import Criterion, Topic
from tests.factories import FicheFactory, RevisionFactory

PASSWORD = "correct horse battery staple 42"


def account(username, role=None, institution=None, *, superuser=False):
    ensure_groups()
    user = get_user_model().objects.create_user(username, password=PASSWORD, is_superuser=superuser, is_staff=superuser)
    if role:
        give_role(user, role, institution)
    return user


def complete_texts(prefix="Text"):
    values = {}
    for lang in Revision.LANGUAGES:
        values[f"title_{lang}"] = f"{prefix} title [{lang}]"
        values[f"summary_{lang}"] = f"{prefix} summary [{lang}]"
        values[f"body_{lang}"] = f"{prefix} body [{lang}]"
    return values


def fiche_of(institution_slug, *, state=Revision.State.DRAFT, topic="pension", **texts):
    institution = Institution.objects.get(slug=institution_slug)
    fiche = FicheFactory(institution=institution)
    fields = complete_texts() | texts
    extra = {"publish_from": datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)} if state == "published" else {}
    revision = RevisionFactory(fiche=fiche, number=1, state=state, **fields, **extra)
    Criterion.objects.create(fiche=fiche, topic=Topic.objects.get(slug=topic))
    return fiche, revision


def revision_form(revision, **changes):
    """The POST of the admin change form of a revision, as the browser sends it."""
    data = {f"{field}_{lang}": getattr(revision, f"{field}_{lang}") or "" for field in Revision.ALL_TEXT_FIELDS for lang in Revision.LANGUAGES}
    data |= {
        "last_reviewed": revision.last_reviewed.isoformat(),
        "comment": revision.comment,
        "lock_version": revision.lock_version,
        "references-TOTAL_FORMS": "0",
        "references-INITIAL_FORMS": "0",
        "references-MIN_NUM_FORMS": "0",
        "references-MAX_NUM_FORMS": "1000",
        "_continue": "Save",
    }
    data.update(changes)
    return data


ROLES = {
    "onss-editor": (Editor.Role.EDITOR, "onss"),
    "onss-reviewer": (Editor.Role.REVIEWER, "onss"),
    "sfp-editor": (Editor.Role.EDITOR, "sfp"),
    "architect": (Editor.Role.ARCHITECT, None),
}
