from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from staff import two_factor


class Command(BaseCommand):
    help = (
        "Remove the second factor (authenticator app and recovery codes) of an account whose phone "
        "was lost; the user sets up a new one at the next sign-in."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist:
            raise CommandError(f"No account {username!r}.") from None
        count = two_factor.reset(user)
        self.stdout.write(f"{username}: {count} second-factor device(s) removed; a new one is set up at the next sign-in.")
