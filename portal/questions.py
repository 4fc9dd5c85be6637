"""Each question of the wizard in one place: when it is asked, its options, how its answer is shown,
its texts and its widget. Which answers are valid is decided once, in `situations.resolver`
(`check_answers`), for the wizard and for `Situation.build` alike."""

from dataclasses import dataclass

from django.utils.translation import gettext, gettext_lazy as _, pgettext_lazy

from agreements.regime import BELGIUM, REFUGEE, STATELESS
from situations.data import SituationData

from .text import sort_key


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    hint: str = ""


@dataclass(frozen=True)
class Question:
    id: str
    widget: str  # "select", "radios" or "checkboxes"
    texts: dict  # direction ("" for both) → (question, label in "Your answers", error, hint)
    change_label: str  # what the hidden part of the Change link names

    def shape_key(self):
        """One object per question: its id says what a page shape needs (portal/shapes.py)."""
        return self.id

    @property
    def multiple(self) -> bool:
        return self.widget == "checkboxes"

    def _text(self, direction, index):
        found = self.texts.get(direction) or self.texts[""]
        return str(found[index])

    def title(self, direction):
        return self._text(direction, 0)

    def label(self, direction):
        return self._text(direction, 1)

    def error(self, direction):
        return self._text(direction, 2)

    def hint(self, direction):
        return self._text(direction, 3)

    def asked(self, data: SituationData, values: dict) -> bool:
        """The region is asked only when a chosen topic needs it."""
        if self.id == "region":
            return any(data.topics[t].asks_region for t in values.get("topic", ()) if t in data.topics)
        return True

    def options(self, data: SituationData, direction: str, language: str) -> list:
        if self.id in ("nationality", "country"):
            names = {code: names.get(language) or names.get("en") for code, names in data.countries.items()}
            excluded = data.uninhabited | ({BELGIUM} if self.id == "country" else set())
            countries = sorted(
                (Option(code, name) for code, name in names.items() if code not in excluded),
                key=lambda option: sort_key(option.label),
            )
            if self.id == "nationality" and direction == "leaving":
                # Belgians are most of the people leaving: Belgium comes first.
                return [Option(BELGIUM, names[BELGIUM]), *(o for o in countries if o.value != BELGIUM)]
            return countries
        if self.id == "status":
            return [Option(slug, data.statuses[slug].name(language), data.statuses[slug].description(language))
                    for slug in data.directions[direction].statuses]  # fmt: skip
        if self.id == "topic":
            return [Option(slug, t.name(language), t.description(language)) for slug, t in data.topics.items()]
        return [Option(slug, r.name(language), r.description(language)) for slug, r in data.regions.items()]

    def special_options(self) -> list:
        if self.id == "nationality":
            return [Option(STATELESS, gettext("Stateless")), Option(REFUGEE, gettext("Refugee"))]
        return []

    def shown(self, data: SituationData, value, language: str) -> str:
        """The answer as "Your answers" shows it."""
        if self.id in ("nationality", "country"):
            return answer_name(data, value, language)
        if self.id == "status":
            return data.statuses[value].name(language)
        if self.id == "topic":
            return ", ".join(data.topics[t].name(language) for t in value)
        return data.regions[value].name(language)


def answer_name(data: SituationData, value: str, language: str) -> str:
    if value == STATELESS:
        return gettext("Stateless")
    if value == REFUGEE:
        return gettext("Refugee")
    names = data.countries[value]
    return names.get(language) or names.get("en")


QUESTIONS = (
    Question(
        "nationality",
        "select",
        {
            "": (
                _("What is your nationality?"),
                _("Nationality"),
                _("Select your nationality, or stateless or refugee"),
                _("If you have more than one nationality, choose the one you want to check."),
            )
        },
        pgettext_lazy("change link", "nationality"),
    ),
    Question(
        "country",
        "select",
        {
            "leaving": (
                _("Which country are you going to?"),
                _("Country you are going to"),
                _("Select the country you are going to"),
                _("Type the first letters of the country's name, or choose it from the list."),
            ),
            "coming": (
                _("Which country are you coming from?"),
                _("Country you are coming from"),
                _("Select the country you are coming from"),
                _("Type the first letters of the country's name, or choose it from the list."),
            ),
        },
        pgettext_lazy("change link", "country"),
    ),
    Question(
        "status",
        "radios",
        {
            "": (
                _("What is your situation?"),
                _("Your situation"),
                _("Select the situation that describes you best"),
                _("Choose the one that describes you best."),
            )
        },
        pgettext_lazy("change link", "situation"),
    ),
    Question(
        "topic",
        "checkboxes",
        {
            "": (
                _("What do you want to know about?"),
                _("Subjects"),
                _("Select at least one subject"),
                _("Select all that apply."),
            )
        },
        pgettext_lazy("change link", "subjects"),
    ),
    Question(
        "region",
        "radios",
        {
            "": (
                _("Where does the child live?"),
                _("Where the child lives"),
                _("Select where the child lives"),
                _("A different body pays family benefits in each region. If you have several children living in different places, answer for one of them, then change the answer for the others."),
            )
        },
        pgettext_lazy("change link", "where the child lives"),
    ),
)
BY_ID = {question.id: question for question in QUESTIONS}
