"""One name per institution per language (issue 15 item 11, issue 14 item 10).

In each language a fiche uses that language's acronym from fixtures/institutions.json (English: NSSO, NISSE,
NEO, NIHDI, FEDRIS, ONVA, CAAMI-HZIV, SFPD; French: ONSS, INASTI, ONEM, INAMI, SFP; Dutch: RSZ, RSVZ, RVA,
RIZIV, FPD; German: LSS, LISVS, LfA, LIKIV, FPD), never another language's acronym or name, and writes
the full name before the acronym the first time a reader of the body meets it ("the National Employment
Office (NEO)"). "FPS" alone is ambiguous in English: it is always the name of a ministry ("FPS Social
Security", "FPS Finance"…). docs/glossary/README.md lists the names.

These tests read the fixture files themselves, so a failure names the file, the fiche and the language."""

import json
import re
from pathlib import Path

import pytest

from factsheets.text import for_direction

# The content fixture (tests/content/conftest.py) loads the fiches into the test database.
pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
FILES = sorted(path.name for path in FIXTURES.glob("fiches-*.json"))
LANGS = ("fr", "nl", "de", "en")

# Institutions whose acronym is an abbreviation the reader must be given in full once. The others
# (health insurance funds, Opgroeien, AVIQ, Iriscare, Ostbelgien) are named by a word, and the FPS Social
# Security is written "FPS Social Security" / "SPF Sécurité sociale" / "FOD Sociale Zekerheid" / "FÖD
# Soziale Sicherheit", which is checked through the ministry prefixes below.
ABBREVIATED = ("onss", "inasti", "onem", "inami", "sfp", "caami", "fedris", "onva", "overseas-social-security")

# The prefix of the federal ministries' names in each language ("FPS Finance", "SPF Finances", "FOD
# Financiën", "FÖD Finanzen"): another language's prefix never appears.
MINISTRY = {"en": "FPS", "fr": "SPF", "nl": "FOD", "de": "FÖD"}

# English "FPS" is always one of these ministries, never alone (the Federal Pensions Service is "SFPD").
FPS_NAMES = ("Social Security", "Finance", "Public Health", "Employment", "Foreign Affairs")

# Explicit exceptions: (file, fiche slug, language, word) with the reason. Keep this list tiny.
EXCEPTIONS = {}


def _institutions():
    data = json.loads((FIXTURES / "institutions.json").read_text(encoding="utf-8"))
    return {row["fields"]["slug"]: row["fields"] for row in data}


INSTITUTIONS = _institutions()


def acronym(slug, lang):
    return INSTITUTIONS[slug][f"acronym_{lang}"]


def name(slug, lang):
    return INSTITUTIONS[slug][f"name_{lang}"]


def own_acronyms(lang):
    return {acronym(slug, lang) for slug in ABBREVIATED}


def foreign_acronyms(lang):
    """The other languages' acronyms that differ from this language's for the same institution."""
    words = {acronym(slug, other) for slug in ABBREVIATED for other in LANGS if other != lang}
    words |= {prefix for other, prefix in MINISTRY.items() if other != lang}
    return words - own_acronyms(lang) - {MINISTRY[lang]}


def foreign_names(lang):
    """The other languages' full names of every institution, where they differ from this language's."""
    own = {name(slug, lang).lower() for slug in INSTITUTIONS}
    return {
        name(slug, other)
        for slug in INSTITUTIONS
        for other in LANGS
        if other != lang and name(slug, other).lower() not in own
    }


def word(text):
    """A word-boundary pattern that does not split hyphenated acronyms (CAAMI-HZIV is not CAAMI)."""
    return re.compile(r"(?<![\w-])" + re.escape(text) + r"(?![\w-])")


def published_revisions(filename):
    rows = json.loads((FIXTURES / filename).read_text(encoding="utf-8"))
    revisions = [row["fields"] for row in rows if row["model"] == "factsheets.revision"]
    references = {}
    for row in rows:
        if row["model"] == "factsheets.reference":
            slug, number = row["fields"]["revision"]
            references.setdefault((slug, number), []).append(row["fields"])
    for revision in revisions:
        if revision["state"] == "published":
            yield revision, references.get((revision["fiche"][0], revision["number"]), [])


def texts(revision, references, lang):
    """(where, text) for everything a reader of that language sees of a revision."""
    for field in ("title", "summary", "body", "outcome"):
        yield field, revision.get(f"{field}_{lang}") or ""
    for reference in references:
        yield f"reference {reference['order']}", reference.get(f"label_{lang}") or ""


def excepted(filename, revision, lang, text):
    return (filename, revision["fiche"][0], lang, text) in EXCEPTIONS


