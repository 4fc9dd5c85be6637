import datetime
import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from situations.coverage import build_matrix
from situations.data import current_data


class Command(BaseCommand):
    help = (
        "List the combinations of direction × nationality group × country × status × topic (× region) that "
        "no fiche answers, or that no fiche answers with an outcome. Exit status 1 when there is at least one."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the date of the rules, YYYY-MM-DD (default: today)")
        parser.add_argument("--topic", action="append", help="limit to this topic; repeat for several")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        on = timezone.localdate()
        if options["date"]:
            try:
                on = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"invalid --date {options['date']!r}; accepted: YYYY-MM-DD", returncode=2) from None
        data = current_data()
        unknown = sorted(set(options["topic"] or ()) - set(data.topics))
        if unknown:
            raise CommandError(f"invalid --topic {unknown[0]!r}; accepted: {', '.join(data.topics)}", returncode=2)
        matrix = build_matrix(data, on=on, topics=options["topic"])
        if options["format"] == "json":
            self.stdout.write(
                json.dumps(
                    {
                        "date": on.isoformat(),
                        "combinations": matrix.combinations,
                        "country_classes": matrix.classes,
                        "gaps": [gap.__dict__ | {"countries": list(gap.countries)} for gap in matrix.gaps],
                    },
                    ensure_ascii=False,
                )
            )
        else:
            for gap in matrix.gaps:
                self.stdout.write(
                    f"{gap.kind}\t{gap.direction}\t{gap.nationality_group}\t{gap.status}\t{gap.topic}\t{gap.regime}\t"
                    f"{gap.region or '-'}\t"
                    f"{len(gap.countries)} countries: {' '.join(gap.countries)}"
                )
            self.stdout.write(
                f"{len(matrix.gaps)} gaps in {matrix.combinations} combinations on {on.isoformat()} "
                f"({matrix.classes} classes of countries)."
            )
        if matrix.gaps:
            sys.exit(1)
