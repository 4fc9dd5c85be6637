"""Who may do what. Editors and reviewers work on their own institution's fiches only; architects see
everything and maintain the reference data; superusers administer. Checked in querysets and in every
admin permission method, never only by hiding links."""

from .models import Editor

EDITOR, REVIEWER, ARCHITECT = Editor.Role.EDITOR, Editor.Role.REVIEWER, Editor.Role.ARCHITECT


def profile(user):
    if not user.is_authenticated or not user.is_active:
        return None
    try:
        return user.editor
    except Editor.DoesNotExist:
        return None


def role(user):
    found = profile(user)
    return found.role if found else None


def institution_id(user):
    found = profile(user)
    return found.institution_id if found else None


def is_architect(user) -> bool:
    return user.is_superuser or role(user) == ARCHITECT


def is_institution_staff(user) -> bool:
    return role(user) in (EDITOR, REVIEWER)


def sees_everything(user) -> bool:
    return user.is_superuser or role(user) == ARCHITECT


def can_edit_institution(user, institution_id_value) -> bool:
    """Write fiches, revisions and amounts of that institution."""
    return user.is_superuser or (is_institution_staff(user) and institution_id(user) == institution_id_value)


def can_publish_institution(user, institution_id_value) -> bool:
    return user.is_superuser or (role(user) == REVIEWER and institution_id(user) == institution_id_value)


def scope(queryset, user, institution_field="institution"):
    """Only the rows of the user's institution, unless the user sees everything."""
    if sees_everything(user):
        return queryset
    if is_institution_staff(user):
        return queryset.filter(**{institution_field: institution_id(user)})
    return queryset.none()
