"""The life of a fiche: draft → submitted for review → published (now or from a date) → withdrawn.

Revisions are never overwritten: editing a published text starts a new draft, and an old revision is
restored by copying it into a new draft. Every step is checked here, whoever calls it.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.translation import gettext as _

from . import roles, text
from .models import Amount, Fiche, Reference, Revision

State = Revision.State


def check_texts(revision: Revision) -> None:
    """Refuse unknown amount names and links to fiches that do not exist, naming them."""
    bodies = [
        getattr(revision, f"{field}_{lang}") or "" for field in Revision.ALL_TEXT_FIELDS for lang in Revision.LANGUAGES
    ]
    names = set().union(*(text.amount_names(b) for b in bodies))
    unknown_amounts = sorted(names - set(Amount.objects.filter(slug__in=names).values_list("slug", flat=True)))
    slugs = set().union(*(text.fiche_slugs(b) for b in bodies))
    unknown_fiches = sorted(slugs - set(Fiche.objects.filter(slug__in=slugs).values_list("slug", flat=True)))
    errors = [error for body in bodies for error in text.variant_errors(body)]
    if unknown_amounts:
        errors.append(
            _("Unknown amount name: %(names)s. Use the name of a named amount.") % {"names": ", ".join(unknown_amounts)}
        )
    if unknown_fiches:
        errors.append(
            _("Link to an unknown fiche: %(slugs)s. Use the identifier of an existing fiche.")
            % {"slugs": ", ".join(unknown_fiches)}
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def new_draft(fiche: Fiche, user, *, source: Revision | None = None, comment: str = "") -> Revision:
    """A new draft copied from `source`, or from the fiche's latest revision."""
    if not roles.can_edit_institution(user, fiche.institution_id):
        raise PermissionDenied
    source = source or fiche.revisions.order_by("-number").first()
    number = (fiche.revisions.aggregate(last=Max("number"))["last"] or 0) + 1
    draft = Revision(fiche=fiche, number=number, state=State.DRAFT, author=user, comment=comment)
    if source:
        for field in Revision.ALL_TEXT_FIELDS:
            for lang in Revision.LANGUAGES:
                name = f"{field}_{lang}"
                setattr(draft, name, getattr(source, name))
        draft.last_reviewed = source.last_reviewed
        draft.language_changed = dict(source.language_changed)
    else:
        draft.last_reviewed = timezone.localdate()
    draft.save()
    if source:
        for reference in source.references.all():
            copy = Reference(revision=draft, kind=reference.kind, order=reference.order)
            for lang in Revision.LANGUAGES:
                setattr(copy, f"label_{lang}", getattr(reference, f"label_{lang}"))
                setattr(copy, f"url_{lang}", getattr(reference, f"url_{lang}"))
            copy.save()
    return draft


def _transition(revision, allowed, new_state, *, seen_version=None, **fields):
    rows = Revision.objects.filter(pk=revision.pk, state__in=allowed)
    if seen_version is not None:
        rows = rows.filter(lock_version=seen_version)
    updated = rows.update(
        state=new_state, lock_version=revision.lock_version + 1, updated_at=timezone.now(), **fields
    )
    if not updated:
        raise ValidationError(_("This revision changed state meanwhile; reload the page."))
    revision.refresh_from_db()
    # update() sends no signal; receivers (the public pages' cache) must still hear of the change.
    post_save.send(sender=Revision, instance=revision, created=False, raw=False, using="default", update_fields=None)
    return revision


def submit(revision: Revision, user) -> Revision:
    if not roles.can_edit_institution(user, revision.fiche.institution_id):
        raise PermissionDenied
    check_texts(revision)
    return _transition(revision, [State.DRAFT], State.SUBMITTED)


def back_to_draft(revision: Revision, user) -> Revision:
    if not roles.can_edit_institution(user, revision.fiche.institution_id):
        raise PermissionDenied
    return _transition(revision, [State.SUBMITTED], State.DRAFT)


def publish(
    revision: Revision, user, *, at: datetime.datetime | None = None, seen_version: int | None = None
) -> Revision:
    """Publish now, or from a moment (rules often change on 1 January).

    `seen_version` is the version the reviewer read: publication is refused if the text changed since.
    """
    if not roles.can_publish_institution(user, revision.fiche.institution_id):
        raise PermissionDenied
    missing = revision.missing_languages()
    if missing and not revision.fiche.allow_language_fallback:
        raise ValidationError(
            _("Every language is needed before publication; missing: %(languages)s.") % {"languages": ", ".join(missing)}
        )
    check_texts(revision)
    return _transition(
        revision, [State.SUBMITTED], State.PUBLISHED, seen_version=seen_version, publish_from=at or timezone.now()
    )


def withdraw(fiche: Fiche, user) -> int:
    """Take the fiche off the public site: its published revisions are withdrawn (and kept)."""
    if not roles.can_publish_institution(user, fiche.institution_id):
        raise PermissionDenied
    with transaction.atomic():
        revisions = list(fiche.revisions.filter(state=State.PUBLISHED))
        for revision in revisions:
            _transition(revision, [State.PUBLISHED], State.WITHDRAWN)
    return len(revisions)
