from django.core.management.base import BaseCommand, CommandError

from stats.counting import AnotherFlushRunning
from stats.flushing import flush, prune


class Command(BaseCommand):
    help = (
        "Moves the counters of the public pages from Redis into the database, then deletes counts and "
        "feedback older than STATS_RETENTION_DAYS. Run it every 5 minutes (README, Statistics)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-prune", action="store_true", help="Do not delete old counts and feedback.")

    def handle(self, *args, **options):
        try:
            report = flush()
        except AnotherFlushRunning:
            raise CommandError("Another flush_stats is running; nothing was done.") from None
        self.stdout.write(
            f"{report.batches} batch(es) flushed, {report.rows} counter(s) written, {report.views} page view(s)"
            + (f", {report.already_in} batch(es) already in the database" if report.already_in else "")
            + (f", {report.ignored} count(s) ignored (not a valid situation)" if report.ignored else "")
        )
        if not options["no_prune"]:
            pruned = prune()
            self.stdout.write(
                f"Deleted {pruned['counts']} count(s) and {pruned['feedback']} feedback answer(s) "
                f"from before {pruned['before']}."
            )
