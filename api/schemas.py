"""The shapes of the API's answers: the OpenAPI document is generated from these.

The resolve answer is DESIGN §8's contract: keys may be added, none renamed or removed, so its
schemas accept more keys than they name."""

import datetime

from pydantic import BaseModel, ConfigDict, Field


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


# --- resolve (DESIGN §8) -------------------------------------------------------------------------


class ResolvedSituation(Open):
    direction: str
    nationality: str
    country: str
    status: str
    date: datetime.date
    lang: str
    nationality_group: str
    region: str | None


class Outcome(Open):
    fiche: str
    text: str


class ResolvedRegime(Open):
    kind: str = Field(description="eu, uk, bilateral or none")
    instrument: str | None
    name: str | None
    in_force_since: datetime.date | None
    also: list[str]


class ResolvedFiche(Open):
    id: int
    slug: str
    institution: str
    title: str
    summary: str
    text: str
    last_reviewed: datetime.date
    url: str


class Contact(Open):
    institution: str
    acronym: str
    name: str
    url: str
    phone: str
    email: str


class ResolvedTopic(Open):
    topic: str
    name: str
    outcome: Outcome | None
    regime: ResolvedRegime
    fiches: list[ResolvedFiche]
    contact: Contact | None
    contacts: list[Contact]


class Resolution(Open):
    situation: ResolvedSituation
    url: str
    topics: list[ResolvedTopic]


# --- problems (RFC 9457) -------------------------------------------------------------------------


class InvalidParam(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    reason: str
    value: str
    accepted: list[str] | None = None


class Problem(BaseModel):
    """The document names the list `invalid-params` (RFC 9457's example name): see
    api.views.openapi_document."""

    model_config = ConfigDict(populate_by_name=True, extra="forbid")

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    invalid_params: list[InvalidParam] | None = Field(None, alias="invalid-params")


# --- reference data --------------------------------------------------------------------------------


class BranchOut(BaseModel):
    branch: str
    name: str


class CountrySummary(BaseModel):
    code: str
    name: str
    url: str = Field(description="the country's page on the portal")
    api: str


class CountryInstrument(BaseModel):
    instrument: str
    kind: str
    name: str
    short_name: str
    since: datetime.date = Field(description="first day any coverage of the instrument applies to the country")
    valid_from: datetime.date
    valid_until: datetime.date | None
    applies: bool = Field(description="whether this coverage applies on the requested date")
    part_of_territory: bool
    persons: list[str] = Field(
        description="who is covered: everyone, nationals, eu-nationals, stateless, residents, posting-everyone"
    )
    branches: list[BranchOut]


class CountryDetail(BaseModel):
    code: str
    name: str
    url: str
    date: datetime.date
    instruments: list[CountryInstrument] = Field(description="the coverage that applies on the date")
    history: list[CountryInstrument] = Field(description="every coverage, past, present and scheduled")


class InstrumentSummary(BaseModel):
    slug: str
    kind: str
    name: str
    short_name: str
    signed_on: datetime.date | None
    in_force_from: datetime.date | None
    in_force_until: datetime.date | None
    dates_verified: bool
    branches: list[str]
    api: str


class InstrumentCountry(BaseModel):
    country: str
    name: str
    valid_from: datetime.date
    valid_until: datetime.date | None
    part_of_territory: bool
    persons: list[str]


class InstrumentDetail(InstrumentSummary):
    summary: str
    max_posting_months: int | None
    max_posting_extension_months: int | None
    posting_notes: str
    legal_text_url: str
    branch_names: list[BranchOut]
    countries: list[InstrumentCountry]


class InstitutionSummary(BaseModel):
    slug: str
    acronym: str
    name: str
    website: str
    url: str = Field(description="the institution's page on the portal")
    api: str


class FicheLink(BaseModel):
    slug: str
    title: str
    url: str
    api: str


class InstitutionDetail(InstitutionSummary):
    description: str
    address: str
    contact_url: str
    email: str
    phone: str
    topics: list[str]
    fiches: list[FicheLink]


class FicheSummary(BaseModel):
    id: int
    slug: str
    institution: str
    title: str
    revision: int = Field(description="number of the live revision")
    published: datetime.datetime = Field(description="when the live revision was published")
    url: str
    api: str


class ReferenceOut(BaseModel):
    kind: str = Field(description="legal (the legal basis) or link")
    label: str
    url: str


class FicheDetail(FicheSummary):
    lang: str
    languages: list[str] = Field(description="the languages the live revision is written in")
    direction: str | None
    summary: str
    text: str = Field(description="plain text of the body")
    html: str = Field(description="the body as sanitised HTML, as the fiche page shows it")
    last_reviewed: datetime.date
    references: list[ReferenceOut]
    outcome: str = Field(description="the answer in plain words, or an empty text")


class StatusOut(BaseModel):
    slug: str
    name: str
    definition: str
    directions: list[str]


class TopicOut(BaseModel):
    slug: str
    name: str
    description: str
    branches: list[str]
    contact: str | None
    institutions: list[str]
    asks_region: bool


class OptionOut(BaseModel):
    value: str
    label: str
    hint: str


class QuestionTexts(BaseModel):
    direction: str
    title: str
    label: str
    hint: str
    error: str
    options: list[OptionOut]


class QuestionOut(BaseModel):
    id: str = Field(description="the query parameter of the wizard and of /api/v1/resolve")
    widget: str
    multiple: bool
    asked: str = Field(description="always, or when-a-topic-asks (the region)")
    directions: list[QuestionTexts]


class DirectionOut(BaseModel):
    slug: str
    name: str
    title: str
    statuses: list[str]


class Questions(BaseModel):
    directions: list[DirectionOut]
    questions: list[QuestionOut]
