from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from livinglab.audit import AuditedQuerySet
from regencies.models import Regency

from . import scoring
from .uploads import evidence_file_name, validate_evidence_file

WEIGHT = {"max_digits": 8, "decimal_places": 4}
INDEX = {"max_digits": 4, "decimal_places": 2}
INDEX_RANGE = [MinValueValidator(0), MaxValueValidator(5)]
YEAR_RANGE = [MinValueValidator(2000), MaxValueValidator(2100)]


class Framework(models.Model):
    """An SPBE evaluation framework (a regulation), loaded from data files."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    title = models.CharField(_("title"), max_length=200, blank=True)
    first_year = models.PositiveSmallIntegerField(_("first evaluation year"), null=True, blank=True)
    last_year = models.PositiveSmallIntegerField(_("last evaluation year"), null=True, blank=True)
    level_min = models.PositiveSmallIntegerField(_("lowest level"))
    level_max = models.PositiveSmallIntegerField(_("highest level"))
    provisional = models.BooleanField(
        _("provisional"),
        default=False,
        help_text=_("Figures from a secondary summary, not the official text."),
    )
    sources = models.TextField(_("sources"), blank=True)
    sources_en = models.TextField(_("sources in English"), blank=True)
    weight_note = models.TextField(
        _("how the weights were made to sum to 100"), blank=True, help_text=_("Empty when the source's do.")
    )
    weight_note_en = models.TextField(_("how the weights sum to 100, in English"), blank=True)
    fingerprint = models.CharField(_("fingerprint of the files"), max_length=64, editable=False, blank=True)

    class Meta:
        ordering = ["-first_year"]
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("spbe:framework", kwargs={"code": self.code})

    def covers(self, year):
        """Is the framework used for evaluations of that year?"""
        return (self.first_year or 0) <= year <= (self.last_year or 9999)

    def not_covered_message(self, year):
        return _("%(framework)s is not used for evaluations of %(year)s.") % {
            "framework": self.name,
            "year": year,
        }

    def predicate_for(self, index):
        bands = [(b.min_index, b.name) for b in self.predicate_bands.all()]
        return scoring.predicate(index, bands)


class Domain(models.Model):
    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="domains", verbose_name=_("framework")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    weight = models.DecimalField(_("weight (%)"), **WEIGHT)

    class Meta:
        ordering = ["framework", "number"]
        unique_together = [("framework", "number")]
        verbose_name = _("domain")
        verbose_name_plural = _("domains")

    def __str__(self):
        return f"{self.number}. {self.name}"


class Aspect(models.Model):
    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="aspects", verbose_name=_("framework")
    )
    domain = models.ForeignKey(
        Domain,
        on_delete=models.CASCADE,
        related_name="aspects",
        null=True,
        blank=True,
        verbose_name=_("domain"),
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    weight = models.DecimalField(_("weight (%)"), **WEIGHT)

    class Meta:
        ordering = ["framework", "number"]
        unique_together = [("framework", "number")]
        verbose_name = _("aspect")
        verbose_name_plural = _("aspects")

    def __str__(self):
        return f"{self.number}. {self.name}"


class Scale(models.Model):
    """A set of named levels; 59/2020 has one for processes and one for services."""

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="scales", verbose_name=_("framework")
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        unique_together = [("framework", "code")]
        verbose_name = _("level scale")
        verbose_name_plural = _("level scales")

    def __str__(self):
        return self.name


class Level(models.Model):
    scale = models.ForeignKey(Scale, on_delete=models.CASCADE, related_name="levels", verbose_name=_("scale"))
    value = models.PositiveSmallIntegerField(_("level"))
    name = models.CharField(_("name"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)

    class Meta:
        ordering = ["scale", "value"]
        unique_together = [("scale", "value")]
        verbose_name = _("level")
        verbose_name_plural = _("levels")

    def __str__(self):
        return f"{self.value} {self.name}".strip()


class Indicator(models.Model):
    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("framework")
    )
    aspect = models.ForeignKey(
        Aspect, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("aspect")
    )
    scale = models.ForeignKey(
        Scale, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("scale")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    weight = models.DecimalField(_("weight (%)"), **WEIGHT)
    evidence_required = models.TextField(_("required supporting evidence"), blank=True)
    evidence_required_en = models.TextField(_("required supporting evidence, in English"), blank=True)

    class Meta:
        ordering = ["framework", "number"]
        unique_together = [("framework", "number")]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return f"{self.number}. {self.name}"


class LevelCriterion(models.Model):
    """What an indicator needs to reach one level, in the framework's words (Indonesian).

    Empty when no public copy of the framework carries it: pages then say the criteria are not available.
    """

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("indicator")
    )
    level = models.PositiveSmallIntegerField(_("level"))
    text = models.TextField(_("criteria"), blank=True)

    class Meta:
        ordering = ["indicator", "level"]
        constraints = [models.UniqueConstraint(fields=["indicator", "level"], name="one_criterion_per_level")]
        verbose_name = _("level criteria")
        verbose_name_plural = _("level criteria")

    def __str__(self):
        return f"{self.indicator.number}/{self.level}"


class PredicateBand(models.Model):
    """Index from `min_index` (inclusive) up to the next band is given this predicate."""

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="predicate_bands", verbose_name=_("framework")
    )
    name = models.CharField(_("predicate"), max_length=100)
    min_index = models.DecimalField(_("from index (inclusive)"), **INDEX)

    class Meta:
        ordering = ["framework", "-min_index"]
        unique_together = [("framework", "name")]
        verbose_name = _("predicate band")
        verbose_name_plural = _("predicate bands")

    def __str__(self):
        return f"{self.name} ≥ {self.min_index}"


class Certainty(models.TextChoices):
    """How sure a published figure is, named after the kind of source that carries it."""

    OFFICIAL = "official", pgettext_lazy("certainty of a figure", "official source")
    NEWS = "news", pgettext_lazy("certainty of a figure", "news report")
    SECONDARY = "secondary", pgettext_lazy("certainty of a figure", "secondary source")
    UNVERIFIED = "unverified", pgettext_lazy("certainty of a figure", "unverified")


def certainty_label(code):
    """The certainty in words, "" when none is recorded."""
    return str(Certainty(code).label) if code in Certainty.values else ""


class SourcedFigure(models.Model):
    """Where a published figure comes from: a citation a citizen can read and follow.

    Several sources are separated by " ; " in the title; the link lists, in the same order, the
    addresses of those that have one (the convention of the data files).
    """

    source_title = models.TextField(_("source"), blank=True)
    source_url = models.TextField(_("link to the source"), blank=True)
    certainty = models.CharField(_("certainty"), max_length=20, choices=Certainty.choices, blank=True)
    certainty_note = models.TextField(_("why this certainty"), blank=True)

    class Meta:
        abstract = True

    @property
    def unverified(self):
        return self.certainty == Certainty.UNVERIFIED


class NationalIndex(SourcedFigure):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    index = models.DecimalField(_("index"), **INDEX)
    predicate = models.CharField(_("predicate"), max_length=100, blank=True)
    framework_name = models.CharField(_("framework"), max_length=120, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("national index")
        verbose_name_plural = _("national indices")

    def __str__(self):
        return f"{self.year}: {self.index}"


class EvaluationQuerySet(AuditedQuerySet):
    def public(self):
        """Official results and verified self-assessments; drafts stay with their pemda."""
        return self.filter(
            models.Q(source=Evaluation.Source.OFFICIAL) | models.Q(status=Evaluation.Status.VERIFIED)
        )

    def with_index(self):
        """Public evaluations with an index: what the pages show, each with its label."""
        return self.public().filter(index__isnull=False)

    def ranked(self):
        """What rankings and averages count: an unverified figure is shown, never ranked."""
        return self.with_index().exclude(certainty=Certainty.UNVERIFIED)

    def for_list(self):
        return self.select_related("regency__province", "framework")


class Evaluation(SourcedFigure):
    """One kabupaten/kota's SPBE result for one year under one framework."""

    class Source(models.TextChoices):
        OFFICIAL = "official", _("Official result")
        SELF_ASSESSMENT = "self_assessment", _("Self-assessment")

    class Status(models.TextChoices):
        PUBLISHED = "published", _("Published")
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for revision")
        VERIFIED = "verified", _("Verified")

    regency = models.ForeignKey(
        Regency, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("regency/city")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_RANGE)
    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("framework")
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PUBLISHED)
    synthetic = models.BooleanField(
        _("synthetic"), default=False, help_text=_("Generated demo data, never an official figure.")
    )
    published_index = models.DecimalField(
        _("published index"), null=True, blank=True, validators=INDEX_RANGE, **INDEX
    )
    published_predicate = models.CharField(_("published predicate"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    computed_index = models.DecimalField(
        _("index computed from the indicators"), null=True, blank=True, **INDEX
    )
    index = models.DecimalField(
        _("index"), null=True, blank=True, help_text=_("The published index, else the computed one."), **INDEX
    )
    predicate = models.CharField(_("predicate"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "regency"]
        constraints = [
            models.UniqueConstraint(
                fields=["regency", "year", "framework", "source"], name="one_evaluation_per_source"
            )
        ]
        indexes = [
            models.Index(fields=["year", "source", "index"]),
            # The public list (API, exports) in its own order, over the public rows only: a page is read
            # straight off the index, the count is an index-only scan (EvaluationQuerySet.public()).
            models.Index(
                fields=["-year", "regency"],
                condition=models.Q(source="official") | models.Q(status="verified"),
                name="evaluation_public_order",
            ),
        ]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self):
        # The label of the source's choice, without get_source_display()'s search of every choice:
        # an import names thousands of levels after their evaluation.
        source = self.Source(self.source).label if self.source in self.Source.values else self.source
        return f"{self.regency} {self.year} ({source})"

    def get_absolute_url(self):
        return reverse("spbe:evaluation", kwargs={"pk": self.pk})

    def clean(self):
        framework = self.framework if self.framework_id else None
        if framework and self.year and not framework.covers(self.year):
            raise ValidationError({"year": framework.not_covered_message(self.year)})

    @staticmethod
    def kind_label_of(source, status):
        """What kind of figure this is, in words: an official result or a (verified) self-assessment."""
        if source == Evaluation.Source.OFFICIAL:
            return _("official result")
        if status == Evaluation.Status.VERIFIED:
            return _("self-assessment (verified)")
        return _("self-assessment (not verified)")

    @property
    def kind_label(self):
        return self.kind_label_of(self.source, self.status)

    @property
    def index_mismatch(self):
        """An official result whose published index differs from its own indicator detail."""
        if self.published_index is None or self.computed_index is None:
            return False
        return abs(self.published_index - self.computed_index) > scoring.MISMATCH_TOLERANCE


class DomainResult(models.Model):
    """A published domain index (official results sometimes give them without indicator detail)."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="domain_results", verbose_name=_("evaluation")
    )
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="+", verbose_name=_("domain"))
    index = models.DecimalField(_("index"), validators=INDEX_RANGE, **INDEX)

    class Meta:
        unique_together = [("evaluation", "domain")]
        verbose_name = _("published domain index")
        verbose_name_plural = _("published domain indices")

    def __str__(self):
        return f"{self.domain}: {self.index}"


class IndicatorScore(models.Model):
    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="scores", verbose_name=_("evaluation")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="scores", verbose_name=_("indicator")
    )
    level = models.PositiveSmallIntegerField(_("level"))
    explanation = models.TextField(_("explanation"), blank=True, max_length=4000)
    reviewer_comment = models.TextField(_("reviewer's comment"), blank=True, max_length=4000)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["evaluation", "indicator__number"]
        unique_together = [("evaluation", "indicator")]
        verbose_name = _("indicator level")
        verbose_name_plural = _("indicator levels")

    def __str__(self):
        return f"{self.indicator.number}: {self.level}"


class LevelChange(models.Model):
    """History of every change of a level: who, when, old → new."""

    score = models.ForeignKey(
        IndicatorScore, on_delete=models.CASCADE, related_name="changes", verbose_name=_("indicator level")
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    changed_at = models.DateTimeField(_("when"), auto_now_add=True)
    old_level = models.PositiveSmallIntegerField(_("old level"), null=True)
    new_level = models.PositiveSmallIntegerField(_("new level"))

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("level change")
        verbose_name_plural = _("level changes")

    def __str__(self):
        return f"{self.old_level} → {self.new_level}"


class ActorRole(models.TextChoices):
    """The role someone acted in, kept with what they did: public history names roles, not people."""

    PEMDA_STAFF = "pemda_staff", _("pemda staff")
    ASSESSOR = "assessor", _("assessor")
    NATIONAL_ADMIN = "national_admin", _("ministry admin")
    SYSTEM = "system", _("system")


class SelfAssessmentEvent(models.Model):
    """One step of a self-assessment's history: a level, explanation or evidence change, a submission,
    a return (with a comment per indicator) or a verification."""

    class Kind(models.TextChoices):
        CREATED = "created", _("started")
        LEVEL = "level", _("level changed")
        EXPLANATION = "explanation", _("explanation changed")
        EVIDENCE_ADDED = "evidence_added", _("evidence added")
        EVIDENCE_VISIBILITY = "evidence_visibility", _("evidence visibility changed")
        SUBMITTED = "submitted", _("submitted for verification")
        COMMENT = "comment", _("assessor's comment")
        RETURNED = "returned", _("returned for revision")
        VERIFIED = "verified", _("verified")

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="events", verbose_name=_("evaluation")
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indicator"),
    )
    kind = models.CharField(_("what"), max_length=30, choices=Kind.choices)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    by_role = models.CharField(_("role"), max_length=20, choices=ActorRole.choices)
    by_regency = models.ForeignKey(
        Regency, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("pemda")
    )
    old_level = models.PositiveSmallIntegerField(_("old level"), null=True, blank=True)
    new_level = models.PositiveSmallIntegerField(_("new level"), null=True, blank=True)
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["evaluation", "-at"])]
        verbose_name = _("self-assessment event")
        verbose_name_plural = _("self-assessment history")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()}"

    @property
    def by_system(self):
        return self.by_role == ActorRole.SYSTEM


class Evidence(models.Model):
    score = models.ForeignKey(
        IndicatorScore, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("indicator level")
    )
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), blank=True)
    file = models.FileField(_("document"), upload_to="spbe/evidence/%Y/", blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)
    public = models.BooleanField(
        _("public once verified"),
        default=False,
        help_text=_(
            "Anyone may open it once the self-assessment is verified; "
            "otherwise only assessors and the pemda's own staff."
        ),
    )

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["added_at"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self):
        return self.title

    # Every way in (the self-assessment form, the admin, any later API or script) passes the one
    # checker of spbe/uploads.py: forms through clean(), everything else through save().
    def save(self, *args, **kwargs):
        if self._new_upload():
            validate_evidence_file(self.file)
            self.file.name = evidence_file_name(self.file)  # named by what the content really is
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self._new_upload():
            try:
                validate_evidence_file(self.file)
            except ValidationError as error:
                raise ValidationError({"file": error.error_list}) from None

    def _new_upload(self):
        return bool(self.file) and not self.file._committed


class ImportJob(models.Model):
    class Status(models.TextChoices):
        CHECKED = "checked", _("Checked (dry run)")
        INVALID = "invalid", _("Refused: problems found")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        UNCHANGED = "unchanged", _("Done: nothing changed")
        FAILED = "failed", _("Failed")

    class Layout(models.TextChoices):
        LONG = "long", _("Long: one indicator level per row")
        WIDE = "wide", _("Wide: one published result per row")

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    # A job run by a script has no user from the start; a job whose user was deleted lost it later.
    by_script = models.BooleanField(_("run by a script"), default=False)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # When the job was last handed to the queue: a job queued or running for long was lost with its
    # message (a Redis restart) or its worker, and is queued again (spbe.imports.import_requeue_stale).
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to="spbe/imports/%Y/")
    original_name = models.CharField(_("file name"), max_length=255)
    layout = models.CharField(_("layout"), max_length=10, choices=Layout.choices, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows processed"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    # Only why a run failed; every other result is a sentence made at display time, in the
    # reader's language, from the status and the counts.
    message = models.TextField(_("error"), blank=True)
    source_title = models.TextField(_("source of the imported results"), blank=True)
    source_url = models.TextField(_("link to the source"), blank=True)
    certainty = models.CharField(_("certainty"), max_length=20, choices=Certainty.choices, blank=True)
    preview = models.JSONField(_("first values as read"), default=list, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    detail_confirmed = models.BooleanField(
        _("adding indicator detail to published results confirmed"), default=False
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return f"{self.original_name} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("spbe:import-detail", kwargs={"pk": self.pk})

    @property
    def progress_percent(self):
        return round(100 * self.rows_done / self.rows_total) if self.rows_total else 0


class CheckedRecords(models.Model):
    """What a dry run read from an import's file, kept for the run: the file is read and checked
    once, unless what it was checked against (kabupaten/kota, frameworks) changed in between."""

    job = models.OneToOneField(
        ImportJob, on_delete=models.CASCADE, primary_key=True, related_name="+", verbose_name=_("import")
    )
    catalogue = models.CharField(_("digest of what the file was checked against"), max_length=64)
    records = models.JSONField(_("records"))

    class Meta:
        verbose_name = _("checked records")
        verbose_name_plural = _("checked records")

    def __str__(self):
        return str(self.job_id)
