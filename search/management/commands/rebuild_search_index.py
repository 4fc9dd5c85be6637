from django.core.management.base import BaseCommand

from search.index import rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the search index from the published revisions. Saves keep it up to date; this is for "
        "content written to the database without going through the models (a bulk import)."
    )

    def handle(self, *args, **options):
        entries = rebuild()
        self.stdout.write(f"Search index rebuilt: {entries} entries (one per published revision and language).")
