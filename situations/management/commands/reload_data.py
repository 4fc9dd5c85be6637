from django.core.management.base import BaseCommand

from situations.data import data_changed


class Command(BaseCommand):
    help = (
        "Announce a new data version: every running instance reloads its data and pages cached before "
        "are no longer served. Run it after changing the database outside the admin (a restore)."
    )

    def handle(self, *args, **options):
        data_changed()
        self.stdout.write("Data version changed: every instance reloads its data.")
