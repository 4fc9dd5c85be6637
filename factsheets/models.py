"""Institutions, their fiches with every revision, and the named amounts that fiche texts quote.

Nothing here knows about situations: which fiche applies where is decided in `situations`.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SlugQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Institution(models.Model):
    slug = models.SlugField(
        _("identifier"),
        max_length=40,
        unique=True,
        help_text=_("Stable identifier used in addresses and on the command line (sfp, inami, onem)."),
    )
    acronym = models.CharField(_("acronym"), max_length=30)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("what it handles"), help_text=_("One or two sentences for the public."))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
        help_text=_("For a service that belongs to a larger institution."),
    )
    website = models.URLField(_("website"), max_length=300)
    contact_url = models.URLField(_("contact form"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(
        _("phone"), max_length=40, blank=True, help_text=_("International format, for callers from abroad: +32 2 …")
    )
    address = models.TextField(_("postal address"), blank=True)

    objects = SlugQuerySet.as_manager()

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["slug"]

    def __str__(self):
        return f"{self.acronym} – {self.name}" if self.acronym else self.name

    def natural_key(self):
        return (self.slug,)


class FicheQuerySet(SlugQuerySet):
    def for_institution(self, institution):
        return self.filter(institution=institution)

    def published(self, *, at: datetime.datetime | None = None):
        """Fiches with a revision the public may see at that moment."""
        return self.filter(pk__in=Revision.objects.live(at=at).values("fiche"))


class Fiche(models.Model):
    """An information sheet of one institution. Its words live in its revisions."""

    slug = models.SlugField(
        _("identifier"),
        max_length=100,
        unique=True,
        help_text=_("Stable identifier used in the fiche's address. Never change it once published."),
    )
    institution = models.ForeignKey(
        Institution, verbose_name=_("institution"), on_delete=models.PROTECT, related_name="fiches"
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=100, help_text=_("Among fiches equally specific, lower numbers come first.")
    )
    allow_language_fallback = models.BooleanField(
        _("may be published with a language missing"),
        default=False,
        help_text=_(
            "Set by the architects only. The public page then shows the text in another language, with a notice."
        ),
    )
    # Defaults rather than auto_now: fixtures loaded raw still get a value.
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    objects = FicheQuerySet.as_manager()

    class Meta:
        verbose_name = _("fiche")
        verbose_name_plural = _("fiches")
        ordering = ["institution", "order", "slug"]

    def __str__(self):
        return self.slug

    def natural_key(self):
        return (self.slug,)


class RevisionQuerySet(models.QuerySet):
    def get_by_natural_key(self, fiche, number):
        return self.get(fiche__slug=fiche, number=number)

    @staticmethod
    def _public_at(at: datetime.datetime) -> Q:
        """Published at or before `at` and not withdrawn at or before `at` (a revision withdrawn later
        was public then: a citation of that moment shows it)."""
        return Q(publish_from__lte=at) & (
            Q(state=Revision.State.PUBLISHED) | Q(state=Revision.State.WITHDRAWN, withdrawn_at__gt=at)
        )

    def live(self, *, at: datetime.datetime | None = None):
        """The revision of each fiche the public saw at that moment (now by default): of those
        published at or before it and not withdrawn at or before it, the latest publication, and of
        two published at the same moment the higher number (the order the public snapshot uses:
        newest publication first, then highest number)."""
        at = at or timezone.now()
        visible = self.filter(self._public_at(at))
        newer = Revision.objects.filter(
            Q(publish_from__gt=models.OuterRef("publish_from"))
            | Q(publish_from=models.OuterRef("publish_from"), number__gt=models.OuterRef("number")),
            self._public_at(at),
            fiche=models.OuterRef("fiche"),
        )
        return visible.exclude(models.Exists(newer))

    def ever_published(self):
        """Revisions the public has seen or is to see: published (perhaps scheduled) or since withdrawn."""
        return self.filter(state__in=[Revision.State.PUBLISHED, Revision.State.WITHDRAWN], publish_from__isnull=False)


class Revision(models.Model):
    """One version of a fiche's texts in the four languages. Revisions are never overwritten."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    fiche = models.ForeignKey(Fiche, verbose_name=_("fiche"), on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("revision number"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=400, help_text=_("One sentence that says what the fiche answers."))
    body = models.TextField(
        _("body"),
        help_text=_(
            "Markdown: headings, paragraphs, lists, links, emphasis. Text that applies to one direction only "
            "goes between a line “::: leaving” (or “::: coming”) and a line “:::”."
        ),
    )
    outcome = models.TextField(
        _("outcome"),
        blank=True,
        help_text=_(
            "The answer in plain words for the situations this fiche is attached to, shown at the top of the "
            "result: what applies, for how long, what to do first, which form, whom to contact. Two or three "
            "short sentences. The most specific fiche with an outcome gives the answer for its subject."
        ),
    )
    last_reviewed = models.DateField(_("last reviewed"), help_text=_("When an expert last checked the facts."))
    publish_from = models.DateTimeField(
        _("published from"), null=True, blank=True, help_text=_("The moment the public sees this revision.")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="fiche_revisions",
    )
    comment = models.CharField(_("comment"), max_length=300, blank=True, help_text=_("What changed, and why."))
    change_note = models.CharField(
        _("change note"),
        max_length=200,
        blank=True,
        help_text=_(
            "One line for the public history of the fiche, written by the reviewer when publishing: what "
            "changed for the reader. Required from the second publication on."
        ),
    )
    withdrawn_at = models.DateTimeField(
        _("withdrawn at"),
        null=True,
        blank=True,
        help_text=_("When the revision was taken off the public site; a citation of an earlier day still shows it."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("last saved"), default=timezone.now, editable=False)
    lock_version = models.PositiveIntegerField(
        _("version"), default=0, help_text=_("Increases at every save; protects against two editors overwriting each other.")
    )
    language_changed = models.JSONField(
        _("last change per language"),
        default=dict,
        blank=True,
        help_text=_("When the texts of each language were last changed, to spot a translation left behind."),
    )

    objects = RevisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["fiche", "-number"]
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(fields=["fiche", "number"], name="revision_number_unique_per_fiche"),
            models.CheckConstraint(condition=Q(number__gte=1), name="revision_number_starts_at_one"),
            models.CheckConstraint(
                condition=~Q(state="published") | Q(publish_from__isnull=False),
                name="published_revision_has_a_date",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["draft", "submitted", "published", "withdrawn"]),
                name="revision_state_is_known",
            ),
            models.CheckConstraint(
                condition=~Q(state="withdrawn") | Q(withdrawn_at__isnull=False),
                name="withdrawn_revision_has_a_date",
            ),
        ]

    def __str__(self):
        return f"{self.fiche.slug} #{self.number}"

    def natural_key(self):
        return (self.fiche.slug, self.number)

    natural_key.dependencies = ["factsheets.fiche"]

    TEXT_FIELDS = ("title", "summary", "body")  # required in every language to publish
    OPTIONAL_TEXT_FIELDS = ("outcome",)
    ALL_TEXT_FIELDS = TEXT_FIELDS + OPTIONAL_TEXT_FIELDS
    LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)

    def missing_languages(self) -> list:
        return [
            lang for lang in self.LANGUAGES if not all(getattr(self, f"{field}_{lang}") for field in self.TEXT_FIELDS)
        ]

    def outdated_languages(self) -> list:
        """Languages changed before the language changed last: their translation may lag behind."""
        changed = {lang: self.language_changed.get(lang) for lang in self.LANGUAGES}
        if not any(changed.values()):
            return []
        latest = max(value for value in changed.values() if value)
        return [lang for lang, value in changed.items() if value and value < latest]

    @property
    def is_editable(self) -> bool:
        return self.state in (self.State.DRAFT, self.State.SUBMITTED)


