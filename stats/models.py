"""What is kept of the public's use of the site: counts per day, and the answers to "Was this page
useful?". Neither holds an IP address, a user agent or any identifier of a visitor."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DailyCountQuerySet(models.QuerySet):
    def between(self, start, end):
        return self.filter(day__gte=start, day__lte=end)

    def for_topics(self, topics):
        return self.filter(topic__in=topics)


class DailyCount(models.Model):
    """One counter of one day. Every dimension that does not apply is an empty string (never NULL),
    so that the unique constraint holds and a flush adds to the existing row."""

    class Kind(models.TextChoices):
        SITUATION = "situation", _("subject looked up on a result page")
        NO_FICHE = "no-fiche", _("subject looked up that found no information sheet")
        PAGE = "page", _("page view")

    day = models.DateField(_("day"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    page_type = models.CharField(_("page type"), max_length=20, blank=True)
    language = models.CharField(_("language"), max_length=5, blank=True)
    direction = models.CharField(_("direction"), max_length=10, blank=True)
    nationality_group = models.CharField(_("nationality group"), max_length=40, blank=True)
    country = models.CharField(_("country"), max_length=10, blank=True)
    status = models.CharField(_("status"), max_length=60, blank=True)
    topic = models.CharField(_("subject"), max_length=60, blank=True)
    region = models.CharField(_("region"), max_length=40, blank=True)
    subject = models.CharField(
        _("page about"), max_length=100, blank=True, help_text=_("The country, fiche or institution a page is about.")
    )
    count = models.PositiveIntegerField(_("count"), default=0)

    objects = DailyCountQuerySet.as_manager()

    DIMENSIONS = (
        "kind", "page_type", "language", "direction", "nationality_group", "country", "status", "topic", "region",
        "subject",
    )  # fmt: skip

    class Meta:
        verbose_name = _("daily count")
        verbose_name_plural = _("daily counts")
        ordering = ["-day", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["day", *("kind", "page_type", "language", "direction", "nationality_group", "country",
                                 "status", "topic", "region", "subject")],
                name="stats_dailycount_one_row_per_counter",
            )  # fmt: skip
        ]
        indexes = [models.Index(fields=["kind", "day"], name="stats_dailycount_kind_day")]

    def __str__(self):
        return f"{self.day} {self.kind} {self.count}"


class FlushedBatch(models.Model):
    """A batch of counters taken from the shared store, recorded in the same transaction as the counts
    it added: a flush that stopped between the database and the store never adds a batch twice."""

    name = models.CharField(max_length=80, unique=True)
    flushed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-flushed_at"]

    def __str__(self):
        return self.name


class FeedbackQuerySet(models.QuerySet):
    def for_institution(self, institution):
        return self.filter(institutions=institution)


class Feedback(models.Model):
    """An answer to "Was this page useful?". Kept with the page, the situation it showed and the
    language; the day only, no time; never an address, a user agent or a visitor identifier."""

    class PageType(models.TextChoices):
        RESULT = "result", _("result page")
        FICHE = "fiche", _("information sheet")

    created = models.DateField(_("day"))
    page_type = models.CharField(_("page type"), max_length=10, choices=PageType.choices)
    path = models.CharField(_("page address"), max_length=400)
    language = models.CharField(_("language"), max_length=5)
    useful = models.BooleanField(_("useful"))
    comment = models.TextField(_("comment"), max_length=1000, blank=True)
    direction = models.CharField(_("direction"), max_length=10, blank=True)
    nationality_group = models.CharField(_("nationality group"), max_length=40, blank=True)
    country = models.CharField(_("country"), max_length=10, blank=True)
    status = models.CharField(_("status"), max_length=60, blank=True)
    topics = models.CharField(_("subjects"), max_length=400, blank=True)
    region = models.CharField(_("region"), max_length=40, blank=True)
    fiche = models.CharField(_("information sheet"), max_length=100, blank=True)
    institutions = models.ManyToManyField(
        "factsheets.Institution",
        through="FeedbackInstitution",
        verbose_name=_("institutions"),
        blank=True,
        related_name="+",
        help_text=_("The institutions whose information the page showed: their staff see this answer."),
    )

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created", "-id"]

    def __str__(self):
        return f"{self.created} {self.path}"


class FeedbackInstitution(models.Model):
    """Which institutions see an answer. Rows are created directly (never with `.add()`): an m2m_changed
    signal would make every process reload the resolver's data (situations/apps.py)."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE)
    institution = models.ForeignKey("factsheets.Institution", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["feedback", "institution"], name="stats_feedback_institution_once")]

    def __str__(self):
        return f"{self.feedback_id} {self.institution_id}"
