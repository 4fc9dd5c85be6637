"""factory-boy factories for every model. Translated fields get a value in each language."""

import datetime

import factory
from django.contrib.auth import get_user_model

from agreements.models import Branch, Country, Coverage, Instrument
from factsheets.models import Amount, AmountValue, Fiche, Institution, Reference, Revision
from situations.models import (
    Criterion,
    Direction,
    NationalityGroup,
    Status,
    Topic,
    TopicInstitution,
)

LANGUAGES = ("fr", "nl", "de", "en")
PUBLISHED_AT = datetime.datetime(2026, 11, 1, 8, 0, tzinfo=datetime.UTC)
PRIVATE_CODES = [f"q{c}" for c in "mnopqrstuvwxyz"] + [f"x{c}" for c in "abcdefghijlmnopqrstuvwxyz"]


def translated(field, text):
    """Declarations for field_fr … field_en, each marked with its language.

    Used as ``locals().update(translated(...))`` in a factory's class body, whose namespace is a dict.
    """
    return {f"{field}_{lang}": factory.LazyAttributeSequence(lambda o, n, lang=lang: f"{text} {n} [{lang}]") for lang in LANGUAGES}


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ["code"]

    # Codes from the user-assigned ranges (QM–QZ, XA–XZ but XK, Kosovo) never collide with real ones.
    code = factory.Iterator(PRIVATE_CODES)
    locals().update(translated("name", "Country"))


class BranchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Branch
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"branch-{n}")
    order = factory.Sequence(int)
    locals().update(translated("name", "Branch"))


class InstrumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instrument
        skip_postgeneration_save = True
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"instrument-{n}")
    kind = Instrument.Kind.BILATERAL
    signed_on = datetime.date(2005, 3, 1)
    in_force_from = datetime.date(2007, 1, 1)
    in_force_until = None
    max_posting_months = 24
    locals().update(translated("name", "Convention"))
    locals().update(translated("short_name", "Conv."))

    @factory.post_generation
    def branches(self, create, extracted, **kwargs):
        if create and extracted:
            self.branches.set(extracted)


class CoverageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coverage

    instrument = factory.SubFactory(InstrumentFactory)
    country = factory.SubFactory(CountryFactory)
    valid_from = factory.LazyAttribute(lambda o: o.instrument.in_force_from)
    valid_until = None


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"institution-{n}")
    website = "https://www.example.org/"
    phone = "+32 2 000 00 00"
    locals().update(translated("acronym", "INST"))
    locals().update(translated("name", "Institution"))
    locals().update(translated("description", "Handles things"))
    locals().update({f"website_{lang}": f"https://www.example.org/{lang}/" for lang in LANGUAGES})


class FicheFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fiche

    slug = factory.Sequence(lambda n: f"fiche-{n}")
    institution = factory.SubFactory(InstitutionFactory)


class RevisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Revision

    fiche = factory.SubFactory(FicheFactory)
    number = factory.Sequence(lambda n: n + 1)
    state = Revision.State.DRAFT
    last_reviewed = datetime.date(2026, 11, 1)
    author = factory.SubFactory(UserFactory)
    locals().update(translated("title", "Title"))
    locals().update(translated("summary", "Summary"))
    locals().update(translated("body", "Body"))
    locals().update(translated("outcome", "Outcome"))

    class Params:
        # A fixed moment in the past, so that what a test sees does not depend on the day it runs.
        published = factory.Trait(state=Revision.State.PUBLISHED, publish_from=PUBLISHED_AT)


class ReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reference

    revision = factory.SubFactory(RevisionFactory)
    kind = Reference.Kind.LEGAL
    url = "https://eur-lex.europa.eu/"
    locals().update(translated("label", "Regulation (EC) 883/2004, Article 12"))


class AmountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Amount

    slug = factory.Sequence(lambda n: f"amount-{n}")
    unit = Amount.Unit.EUR_MONTH
    institution = factory.SubFactory(InstitutionFactory)
    locals().update(translated("label", "Amount"))


class AmountValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AmountValue

    amount = factory.SubFactory(AmountFactory)
    value = "1773.35"
    applies_from = datetime.date(2024, 5, 1)
    state = AmountValue.State.PUBLISHED  # as the public pages quote it; drafts are asked for explicitly


class StatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Status
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"status-{n}")
    locals().update(translated("name", "Status"))
    locals().update(translated("definition", "Definition"))


class DirectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Direction
        skip_postgeneration_save = True
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"direction-{n}")
    locals().update(translated("name", "Direction"))
    locals().update(translated("title", "Door"))
    locals().update(translated("audience", "Audience"))

    @factory.post_generation
    def statuses(self, create, extracted, **kwargs):
        if create and extracted:
            self.statuses.set(extracted)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        skip_postgeneration_save = True
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"topic-{n}")
    locals().update(translated("name", "Topic"))
    locals().update(translated("description", "Description"))

    @factory.post_generation
    def branches(self, create, extracted, **kwargs):
        if create:
            self.branches.set(extracted if extracted is not None else [BranchFactory()])


class TopicInstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TopicInstitution

    topic = factory.SubFactory(TopicFactory)
    institution = factory.SubFactory(InstitutionFactory)
    is_contact = True


class NationalityGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NationalityGroup
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"group-{n}")
    rule = NationalityGroup.Rule.OTHERS
    locals().update(translated("name", "Group"))
    locals().update(translated("description", "Description"))


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    fiche = factory.SubFactory(FicheFactory)
    topic = factory.SubFactory(TopicFactory)
