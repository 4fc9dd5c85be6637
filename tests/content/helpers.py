"""What the content tests share: a situation resolved through `manage.py resolve --format json`."""

import io
import json
import re

from django.core.management import call_command

# Names and forms replaced since the original portals; none may appear in a fiche.
OUTDATED = re.compile(
    r"\b(E101|E102|E106|E111|E112|E121|E301|E303|ONP|SdPSP|FAT|FMP|ONAFTS|FAMIFED|OSSOM|ONSSAPL|ORPSS)\b"
)


def resolve(lang, **answers):
    args = []
    for key, value in answers.items():
        for v in value if isinstance(value, list) else [value]:
            args += [f"--{key}", v]
    out = io.StringIO()
    call_command("resolve", *args, "--lang", lang, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def answer(lang, topic, direction, nationality, country, status, date=None, region=None):
    """The resolved topic of one situation."""
    extra = {"date": date} if date else {}
    if region:
        extra["region"] = region
    result = resolve(
        lang, direction=direction, nationality=nationality, country=country, status=status, topic=topic, **extra
    )
    (found,) = result["topics"]
    assert found["topic"] == topic
    return found


def words(found):
    """Everything the reader sees for the topic: titles, summaries and texts of every fiche."""
    return " ".join(" ".join((f["title"], f["summary"], f["text"])) for f in found["fiches"])


def outcome(found):
    """The answer in plain words at the top of the topic ("" when there is none)."""
    return (found.get("outcome") or {}).get("text", "")
