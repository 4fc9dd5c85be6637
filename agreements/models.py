"""Countries, the branches of social security, and the instruments that coordinate them with Belgium.

Facts are data with dates: an instrument applies to a country from a date until a date, to some
persons and for some branches. Nothing here knows about situations or fiches.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SlugQuerySet(models.QuerySet):
    """Reference data is loaded from fixtures by stable identifier, never by database id."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class CountryQuerySet(models.QuerySet):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Country(models.Model):
    code = models.CharField(
        _("code"),
        max_length=2,
        primary_key=True,
        help_text=_("ISO 3166-1 alpha-2 code in lower case, as used in addresses of pages (be, es, us)."),
    )
    name = models.CharField(_("name"), max_length=100)

    objects = CountryQuerySet.as_manager()

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[a-z]{2}$"),
                name="country_code_is_two_lower_case_letters",
            )
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)


class Branch(models.Model):
    """A branch of social security as coordination law names it (Reg. 883/2004, Art. 3)."""

    slug = models.SlugField(_("identifier"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = SlugQuerySet.as_manager()

    class Meta:
        verbose_name = _("branch of social security")
        verbose_name_plural = _("branches of social security")
        ordering = ["order", "slug"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class InstrumentQuerySet(SlugQuerySet):
    def in_force(self, *, on: datetime.date):
        return self.filter(in_force_from__lte=on).filter(Q(in_force_until__isnull=True) | Q(in_force_until__gte=on))


class Instrument(models.Model):
    class Kind(models.TextChoices):
        EU = "eu", _("EU regulations")
        UK = "uk", _("EU–UK agreements")
        BILATERAL = "bilateral", _("Bilateral convention")
        MULTILATERAL = "multilateral", _("Other multilateral convention")

    slug = models.SlugField(
        _("identifier"),
        max_length=80,
        unique=True,
        help_text=_("Stable identifier used in addresses and on the command line. Never change it once published."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=80)
    summary = models.TextField(_("summary"), blank=True, help_text=_("What the instrument does, in one or two sentences."))
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    in_force_from = models.DateField(
        _("in force from"),
        null=True,
        blank=True,
        help_text=_("Leave empty while the instrument is signed but not yet in force."),
    )
    in_force_until = models.DateField(
        _("in force until"), null=True, blank=True, help_text=_("Last day it applies. Empty while it is in force.")
    )
    dates_verified = models.BooleanField(
        _("dates verified"),
        default=True,
        help_text=_("Untick while a date is an estimate that still has to be checked against the official publication."),
    )
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    branches = models.ManyToManyField(
        Branch,
        verbose_name=_("branches covered"),
        related_name="instruments",
        help_text=_("The branches of Belgian social security the instrument coordinates."),
    )
    max_posting_months = models.PositiveSmallIntegerField(
        _("maximum posting (months)"),
        null=True,
        blank=True,
        help_text=_("Longest first posting period for employees. Empty when the text sets no limit or it is not known."),
    )
    max_posting_extension_months = models.PositiveSmallIntegerField(
        _("possible extension (months)"),
        null=True,
        blank=True,
        help_text=_("Longest extension the competent authorities may agree on, beyond the first period."),
    )
    posting_notes = models.TextField(_("posting notes"), blank=True)
    posting_source = models.URLField(
        _("source of the posting rules"),
        max_length=500,
        blank=True,
        help_text=_("Where the posting limit, or the absence of posting rules, was checked."),
    )
    legal_text_url = models.URLField(_("legal text"), max_length=500, blank=True)
    notes = models.TextField(_("notes for architects"), blank=True, help_text=_("Internal; not shown to the public."))

    objects = InstrumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["kind", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(in_force_until__isnull=True)
                | (Q(in_force_from__isnull=False) & Q(in_force_until__gte=models.F("in_force_from"))),
                name="instrument_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(signed_on__isnull=True)
                | Q(in_force_from__isnull=True)
                | Q(in_force_from__gte=models.F("signed_on")),
                name="instrument_in_force_after_signature",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["eu", "uk", "bilateral", "multilateral"]),
                name="instrument_kind_is_known",
            ),
        ]

    def __str__(self):
        return self.short_name or self.name

    def natural_key(self):
        return (self.slug,)

    def is_in_force(self, on: datetime.date) -> bool:
        return (
            self.in_force_from is not None
            and self.in_force_from <= on
            and (self.in_force_until is None or on <= self.in_force_until)
        )


class CoverageQuerySet(models.QuerySet):
    def get_by_natural_key(self, instrument, country, valid_from):
        return self.get(instrument__slug=instrument, country=country, valid_from=valid_from)

    def on(self, date: datetime.date):
        return self.filter(valid_from__lte=date).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=date))


