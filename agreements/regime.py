"""Which instrument coordinates Belgian social security with a country, for a person, a branch and a date.

Plain Python over plain data: `AgreementData.load()` reads the tables once (four queries);
`AgreementData.regime()` answers from memory. The rules, in order:

1. An instrument can apply only if it covers the country on the date (a `Coverage` row), is of a
   regime kind (EU, UK or bilateral) and covers the branch.
2. It must cover the person: everyone; or nationals of the states it binds on that date (Belgium
   always, plus every country it covers then); or stateless persons and refugees; or legally resident
   third-country nationals (Reg. 1231/2010, Reg. 859/2003, the EU–UK protocol); or nationals of the
   states another instrument binds (Israel: EU nationals); and for the rules on applicable legislation,
   everyone where the posting articles say so (USA, Canada, Switzerland 1975).
3. The EU rules come before the EU–UK agreements, which come before a bilateral convention: a
   convention still applies where the EU rules do not reach the person or the branch
   (Reg. 883/2004, Art. 8). A convention for the whole country comes before one for part of it
   (Canada before Québec), and a newer instrument before an older one of the same kind
   (Reg. 883/2004 before Reg. 1408/71).
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import get_language

from .models import Branch, Coverage, Instrument

STATELESS = "stateless"
REFUGEE = "refugee"
APPLICABLE_LEGISLATION = "applicable-legislation"
BELGIUM = "be"
# ISO 3166-1 territories with no permanent population: nobody moves there to work or live, so the
# wizard does not offer them (every state, and Kosovo, stays).
UNINHABITED = frozenset({"aq", "bv", "gs", "hm", "io", "tf", "um"})

EU, UK, BILATERAL, NONE = "eu", "uk", "bilateral", "none"
KIND_ORDER = {EU: 0, UK: 1, BILATERAL: 2}


@dataclass(frozen=True, eq=False)  # one object per instrument: identity is equality
class InstrumentInfo:
    slug: str
    kind: str
    names: dict  # language → name
    short_names: dict
    in_force_from: datetime.date | None
    in_force_until: datetime.date | None
    branches: frozenset
    max_posting_months: int | None
    dates_verified: bool
    signed_on: datetime.date | None = None
    max_posting_extension_months: int | None = None
    summaries: dict = field(default_factory=dict)
    posting_notes: dict = field(default_factory=dict)
    legal_text_urls: dict = field(default_factory=dict)

    def name(self, language=None):
        return pick_text(self.names, language)

    def short_name(self, language=None):
        return pick_text(self.short_names, language)

    def summary(self, language=None):
        return pick_text(self.summaries, language)

    def posting_note(self, language=None):
        return pick_text(self.posting_notes, language)

    def legal_text_url(self, language=None):
        return pick_text(self.legal_text_urls, language)


def pick_text(texts, language):
    language = language or get_language() or "en"
    return texts.get(language) or texts.get("en") or next((t for t in texts.values() if t), "")


@dataclass(frozen=True)
class CoverageInfo:
    instrument: InstrumentInfo
    country: str
    valid_from: datetime.date
    valid_until: datetime.date | None
    everyone: bool
    stateless_and_refugees: bool
    third_country_nationals: bool
    nationals_of: str | None
    part_of_territory: bool
    posting_for_everyone: bool

    def applies_on(self, on: datetime.date) -> bool:
        return self.valid_from <= on and (self.valid_until is None or on <= self.valid_until)


# Why a regime applies: the portal words each code, once per language.
EU_NATIONAL = "eu-national"  # the EU regulations, for a national of a state they bind
EU_STATELESS = "eu-stateless"  # the EU regulations, for a stateless person or a refugee
EU_RESIDENT = "eu-resident"  # the EU regulations, for a legally resident national of another country
UK_AGREEMENTS = "uk"  # the EU–UK agreements (the Withdrawal Agreement or the 2021 protocol)
BILATERAL_COVERS = "bilateral"  # a convention of Belgium's that covers the subject and the person
NONE_NO_AGREEMENT = "none-no-agreement"  # no instrument at all with this country
NONE_UK_BRANCH = "none-uk-branch"  # the EU–UK agreements do not cover this subject
NONE_BRANCH = "none-branch"  # Belgium's convention with the country does not cover this subject
NONE_PERSON = "none-person"  # an instrument covers the subject, but not people of this nationality
NONE_PART = "none-part"  # only an agreement for part of the country covers the subject (Québec)


@dataclass(frozen=True)
class Regime:
    kind: str
    instrument: InstrumentInfo | None = None
    since: datetime.date | None = None  # when the instrument began to apply to this country
    also: tuple = ()  # instruments for part of the country that apply there (Québec within Canada)
    basis: str = NONE_NO_AGREEMENT  # why: one of the codes above

    @property
    def instrument_slug(self):
        return self.instrument.slug if self.instrument else None

    @property
    def instrument_slugs(self) -> set:
        """The instrument and the part-of-territory ones: what a fiche for "this instrument" matches."""
        return {i.slug for i in (self.instrument, *self.also) if i is not None}


NO_AGREEMENT = Regime(kind=NONE)


@dataclass
class AgreementData:
    instruments: dict = field(default_factory=dict)  # slug → InstrumentInfo
    coverages: dict = field(default_factory=dict)  # country → [CoverageInfo]
    by_instrument: dict = field(default_factory=dict)  # slug → [CoverageInfo]
    branches: dict = field(default_factory=dict)  # slug → names, in branch order
    kinds_on: dict = field(default_factory=dict, repr=False)  # (kind, date) → frozenset, computed once

    @classmethod
    def load(cls):
        data = cls()
        languages = [code for code, _name in settings.LANGUAGES]
        for branch in Branch.objects.all():
            data.branches[branch.slug] = {lang: getattr(branch, f"name_{lang}") for lang in languages}
        for instrument in Instrument.objects.prefetch_related("branches"):
            data.instruments[instrument.slug] = InstrumentInfo(
                slug=instrument.slug,
                kind=instrument.kind,
                names={lang: getattr(instrument, f"name_{lang}") for lang in languages},
                short_names={lang: getattr(instrument, f"short_name_{lang}") for lang in languages},
                in_force_from=instrument.in_force_from,
                in_force_until=instrument.in_force_until,
                branches=frozenset(branch.slug for branch in instrument.branches.all()),
                max_posting_months=instrument.max_posting_months,
                dates_verified=instrument.dates_verified,
                signed_on=instrument.signed_on,
                max_posting_extension_months=instrument.max_posting_extension_months,
                summaries={lang: getattr(instrument, f"summary_{lang}") for lang in languages},
                posting_notes={lang: getattr(instrument, f"posting_notes_{lang}") for lang in languages},
                legal_text_urls={lang: getattr(instrument, f"legal_text_url_{lang}") for lang in languages},
            )
        rows = Coverage.objects.select_related("instrument", "nationals_of").only(
            "instrument__slug", "nationals_of__slug", *[f.name for f in Coverage._meta.concrete_fields]
        )
        for row in rows:
            info = CoverageInfo(
                instrument=data.instruments[row.instrument.slug],
                country=row.country_id,
                valid_from=row.valid_from,
                valid_until=row.valid_until,
                everyone=row.persons == Coverage.Persons.EVERYONE,
                stateless_and_refugees=row.stateless_and_refugees,
                third_country_nationals=row.third_country_nationals,
                nationals_of=row.nationals_of.slug if row.nationals_of_id else None,
                part_of_territory=row.part_of_territory,
                posting_for_everyone=row.posting_for_everyone,
            )
            data.coverages.setdefault(info.country, []).append(info)
            data.by_instrument.setdefault(info.instrument.slug, []).append(info)
        return data

    def states_bound(self, instrument_slug: str, on: datetime.date) -> set:
        """Belgium and every country the instrument covers on the date."""
        return {BELGIUM} | {c.country for c in self.by_instrument.get(instrument_slug, ()) if c.applies_on(on)}

    def countries_of_kind(self, kind: str, on: datetime.date) -> frozenset:
        """The countries an instrument of that kind covers on the date (kept: the data never changes)."""
        found = self.kinds_on.get((kind, on))
        if found is None:
            found = self.kinds_on[(kind, on)] = frozenset(
                country
                for country, rows in self.coverages.items()
                if any(row.instrument.kind == kind and row.applies_on(on) for row in rows)
            )
        return found

    def covers_person(self, coverage: CoverageInfo, nationality: str, on: datetime.date, branch: str) -> bool:
        if coverage.everyone:
            return True
        if nationality in (STATELESS, REFUGEE):
            return coverage.stateless_and_refugees
        if coverage.third_country_nationals:
            return True
        if coverage.posting_for_everyone and branch == APPLICABLE_LEGISLATION:
            return True
        if nationality in self.states_bound(coverage.instrument.slug, on):
            return True
        return bool(coverage.nationals_of) and nationality in self.states_bound(coverage.nationals_of, on)

    def regime(self, *, country: str, nationality: str, on: datetime.date, branch: str) -> Regime:
        candidates = [
            coverage
            for coverage in self.coverages.get(country, ())
            if coverage.instrument.kind in KIND_ORDER
            and branch in coverage.instrument.branches
            and coverage.applies_on(on)
            and self.covers_person(coverage, nationality, on, branch)
        ]
        if not candidates:
            return Regime(kind=NONE, basis=self._why_none(country=country, nationality=nationality, on=on, branch=branch))
        candidates.sort(
            key=lambda c: (
                KIND_ORDER[c.instrument.kind],
                c.part_of_territory,
                -(c.instrument.in_force_from or datetime.date.min).toordinal(),
            )
        )
        chosen = candidates[0]
        if chosen.part_of_territory:
            # Only an agreement for part of the country covers the subject (Québec's entente for health
            # care): elsewhere in the country Belgian rules apply alone.
            parts = tuple(dict.fromkeys(c.instrument for c in candidates if c.part_of_territory))
            return Regime(kind=NONE, also=parts, basis=NONE_PART)
        since = min(
            c.valid_from for c in self.by_instrument[chosen.instrument.slug] if c.country == country and c.valid_from <= on
        )
        also = tuple(
            dict.fromkeys(
                c.instrument for c in candidates[1:] if c.instrument.kind == chosen.instrument.kind and c.part_of_territory
            )
        )
        return Regime(
            kind=chosen.instrument.kind,
            instrument=chosen.instrument,
            since=since,
            also=also,
            basis=self._why(chosen, nationality, on),
        )

    def _why(self, chosen: CoverageInfo, nationality: str, on: datetime.date) -> str:
        kind = chosen.instrument.kind
        if kind == EU:
            if nationality in (STATELESS, REFUGEE):
                return EU_STATELESS
            return EU_NATIONAL if nationality in self.states_bound(chosen.instrument.slug, on) else EU_RESIDENT
        return UK_AGREEMENTS if kind == UK else BILATERAL_COVERS

    def _why_none(self, *, country: str, nationality: str, on: datetime.date, branch: str) -> str:
        rows = [row for row in self.coverages.get(country, ()) if row.instrument.kind in KIND_ORDER and row.applies_on(on)]
        if not rows:
            return NONE_NO_AGREEMENT
        if any(branch in row.instrument.branches for row in rows):
            return NONE_PERSON
        if all(row.instrument.kind == UK for row in rows):
            return NONE_UK_BRANCH
        return NONE_BRANCH