@pytest.mark.parametrize("filename", FILES)
def test_no_acronym_of_another_language(filename):
    problems = []
    for lang in LANGS:
        patterns = {text: word(text) for text in foreign_acronyms(lang)}
        for revision, references in published_revisions(filename):
            for where, text in texts(revision, references, lang):
                for foreign, pattern in patterns.items():
                    if pattern.search(text) and not excepted(filename, revision, lang, foreign):
                        problems.append(f"{revision['fiche'][0]} [{lang}] {where}: {foreign}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("filename", FILES)
def test_no_name_of_another_language(filename):
    problems = []
    for lang in LANGS:
        names = foreign_names(lang)
        for revision, references in published_revisions(filename):
            for where, text in texts(revision, references, lang):
                for foreign in names:
                    if foreign.lower() in text.lower() and not excepted(filename, revision, lang, foreign):
                        problems.append(f"{revision['fiche'][0]} [{lang}] {where}: {foreign}")
    assert not problems, "\n".join(problems)


def test_the_ambiguous_acronyms_are_gone_from_the_reference_data():
    assert acronym("sfp", "en") == "SFPD"
    for lang in LANGS:
        values = [acronym(slug, lang) for slug in INSTITUTIONS]
        assert len(values) == len(set(values)), f"two institutions share an acronym in {lang}"


@pytest.mark.parametrize("filename", FILES)
def test_fps_in_english_is_always_a_named_ministry(filename):
    bare = re.compile(r"(?<![\w-])FPS(?![\w-])(?! (?:%s)\b)" % "|".join(FPS_NAMES))
    problems = []
    for revision, references in published_revisions(filename):
        for where, text in texts(revision, references, "en"):
            for match in bare.finditer(text):
                problems.append(f"{revision['fiche'][0]} {where}: …{text[max(0, match.start() - 30):match.end() + 30]}…")
    assert not problems, "\n".join(problems)


def _stem(token):
    """A word without Markdown emphasis, punctuation or a French elided article ("l'**Office" → "office")."""
    token = token.strip("*,.;:()")
    token = re.sub(r"^[ldLD]['’]", "", token).strip("*").lower()
    # Both German spellings name the LISVS; the fiches write "Selbstständige" (docs/glossary/README.md).
    return token.replace("selbständ", "selbstständ")


def spelled_out_before(text, position, full_name):
    """Whether the words just before "(ACR)" at `position` are the full name. Inflected forms count
    ("des Landesamts", "den Föderalen Pensionsdienst"): each word matches on its stem."""
    if text[position - 1:position] != "(":
        return False
    words = text[:position - 1].split()
    wanted = full_name.split()
    if len(words) < len(wanted):
        return False
    for seen, expected in zip(words[-len(wanted):], wanted):
        seen, expected = _stem(seen), _stem(expected)
        if not seen.startswith(expected[: max(3, len(expected) - 2)]):
            return False
    return True


def first_use(text, acronym_text):
    """Position of the first use of the acronym outside headings, or None."""
    pattern = word(acronym_text)
    offset = 0
    for line in text.splitlines(keepends=True):
        if not line.lstrip().startswith("#"):
            match = pattern.search(line)
            if match:
                return offset + match.start()
        offset += len(line)
    return None


@pytest.mark.parametrize("filename", FILES)
def test_each_acronym_is_spelled_out_at_its_first_use_in_the_body(filename):
    """Per direction, as a result page shows the body: a reader of either direction meets the full name
    first. Headings may use the acronym: the sentence under them spells it out."""
    problems = []
    for lang in LANGS:
        for revision, _references in published_revisions(filename):
            body = revision.get(f"body_{lang}") or ""
            for direction in ("leaving", "coming"):
                text = for_direction(body, direction)
                for slug in ABBREVIATED:
                    short = acronym(slug, lang)
                    position = first_use(text, short)
                    if position is None or excepted(filename, revision, lang, short):
                        continue
                    if not spelled_out_before(text, position, name(slug, lang)):
                        snippet = text[max(0, position - 50):position + 20].replace("\n", " ")
                        problems.append(f"{revision['fiche'][0]} [{lang}, {direction}] {short}: …{snippet}…")
    assert not sorted(set(problems)), "\n".join(sorted(set(problems)))


def test_the_checks_catch_what_they_are_for():
    """The helpers themselves: a French acronym in English, a bare FPS, an unexplained acronym."""
    assert "ONSS" in foreign_acronyms("en") and "INASTI" in foreign_acronyms("en") and "RIZIV" in foreign_acronyms("en")
    assert "NSSO" in foreign_acronyms("fr") and "RSZ" in foreign_acronyms("fr")
    assert "CAAMI" in foreign_acronyms("en") and not word("CAAMI").search("the CAAMI-HZIV office")
    assert "Office national de sécurité sociale" in foreign_names("en")
    text = "Ask the National Employment Office (NEO). NEO then decides."
    assert spelled_out_before(text, first_use(text, "NEO"), name("onem", "en"))
    assert not spelled_out_before("Ask NEO first.", first_use("Ask NEO first.", "NEO"), name("onem", "en"))
    german = "beim Landesamt für soziale Sicherheit (LSS) und des Föderalen Pensionsdienstes (FPD)"
    older = "das Landesinstitut der Sozialversicherungen für Selbständige (LISVS)"
    assert spelled_out_before(older, first_use(older, "LISVS"), name("inasti", "de"))
    assert spelled_out_before(german, first_use(german, "LSS"), name("onss", "de"))
    assert spelled_out_before(german, first_use(german, "FPD"), name("sfp", "de"))
