"""The life of a fiche: draft → submitted for review → published (now or from a date) → withdrawn.

Revisions are never overwritten: editing a published text starts a new draft, and an old revision is
restored by copying it into a new draft. Every step is checked here, whoever calls it.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.translation import gettext as _

from . import roles, text
from .models import Amount, AmountValue, Event, Fiche, Reference, Revision

State = Revision.State


def check_texts(revision: Revision) -> None:
    """Refuse unknown amount names, another institution's amounts (unless an architect allowed it)
    and links to fiches that do not exist, naming them.

    A fiche the author's institution cannot see (another institution's, not public) counts as
    unknown: the answer reveals nothing of other institutions' work."""
    bodies = _texts(revision)
    institution = revision.fiche.institution_id if revision.fiche_id else None
    names = _amounts_of(revision)
    amounts = {amount.slug: amount for amount in Amount.objects.filter(slug__in=names).prefetch_related("quotable_by")}
    unknown_amounts = sorted(names - set(amounts))
    foreign_amounts = sorted(
        slug
        for slug, amount in amounts.items()
        if institution is not None
        and amount.institution_id != institution
        and institution not in {other.pk for other in amount.quotable_by.all()}
    )
    slugs = set().union(*(text.fiche_slugs(b) for b in bodies))
    visible = Fiche.objects.filter(slug__in=slugs)
    if institution is not None:
        public = Revision.objects.live().values("fiche_id")
        visible = visible.filter(Q(institution_id=institution) | Q(pk__in=public))
    unknown_fiches = sorted(slugs - set(visible.values_list("slug", flat=True)))
    errors = [error for body in bodies for error in text.variant_errors(body)]
    if unknown_amounts:
        errors.append(
            _("Unknown amount name: %(names)s. Use the name of a named amount.") % {"names": ", ".join(unknown_amounts)}
        )
    if foreign_amounts:
        errors.append(
            _(
                "Amount of another institution: %(names)s. A fiche quotes its own institution's amounts; "
                "ask an architect to allow this one."
            )
            % {"names": ", ".join(foreign_amounts)}
        )
    if unknown_fiches:
        errors.append(
            _("Link to an unknown fiche: %(slugs)s. Use the identifier of an existing fiche.")
            % {"slugs": ", ".join(unknown_fiches)}
        )
    if errors:
        raise ValidationError(errors)


def record(step, user, *, fiche=None, revision=None, amount_value=None, detail="") -> Event:
    """One line of a fiche's trail (an amount's steps are shown on the fiches that quote it)."""
    return Event.objects.create(
        step=step, user=user if user and user.is_authenticated else None, fiche=fiche or (revision.fiche if revision else None),
        revision=revision, amount_value=amount_value, detail=detail[:300],
    )


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
    latest = fiche.revisions.exclude(pk=draft.pk).order_by("-number").first()
    if source and latest and source.pk != latest.pk:
        record(Event.Step.RESTORED, user, revision=draft, detail=_("from revision %(number)s") % {"number": source.number})
    else:
        record(Event.Step.DRAFTED, user, revision=draft)
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


@transaction.atomic
def submit(revision: Revision, user) -> Revision:
    if not roles.can_edit_institution(user, revision.fiche.institution_id):
        raise PermissionDenied
    check_texts(revision)
    _transition(revision, [State.DRAFT], State.SUBMITTED)
    record(Event.Step.SUBMITTED, user, revision=revision)
    return revision


@transaction.atomic
def back_to_draft(revision: Revision, user) -> Revision:
    if not roles.can_edit_institution(user, revision.fiche.institution_id):
        raise PermissionDenied
    _transition(revision, [State.SUBMITTED], State.DRAFT)
    record(Event.Step.BACK_TO_DRAFT, user, revision=revision)
    return revision


CHANGE_NOTE_LENGTH = Revision._meta.get_field("change_note").max_length


