import datetime
import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from situations.data import current_data
from situations.presenting import resolution_dict
from situations.resolver import InvalidValue, Situation, resolve

LANGUAGES = [code for code, _name in settings.LANGUAGES]


class Command(BaseCommand):
    help = "Say which rules and fiches apply to one situation (DESIGN §8). Exit status 2 on an invalid value."

    def add_arguments(self, parser):
        # Checked in handle(), so that a wrong or missing value gives one line, not argparse's usage text.
        parser.add_argument("--direction", help="leaving or coming")
        parser.add_argument("--nationality", help="ISO 3166-1 alpha-2 code, stateless or refugee")
        parser.add_argument("--country", help="ISO 3166-1 alpha-2 code of the destination or origin")
        parser.add_argument("--status", help="a status the direction offers, e.g. pensioner")
        parser.add_argument("--topic", action="append", default=[], help="a topic; repeat for several")
        parser.add_argument("--region", help="where the child lives, for family benefits, e.g. flanders or abroad")
        parser.add_argument("--date", help="the date of the rules, YYYY-MM-DD (default: today)")
        parser.add_argument("--lang", default="en", help="fr, nl, de or en (default: en)")
        parser.add_argument("--format", default="text", help="text (default) or json")

    def handle(self, *args, **options):
        language = (options["lang"] or "").lower()
        if language not in LANGUAGES:
            raise invalid("lang", language, LANGUAGES)
        if options["format"] not in ("text", "json"):
            raise invalid("format", options["format"], ["text", "json"])
        date = None
        if options["date"]:
            try:
                date = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise invalid("date", options["date"], ["YYYY-MM-DD"]) from None
        data = current_data()
        try:
            situation = Situation.build(
                data,
                direction=options["direction"],
                nationality=options["nationality"],
                country=options["country"],
                status=options["status"],
                topics=options["topic"],
                date=date,
                region=options["region"],
            )
        except InvalidValue as error:
            raise invalid(error.question, error.value, error.accepted) from None
        answer = resolution_dict(data, resolve(data, situation), language, with_date=date is not None)
        if options["format"] == "json":
            self.stdout.write(json.dumps(answer, ensure_ascii=False))
        else:
            with translation.override(language):
                self.stdout.write(as_text(data, answer))


def invalid(question, value, accepted):
    return CommandError(
        f"invalid --{question} {value!r}; accepted: {', '.join(str(a) for a in accepted)}", returncode=2
    )


def as_text(data, answer) -> str:
    s = answer["situation"]
    lang = s["lang"]
    country = data.countries[s["country"]].get(lang, s["country"])
    # xgettext cannot read inside f-strings: every label is translated first.
    rules_as_of, since, no_agreement = _("rules as of"), _("since"), _("no agreement: Belgian rules alone")
    no_fiche, contact_label = _("No information sheet yet."), _("Contact")
    lines = [
        f"{data.directions[s['direction']].name(lang)} · {s['nationality']} · {country} · "
        f"{data.statuses[s['status']].name(lang)} · {rules_as_of} {s['date']}",
        answer["url"],
    ]
    for topic in answer["topics"]:
        regime = topic["regime"]
        lines.append("")
        if regime["instrument"]:
            lines.append(f"{topic['name']}: {regime['name']} ({since} {regime['in_force_since']})")
        else:
            lines.append(f"{topic['name']}: {no_agreement}")
        if topic["outcome"]:
            lines.append(f"  → {topic['outcome']['text']}")
        for number, fiche in enumerate(topic["fiches"], 1):
            lines.append(f"  {number}. {fiche['title']} [{fiche['institution']}]")
            lines.append(f"     {fiche['summary']}")
            lines.append(f"     {fiche['url']}")
        if not topic["fiches"]:
            lines.append(f"  {no_fiche}")
        contacts = [topic["contact"]] if topic["contact"] else topic["contacts"]
        for contact in contacts:
            lines.append(f"  {contact_label}: {contact['acronym']} – {contact['name']} {contact['url']}")
    return "\n".join(lines)