class Editor(models.Model):
    """The role of a staff account: an institution's editor or reviewer, or an FPS architect."""

    class Role(models.TextChoices):
        EDITOR = "editor", _("Editor: writes the institution's fiches")
        REVIEWER = "reviewer", _("Reviewer: also publishes them")
        ARCHITECT = "architect", _("Architect: maintains countries, agreements and criteria")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE, related_name="editor"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="editors",
        help_text=_("Empty for architects, who work for every institution."),
    )

    class Meta:
        verbose_name = _("editor")
        verbose_name_plural = _("editors")
        ordering = ["institution", "role", "user"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(role="architect") & Q(institution__isnull=True))
                | (Q(role__in=["editor", "reviewer"]) & Q(institution__isnull=False)),
                name="editor_has_an_institution_unless_architect",
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()}"


class ReferenceQuerySet(models.QuerySet):
    def get_by_natural_key(self, fiche, number, kind, order):
        return self.get(revision__fiche__slug=fiche, revision__number=number, kind=kind, order=order)


class Reference(models.Model):
    """A legal reference or a link printed under a revision's text."""

    class Kind(models.TextChoices):
        LEGAL = "legal", _("Legal basis")
        LINK = "link", _("Further information")

    revision = models.ForeignKey(
        Revision, verbose_name=_("revision"), on_delete=models.CASCADE, related_name="references"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    label = models.CharField(_("label"), max_length=500, help_text=_("For example: Regulation (EC) 883/2004, Article 12."))
    url = models.URLField(_("address"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("reference")
        verbose_name_plural = _("references")
        ordering = ["revision", "kind", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["legal", "link"]), name="reference_kind_is_known"),
        ]

    def __str__(self):
        return self.label

    def natural_key(self):
        return (self.revision.fiche.slug, self.revision.number, self.kind, self.order)

    natural_key.dependencies = ["factsheets.revision"]


class Amount(models.Model):
    """A figure that changes with indexation, quoted by name in fiche texts: {{ amount:min-pension-single }}."""

    class Unit(models.TextChoices):
        EUR = "eur", _("euros")
        EUR_MONTH = "eur-month", _("euros a month")
        EUR_DAY = "eur-day", _("euros a day")
        EUR_YEAR = "eur-year", _("euros a year")
        PERCENT = "percent", _("per cent")

    slug = models.SlugField(
        _("name"), max_length=80, unique=True, help_text=_("The name fiche texts use to quote this amount.")
    )
    label = models.CharField(_("label"), max_length=200)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    institution = models.ForeignKey(
        Institution, verbose_name=_("institution"), on_delete=models.PROTECT, related_name="amounts"
    )
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    quotable_by = models.ManyToManyField(
        Institution,
        verbose_name=_("also quoted by"),
        blank=True,
        related_name="quoted_amounts",
        help_text=_("Other institutions whose fiches may quote this amount. Set by architects."),
    )

    objects = SlugQuerySet.as_manager()

    class Meta:
        verbose_name = _("named amount")
        verbose_name_plural = _("named amounts")
        ordering = ["slug"]

    def __str__(self):
        return self.slug

    def natural_key(self):
        return (self.slug,)

    def value_on(self, date: datetime.date):
        """The published value in force on `date` (a value published for a later date is scheduled)."""
        return self.values.published().filter(applies_from__lte=date).order_by("-applies_from").first()

    def may_be_quoted_by(self, institution_id) -> bool:
        return self.institution_id == institution_id or self.quotable_by.filter(pk=institution_id).exists()


class AmountValueQuerySet(models.QuerySet):
    def get_by_natural_key(self, amount, applies_from):
        return self.get(amount__slug=amount, applies_from=applies_from)

    def published(self):
        return self.filter(state=AmountValue.State.PUBLISHED)


class AmountValue(models.Model):
    """A value from a date. Editors draft it; a reviewer of the institution publishes it, and only then
    do the public pages quote it (from its date: a value published ahead of its date is scheduled)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    amount = models.ForeignKey(Amount, verbose_name=_("amount"), on_delete=models.CASCADE, related_name="values")
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    applies_from = models.DateField(_("applies from"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = AmountValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("value")
        verbose_name_plural = _("values")
        ordering = ["amount", "-applies_from"]
        constraints = [
            models.UniqueConstraint(fields=["amount", "applies_from"], name="one_value_per_amount_and_date"),
            models.CheckConstraint(condition=Q(value__gte=0), name="amount_value_not_negative"),
        ]

    def __str__(self):
        return f"{self.amount.slug} = {self.value} ({self.applies_from.isoformat()})"

    def natural_key(self):
        return (self.amount.slug, self.applies_from.isoformat())

    natural_key.dependencies = ["factsheets.amount"]


class Event(models.Model):
    """One step in the life of a fiche or of an amount's value: who did it and when. Written by
    `workflow`, never edited, shown on the fiche in the workspace."""

    class Step(models.TextChoices):
        DRAFTED = "drafted", _("new draft")
        SUBMITTED = "submitted", _("submitted for review")
        BACK_TO_DRAFT = "back-to-draft", _("sent back to draft")
        PUBLISHED = "published", _("published")
        SCHEDULED = "scheduled", _("scheduled")
        WITHDRAWN = "withdrawn", _("withdrawn")
        RESTORED = "restored", _("restored from an earlier revision")
        AMOUNT_PUBLISHED = "amount-published", _("amount value published")

    step = models.CharField(_("step"), max_length=20, choices=Step.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    fiche = models.ForeignKey(
        Fiche, verbose_name=_("fiche"), null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    revision = models.ForeignKey(
        Revision, verbose_name=_("revision"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    amount_value = models.ForeignKey(
        AmountValue, verbose_name=_("value"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow steps")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_step_display()} – {self.at:%Y-%m-%d %H:%M}"
