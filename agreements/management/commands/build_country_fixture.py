from django.conf import settings
from django.core.management.base import BaseCommand

from agreements.countries import country_fixture_text


class Command(BaseCommand):
    help = "Write fixtures/countries.json from the installed ISO 3166 and CLDR data (pycountry, Babel)."

    def handle(self, *args, **options):
        path = settings.BASE_DIR / "fixtures" / "countries.json"
        text = country_fixture_text()
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {text.count('agreements.country')} countries to {path}.")
