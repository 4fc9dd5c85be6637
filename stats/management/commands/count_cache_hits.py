from django.core.management.base import BaseCommand, CommandError

from stats import counting
from stats.cachelog import counts_of, read_new_lines, save_state


class Command(BaseCommand):
    help = (
        "Adds the pages an HTTP cache in front of the app answered itself (nginx's portal_counts log, see "
        "stats/cachelog.py) to the counters; flush_stats then moves them into the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("log", help="The log nginx writes with the portal_counts format.")
        parser.add_argument("--state", help="File that remembers how far the log was read (without it, all of it is read).")

    def handle(self, *args, **options):
        try:
            lines, state = read_new_lines(options["log"], options["state"])
        except OSError as error:
            raise CommandError(f"Cannot read {options['log']}: {error.strerror}") from None
        counts, malformed = counts_of(lines)
        if counts:
            counting.store().add(counts)
        save_state(options["state"], state)
        views = sum(number for (_day, field), number in counts.items() if field.startswith("p|"))
        self.stdout.write(
            f"{len(lines)} line(s) read, {views} page view(s) answered by the cache counted"
            + (f", {malformed} line(s) not in the portal_counts format" if malformed else "")
        )
