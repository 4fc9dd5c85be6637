from django.core.management.base import BaseCommand

from factsheets.groups import ensure_groups


class Command(BaseCommand):
    help = "Create or update the Architects, Editors and Reviewers groups and their model permissions."

    def handle(self, *args, **options):
        ensure_groups()
        self.stdout.write("Groups Architects, Editors and Reviewers are up to date.")