def publish(
    revision: Revision,
    user,
    *,
    at: datetime.datetime | None = None,
    seen_version: int | None = None,
    change_note: str = "",
) -> Revision:
    """Publish now, or from a moment (rules often change on 1 January).

    `seen_version` is the version the reviewer read: publication is refused if the text changed since.
    `change_note`: one line for the public history, what changed for the reader; required when an
    earlier revision of the fiche was published.
    """
    if not roles.can_publish_institution(user, revision.fiche.institution_id):
        raise PermissionDenied
    missing = revision.missing_languages()
    if missing and not revision.fiche.allow_language_fallback:
        raise ValidationError(
            _("Every language is needed before publication; missing: %(languages)s.") % {"languages": ", ".join(missing)}
        )
    change_note = " ".join((change_note or "").split())
    if len(change_note) > CHANGE_NOTE_LENGTH:
        raise ValidationError(
            _("The change note is one line of at most %(count)s characters.") % {"count": CHANGE_NOTE_LENGTH}
        )
    if not change_note and Revision.objects.ever_published().filter(fiche=revision.fiche_id).exclude(pk=revision.pk).exists():
        raise ValidationError(
            _("Write a change note: one line for the public history saying what changed since the last publication.")
        )
    check_texts(revision)
    now = timezone.now()
    with transaction.atomic():
        _transition(
            revision, [State.SUBMITTED], State.PUBLISHED, seen_version=seen_version, publish_from=at or now,
            change_note=change_note,
        )  # fmt: skip
        if at is not None and at > now:
            record(Event.Step.SCHEDULED, user, revision=revision, detail=at.isoformat(timespec="minutes"))
        else:
            record(Event.Step.PUBLISHED, user, revision=revision)
    return revision


def withdraw(fiche: Fiche, user) -> int:
    """Take the fiche off the public site: its published revisions are withdrawn (and kept)."""
    if not roles.can_publish_institution(user, fiche.institution_id):
        raise PermissionDenied
    now = timezone.now()  # one moment for the whole fiche: what was public before it stays citable
    with transaction.atomic():
        revisions = list(fiche.revisions.filter(state=State.PUBLISHED).order_by("number"))
        for revision in revisions:
            _transition(revision, [State.PUBLISHED], State.WITHDRAWN, withdrawn_at=now)
            record(Event.Step.WITHDRAWN, user, revision=revision)
    return len(revisions)


def publish_value(value: AmountValue, user) -> AmountValue:
    """A reviewer of the amount's institution publishes a drafted value; public pages quote it from its
    date on. The write is conditional: a value changed or published meanwhile is refused."""
    if not roles.can_publish_institution(user, value.amount.institution_id):
        raise PermissionDenied
    with transaction.atomic():
        updated = AmountValue.objects.filter(
            pk=value.pk, state=AmountValue.State.DRAFT, value=value.value, applies_from=value.applies_from
        ).update(state=AmountValue.State.PUBLISHED, published_by=user, published_at=timezone.now())
        if not updated:
            raise ValidationError(_("This value changed or was published meanwhile; reload the page."))
        value.refresh_from_db()
        detail = f"{value.amount.slug} = {value.value} ({value.applies_from.isoformat()})"
        quoting = Revision.objects.filter(
            state__in=[State.PUBLISHED, State.SUBMITTED, State.DRAFT], fiche__institution__in=_quoting_institutions(value)
        )
        fiches = {r.fiche for r in quoting.select_related("fiche") if value.amount.slug in _amounts_of(r)}
        for fiche in sorted(fiches, key=lambda f: f.slug) or [None]:
            record(Event.Step.AMOUNT_PUBLISHED, user, fiche=fiche, amount_value=value, detail=detail)
    post_save.send(sender=AmountValue, instance=value, created=False, raw=False, using="default", update_fields=None)
    return value


def _quoting_institutions(value):
    return [value.amount.institution_id, *value.amount.quotable_by.values_list("pk", flat=True)]


def _texts(revision) -> list:
    """Every text of a revision, in every language."""
    return [
        getattr(revision, f"{field}_{lang}") or "" for field in Revision.ALL_TEXT_FIELDS for lang in Revision.LANGUAGES
    ]


def _amounts_of(revision) -> set:
    """The names of the amounts a revision quotes."""
    return set().union(*(text.amount_names(body) for body in _texts(revision)))
