from django.conf import settings
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
        editors = "and the editors " if settings.REQUIRE_2FA_FOR_EDITORS else ""
        self.stdout.write(
            f"Second factor: the architect and the reviewers {editors}set one up at their first sign-in. Sign in at "
            "/admin/ with the password and an empty code; the page /admin/two-factor/ then shows a QR code to scan "
            "with an authenticator app (FreeOTP, Aegis, Google or Microsoft Authenticator) and asks for the app's "
            "code; ten recovery codes follow, shown once. From then on every sign-in needs the app's code. "
            "A lost phone: python manage.py reset_two_factor <username>."
        )
