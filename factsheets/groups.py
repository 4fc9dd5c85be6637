"""Model permissions per role, as Django groups. Row-level rules (which institution) are in `roles`."""

from django.contrib.auth.models import Group, Permission

from .models import Editor

ARCHITECT_GROUP, EDITOR_GROUP, REVIEWER_GROUP = "Architects", "Editors", "Reviewers"
GROUP_OF_ROLE = {
    Editor.Role.ARCHITECT: ARCHITECT_GROUP,
    Editor.Role.EDITOR: EDITOR_GROUP,
    Editor.Role.REVIEWER: REVIEWER_GROUP,
}


def _permissions(app_labels, actions):
    return Permission.objects.filter(
        content_type__app_label__in=app_labels, codename__regex=rf"^({'|'.join(actions)})_"
    )


def ensure_groups():
    """Architects maintain countries, agreements, questions and criteria and read everything else;
    editors and reviewers read the reference data (their fiches are scoped in the admin)."""
    architects, _ = Group.objects.get_or_create(name=ARCHITECT_GROUP)
    architects.permissions.set(
        list(_permissions(["agreements", "situations"], ["add", "change", "delete", "view"]))
        + list(_permissions(["factsheets"], ["view"]))
    )
    readers = list(_permissions(["agreements", "situations"], ["view"]))
    for name in (EDITOR_GROUP, REVIEWER_GROUP):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(readers)
    return architects


def give_role(user, role, institution=None):
    Editor.objects.update_or_create(user=user, defaults={"role": role, "institution": institution})
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.set([Group.objects.get(name=GROUP_OF_ROLE[role])])
