from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from agreements.models import Country

# Order matters: each file refers only to objects of the files before it.
REFERENCE_FIXTURES = ["countries", "branches", "instruments", "institutions", "situations"]


def content_fixtures():
    """The fiches of each institution: fixtures/fiches-<institution>.json."""
    return sorted(path.stem for path in (settings.BASE_DIR / "fixtures").glob("fiches-*.json"))


class Command(BaseCommand):
    help = (
        "Load the reference data (countries, agreements, institutions, wizard questions) and the fiches "
        "kept in fixtures/. Objects are matched by identifier, so loading twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already holds reference data (production: what architects "
            "and editors changed in the admin is never overwritten).",
        )
        parser.add_argument("--without-content", action="store_true", help="Load the reference data only.")

    def handle(self, *args, **options):
        if options["if_empty"] and Country.objects.exists():
            self.stdout.write("Reference data already present; nothing loaded.")
            return
        content = [] if options["without_content"] else content_fixtures()
        call_command("loaddata", *REFERENCE_FIXTURES, *content, verbosity=options["verbosity"])
