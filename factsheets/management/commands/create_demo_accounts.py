from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from factsheets.groups import ensure_groups, give_role
from factsheets.models import Editor, Institution


class Command(BaseCommand):
    help = (
        "Create demonstration accounts: <institution>-editor and <institution>-reviewer for every institution, "
        "and 'architect', all with the given password. Existing accounts get the password and role again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--password", required=True, help="the password of every demo account")

    def handle(self, *args, **options):
        password = options["password"]
        try:
            validate_password(password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        ensure_groups()
        User = get_user_model()
        accounts = [("architect", Editor.Role.ARCHITECT, None)]
        for institution in Institution.objects.order_by("slug"):
            accounts.append((f"{institution.slug}-editor", Editor.Role.EDITOR, institution))
            accounts.append((f"{institution.slug}-reviewer", Editor.Role.REVIEWER, institution))
        for username, role, institution in accounts:
            user, _created = User.objects.get_or_create(username=username)
            user.set_password(password)
            user.save()
            give_role(user, role, institution)
        self.stdout.write(f"{len(accounts)} demo accounts ready (architect, <institution>-editor, <institution>-reviewer).")
