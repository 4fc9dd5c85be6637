"""The questions of the wizard (directions, statuses, topics, nationality groups) and the criteria
that attach fiches to the situations they answer."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agreements.models import Branch, Country, Instrument, SlugQuerySet
from factsheets.models import Fiche, Institution

class Ordered(models.Model):
    """Reference entries with a stable identifier, translated texts and an editor-set order."""

    slug = models.SlugField(
        _("identifier"),
        max_length=60,
        unique=True,
        help_text=_("Stable identifier used in addresses. Never change it once published."),
    )
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = SlugQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["order", "slug"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class Status(Ordered):
    definition = models.CharField(
        _("definition"), max_length=300, help_text=_("One line that lets a person recognise themselves.")
    )

    class Meta(Ordered.Meta):
        verbose_name = _("status")
        verbose_name_plural = _("statuses")


class Direction(Ordered):
    """Leaving Belgium or coming to Belgium: the two doors of the site."""

    title = models.CharField(_("title of the door"), max_length=120)
    audience = models.TextField(_("who it is for"))
    statuses = models.ManyToManyField(
        Status, verbose_name=_("statuses offered"), related_name="directions", blank=True
    )

    class Meta(Ordered.Meta):
        verbose_name = _("direction")
        verbose_name_plural = _("directions")


class Topic(Ordered):
    description = models.CharField(_("description"), max_length=300)
    branches = models.ManyToManyField(
        Branch,
        verbose_name=_("branches"),
        related_name="topics",
        help_text=_("The coordination branches that decide which rules apply to this topic."),
    )
    institutions = models.ManyToManyField(
        Institution,
        verbose_name=_("institutions that answer for it"),
        related_name="topics",
        through="TopicInstitution",
    )
    asks_region = models.BooleanField(
        _("asks where the child lives"),
        default=False,
        help_text=_("The wizard then asks for the region, because a different body answers in each (family benefits)."),
    )

    class Meta(Ordered.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")


class TopicInstitutionQuerySet(models.QuerySet):
    def get_by_natural_key(self, topic, institution):
        return self.get(topic__slug=topic, institution__slug=institution)


class TopicInstitution(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE)
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT)
    is_contact = models.BooleanField(
        _("main contact"), default=False, help_text=_("The institution a person is sent to when no fiche applies.")
    )

    objects = TopicInstitutionQuerySet.as_manager()

    class Meta:
        verbose_name = _("institution of a topic")
        verbose_name_plural = _("institutions of a topic")
        constraints = [
            models.UniqueConstraint(fields=["topic", "institution"], name="topic_institution_unique"),
            models.UniqueConstraint(
                fields=["topic"], condition=Q(is_contact=True), name="one_main_contact_per_topic"
            ),
        ]

    def __str__(self):
        return f"{self.topic} – {self.institution.acronym}"

    def natural_key(self):
        return (self.topic.slug, self.institution.slug)

    natural_key.dependencies = ["situations.topic", "factsheets.institution"]


class NationalityGroup(Ordered):
    """A group of nationalities that the rules treat alike. A person belongs to the first group,
    in order, whose rule matches their nationality on the date."""

    class Rule(models.TextChoices):
        COUNTRIES = "countries", _("Nationals of the listed countries")
        EU_MEMBERS = "eu-members", _("Nationals of a state bound by the EU regulations on the date")
        STATELESS_OR_REFUGEE = "stateless-or-refugee", _("Stateless persons and refugees")
        OTHERS = "others", _("Every other nationality")

    description = models.CharField(_("description"), max_length=300)
    rule = models.CharField(_("rule"), max_length=30, choices=Rule.choices)
    countries = models.ManyToManyField(
        Country, verbose_name=_("countries"), blank=True, related_name="+", help_text=_("For the rule “listed countries”.")
    )

    class Meta(Ordered.Meta):
        verbose_name = _("nationality group")
        verbose_name_plural = _("nationality groups")
        constraints = [
            models.CheckConstraint(
                condition=Q(rule__in=["countries", "eu-members", "stateless-or-refugee", "others"]),
                name="nationality_group_rule_is_known",
            )
        ]


class Region(Ordered):
    """Where in Belgium (or abroad) the child lives: it decides which family-benefits body answers."""

    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta(Ordered.Meta):
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class RegimeKind(models.TextChoices):
    EU = "eu", _("EU regulations")
    UK = "uk", _("EU–UK agreements")
    BILATERAL = "bilateral", _("Bilateral convention")
    NONE = "none", _("No agreement")


class CriterionQuerySet(models.QuerySet):
    def get_by_natural_key(self, fiche, position):
        return self.get(fiche__slug=fiche, position=position)


class Criterion(models.Model):
    """Attaches a fiche to the situations it answers. Every dimension left empty means “any”."""

    fiche = models.ForeignKey(Fiche, verbose_name=_("fiche"), on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(
        _("number"), default=1, help_text=_("Numbers the criteria of one fiche: 1, 2, 3…")
    )
    topic = models.ForeignKey(Topic, verbose_name=_("topic"), on_delete=models.PROTECT, related_name="criteria")
    directions = models.ManyToManyField(Direction, verbose_name=_("directions"), blank=True, related_name="+")
    statuses = models.ManyToManyField(Status, verbose_name=_("statuses"), blank=True, related_name="+")
    nationality_groups = models.ManyToManyField(
        NationalityGroup, verbose_name=_("nationality groups"), blank=True, related_name="+"
    )
    regime_eu = models.BooleanField(_("EU regulations"), default=False)
    regime_uk = models.BooleanField(_("EU–UK agreements"), default=False)
    regime_bilateral = models.BooleanField(_("bilateral convention"), default=False)
    regime_none = models.BooleanField(_("no agreement"), default=False)
    instruments = models.ManyToManyField(
        Instrument,
        verbose_name=_("specific instruments"),
        blank=True,
        related_name="+",
        help_text=_("Only when this instrument applies (for example one convention's own posting limit)."),
    )
    countries = models.ManyToManyField(Country, verbose_name=_("specific countries"), blank=True, related_name="+")
    regions = models.ManyToManyField(
        Region,
        verbose_name=_("regions"),
        blank=True,
        related_name="+",
        help_text=_("Only where the child lives there (for topics that ask for the region)."),
    )

    objects = CriterionQuerySet.as_manager()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["fiche", "position"]
        constraints = [models.UniqueConstraint(fields=["fiche", "position"], name="criterion_position_unique_per_fiche")]

    def __str__(self):
        return f"{self.fiche} → {self.topic}"

    def natural_key(self):
        return (self.fiche.slug, self.position)

    natural_key.dependencies = ["factsheets.fiche", "situations.topic"]

    @property
    def regime_kinds(self) -> frozenset[str]:
        """The regime kinds this criterion accepts; empty means any."""
        return frozenset(kind for kind in RegimeKind.values if getattr(self, f"regime_{kind}"))

    def clean(self):
        if self.fiche_id and self.topic_id:
            other_topics = Criterion.objects.filter(fiche=self.fiche_id).exclude(pk=self.pk).exclude(topic=self.topic_id)
            if other_topics.exists():
                raise ValidationError({"topic": _("A fiche answers one topic: every criterion of a fiche names the same topic.")})