class Coverage(models.Model):
    """An instrument applies between Belgium and a country, for some persons, during a period.

    Several rows for one country and instrument describe changes over time: the EU regulations reach
    legally resident third-country nationals in Spain from 2011-01-01 (Reg. 1231/2010), a new member
    state joins on its accession date, the United Kingdom leaves on 2020-12-31.
    """

    class Persons(models.TextChoices):
        NATIONALS = "nationals", _("Nationals of the states bound by the instrument")
        EVERYONE = "everyone", _("Every insured person, whatever their nationality")

    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.CASCADE, related_name="coverages"
    )
    country = models.ForeignKey(Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="coverages")
    valid_from = models.DateField(_("from"))
    valid_until = models.DateField(_("until"), null=True, blank=True, help_text=_("Last day. Empty: still applies."))
    persons = models.CharField(_("persons covered"), max_length=20, choices=Persons.choices, default=Persons.NATIONALS)
    stateless_and_refugees = models.BooleanField(
        _("stateless persons and refugees"), default=False, help_text=_("Also covers stateless persons and refugees.")
    )
    third_country_nationals = models.BooleanField(
        _("legally resident third-country nationals"),
        default=False,
        help_text=_("Also covers nationals of other states who reside legally (for the EU rules: Reg. 1231/2010)."),
    )
    nationals_of = models.ForeignKey(
        Instrument,
        verbose_name=_("also nationals of the states bound by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("For a convention that also covers, for example, nationals of every EU state."),
    )
    part_of_territory = models.BooleanField(
        _("part of the territory only"),
        default=False,
        help_text=_("The instrument applies to a part of the country only (Québec in Canada)."),
    )
    posting_for_everyone = models.BooleanField(
        _("posting rules apply to everyone"),
        default=False,
        help_text=_("The posting articles apply whatever the worker's nationality (for example the USA and Canada)."),
    )

    objects = CoverageQuerySet.as_manager()

    class Meta:
        verbose_name = _("country covered")
        verbose_name_plural = _("countries covered")
        ordering = ["instrument", "country", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="coverage_ends_after_it_starts",
            ),
            models.UniqueConstraint(
                fields=["instrument", "country", "valid_from"], name="coverage_unique_start_per_country"
            ),
            models.CheckConstraint(
                condition=Q(persons__in=["nationals", "everyone"]), name="coverage_persons_is_known"
            ),
        ]

    def __str__(self):
        until = self.valid_until.isoformat() if self.valid_until else "…"
        return f"{self.instrument} – {self.country_id.upper()} ({self.valid_from.isoformat()} – {until})"

    def natural_key(self):
        return (self.instrument.slug, self.country_id, self.valid_from.isoformat())

    natural_key.dependencies = ["agreements.instrument", "agreements.country"]

    def clean(self):
        errors = {}
        instrument = self.instrument if self.instrument_id else None
        if instrument and instrument.in_force_from and self.valid_from and self.valid_from < instrument.in_force_from:
            errors["valid_from"] = _("A country cannot be covered before the instrument is in force.")
        if instrument and instrument.in_force_until and (
            self.valid_until is None or self.valid_until > instrument.in_force_until
        ):
            errors["valid_until"] = _("A country cannot be covered after the instrument ends.")
        if self.valid_from and self.instrument_id and self.country_id:
            overlapping = Coverage.objects.filter(instrument=self.instrument_id, country=self.country_id).exclude(
                pk=self.pk
            )
            overlapping = overlapping.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=self.valid_from))
            if self.valid_until:
                overlapping = overlapping.filter(valid_from__lte=self.valid_until)
            if overlapping.exists():
                errors["valid_from"] = _("This period overlaps another period of the same country and instrument.")
        if errors:
            raise ValidationError(errors)


class InstrumentChange(models.Model):
    """A change of the dates on which an instrument applies, as an architect saved it: the instrument's
    own dates (entry into force, end), or a country's period under it (a country joins, its dates
    change, it leaves). Written by the admin (`agreements.changes`), never edited; the public feeds of
    changes list it."""

    class Kind(models.TextChoices):
        DATES = "dates", _("dates of the instrument changed")
        COUNTRY_ADDED = "country-added", _("country covered")
        COUNTRY_DATES = "country-dates", _("dates for a country changed")
        COUNTRY_REMOVED = "country-removed", _("country no longer covered")

    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.CASCADE, related_name="date_changes"
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty for the instrument's own dates, which concern every country it covers."),
    )
    kind = models.CharField(_("change"), max_length=20, choices=Kind.choices)
    from_before = models.DateField(_("from, before"), null=True, blank=True)
    until_before = models.DateField(_("until, before"), null=True, blank=True)
    from_after = models.DateField(_("from, after"), null=True, blank=True)
    until_after = models.DateField(_("until, after"), null=True, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("change of dates")
        verbose_name_plural = _("changes of dates")
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["dates", "country-added", "country-dates", "country-removed"]),
                name="instrument_change_kind_is_known",
            ),
            models.CheckConstraint(
                condition=Q(kind="dates") | Q(country__isnull=False), name="country_change_names_the_country"
            ),
        ]

    def __str__(self):
        where = f" – {self.country_id.upper()}" if self.country_id else ""
        return f"{self.instrument}{where}: {self.get_kind_display()} ({self.at:%Y-%m-%d})"
