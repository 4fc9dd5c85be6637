from django.core.management.base import BaseCommand

from stats.flushing import prune


class Command(BaseCommand):
    help = "Deletes counts and feedback older than STATS_RETENTION_DAYS (flush_stats does it too)."

    def handle(self, *args, **options):
        pruned = prune()
        self.stdout.write(
            f"Deleted {pruned['counts']} count(s) and {pruned['feedback']} feedback answer(s) from before {pruned['before']}."
        )
