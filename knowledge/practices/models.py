"""A digital practice a pemda built and publishes so that others can find it, judge it and copy it."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from livinglab.audit import AuditedQuerySet
from regencies.models import Regency
from spbe.models import Indicator

from . import validators

STALE_AFTER_MONTHS = 12
# /practices/new/ is the create page; /api/v1/practices/facets/ the facet counts
RESERVED_SLUGS = {"new", "facets"}


def months_between(earlier, later):
    """Whole months from one date to a later one (14 March to 13 May is one month)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - 1 if later.day < earlier.day else months


class RbTheme(models.Model):
    """A Reformasi Birokrasi tematik priority (loaded from knowledge/data/rb_tematik_themes.csv)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    source_title = models.TextField(_("source"), blank=True)
    source_url = models.TextField(_("source link"), blank=True)
    certainty = models.CharField(_("certainty"), max_length=20, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("RB tematik priority")
        verbose_name_plural = _("RB tematik priorities")

    def __str__(self):
        return self.localized_name

    @property
    def localized_name(self):
        if self.name_en and translation.get_language() == "en":
            return self.name_en
        return self.name


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return self.name


class PracticeQuerySet(AuditedQuerySet):
    def published(self):
        return self.filter(status=Practice.Status.PUBLISHED)

    def public(self):
        """What anyone may open: published and archived practices; drafts stay with their pemda."""
        return self.exclude(status=Practice.Status.DRAFT)


# Module level so that Practice.Meta.constraints can name their values; used as Practice.Kind etc.
class PracticeKind(models.TextChoices):
    APPLICATION = "application", _("Application")
    INNOVATION = "innovation", _("Public-service innovation")
    BUSINESS_PROCESS = "business_process", _("Business process")
    REGULATION = "regulation", _("Regulation or policy")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")


class PracticeStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("practice status", "Draft")
    PUBLISHED = "published", pgettext_lazy("practice status", "Published")
    ARCHIVED = "archived", pgettext_lazy("practice status", "Archived")


class PracticeSustainability(models.TextChoices):
    ACTIVE = "active", _("Still in use")
    STOPPED = "stopped", _("Stopped")


class Practice(models.Model):
    Kind = PracticeKind
    Status = PracticeStatus
    Sustainability = PracticeSustainability

    class DevelopmentStatus(models.TextChoices):
        # The values of publiccode.yml's developmentStatus.
        CONCEPT = "concept", _("Concept")
        DEVELOPMENT = "development", _("In development")
        BETA = "beta", _("Beta")
        STABLE = "stable", _("Stable")
        OBSOLETE = "obsolete", _("Obsolete")

    class SoftwareType(models.TextChoices):
        # The values of publiccode.yml's softwareType.
        WEB = "standalone/web", _("Web application")
        MOBILE = "standalone/mobile", _("Mobile app")
        DESKTOP = "standalone/desktop", _("Desktop application")
        BACKEND = "standalone/backend", _("Back-end service")
        IOT = "standalone/iot", _("Internet of things")
        OTHER = "standalone/other", _("Other stand-alone software")
        ADDON = "addon", _("Add-on to other software")
        LIBRARY = "library", _("Library")
        CONFIGURATION = "configurationFiles", _("Configuration files")

    class MaintenanceType(models.TextChoices):
        # The values of publiccode.yml's maintenance.type.
        INTERNAL = "internal", _("By the pemda's own staff")
        CONTRACT = "contract", _("Under a contract")
        COMMUNITY = "community", _("By a community")
        NONE = "none", _("Not maintained")

    class NationalPlatform(models.TextChoices):
        # National platforms a practice integrates with: integration targets an adopter must also
        # connect to (a prerequisite), only their names, never figures about them.
        SRIKANDI = "SRIKANDI", "SRIKANDI"
        SPLP = "SPLP", "SPLP"
        PDN = "PDN", "PDN"
        SATU_DATA = "SATU DATA INDONESIA", "Satu Data Indonesia"
        INA_DIGITAL = "INA DIGITAL", "INA Digital"
        SIPD = "SIPD", "SIPD"
        SIASN = "SIMPEG/SIASN", "SIMPEG/SIASN"
        BSRE = "BSrE", "BSrE"
        SP4N_LAPOR = "SP4N-LAPOR!", "SP4N-LAPOR!"

    regency = models.ForeignKey(
        Regency, on_delete=models.PROTECT, related_name="practices", verbose_name=_("owner pemda")
    )
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    slug = models.SlugField(
        _("slug"), max_length=120, unique=True, help_text=_("The practice's address: /practices/<slug>/.")
    )
    summary = models.CharField(_("short summary"), max_length=300)
    summary_en = models.CharField(_("short summary in English"), max_length=300, blank=True)
    body = models.TextField(
        _("description"),
        blank=True,
        max_length=50000,
        help_text=_("Markdown: headings, lists, links, tables."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    sustainability = models.CharField(
        _("sustainability"), max_length=10, choices=Sustainability.choices, default=Sustainability.ACTIVE
    )
    launched_on = models.DateField(_("launched on"), null=True, blank=True)
    reviewed_on = models.DateField(
        _("last reviewed on"), null=True, blank=True, help_text=_("When the owner last checked this page.")
    )
    rb_themes = models.ManyToManyField(
        RbTheme, blank=True, related_name="practices", verbose_name=_("RB tematik priorities")
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="practices", verbose_name=_("tags"))
    contacts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="practices_as_contact",
        verbose_name=_("contact persons"),
        help_text=_("Staff of the owner pemda who help adopters (narahubung)."),
    )
    demo = models.BooleanField(
        _("example (contoh)"),
        default=False,
        help_text=_("Demonstration content written from public reporting, not submitted by the pemda."),
    )
    source_title = models.TextField(_("source"), blank=True)
    source_url = models.URLField(_("source link"), max_length=500, blank=True)
    # An adopter's adapted version of another pemda's practice (published from its replication).
    based_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="derived",
        verbose_name=_("based on"),
        help_text=_("The practice of another pemda this one adapts."),
    )

    # What it takes to replicate
    problem = models.TextField(_("problem solved"), blank=True, max_length=5000)
    results = models.TextField(
        _("results"),
        blank=True,
        max_length=5000,
        help_text=_("With figures, and where each figure comes from."),
    )
    hosting = models.TextField(_("hosting needed"), blank=True, max_length=2000)
    national_platforms = models.JSONField(
        _("national platforms it integrates with"),
        default=list,
        blank=True,
        validators=[validators.ChoiceListValidator(NationalPlatform.values)],
    )
    regulations_needed = models.TextField(_("regulations an adopter must issue"), blank=True, max_length=3000)
    skills_needed = models.TextField(_("skills needed"), blank=True, max_length=3000)
    build_team_size = models.PositiveSmallIntegerField(_("team to build (people)"), null=True, blank=True)
    build_budget = models.PositiveBigIntegerField(_("budget to build (rupiah)"), null=True, blank=True)
    run_team_size = models.PositiveSmallIntegerField(_("team to run (people)"), null=True, blank=True)
    run_budget = models.PositiveBigIntegerField(_("budget to run (rupiah a year)"), null=True, blank=True)
    adoption_months = models.PositiveSmallIntegerField(
        _("estimated months to adopt"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    adoption_effort = models.TextField(_("what adopting takes"), blank=True, max_length=3000)

    # Software (kind "application"); names follow publiccode.yml (see knowledge/publiccode.py)
    repository_url = models.URLField(_("source code repository"), max_length=500, blank=True)
    landing_url = models.URLField(_("landing page"), max_length=500, blank=True)
    license = models.CharField(
        _("licence"),
        max_length=200,
        blank=True,
        validators=[validators.validate_license],
        help_text=_(
            "An SPDX expression such as MIT or GPL-3.0-or-later; LicenseRef-proprietary if proprietary."
        ),
    )
    development_status = models.CharField(
        _("development status"), max_length=20, choices=DevelopmentStatus.choices, blank=True
    )
    software_type = models.CharField(
        _("software type"), max_length=30, choices=SoftwareType.choices, blank=True
    )
    platforms = models.JSONField(
        _("platforms"), default=list, blank=True, validators=[validators.validate_string_list]
    )
    dependencies = models.JSONField(
        _("dependencies"), default=list, blank=True, validators=[validators.validate_string_list]
    )
    available_languages = models.JSONField(
        _("available languages"),
        default=validators.default_languages,
        blank=True,
        validators=[validators.validate_language_tags],
    )
    maintenance_type = models.CharField(
        _("maintenance"), max_length=20, choices=MaintenanceType.choices, blank=True
    )
    maintenance_contacts = models.JSONField(
        _("maintenance contacts"), default=list, blank=True, validators=[validators.validate_contacts]
    )
    publiccode_extra = models.JSONField(
        _("other publiccode.yml keys"), default=dict, blank=True, help_text=_("Kept as imported.")
    )

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    # Weighted words of the title, summary, tags, body and replication card, kept up to date by
    # services.practice_search_index (a generated column cannot read the tags). Unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        indexes = [
            models.Index(fields=["status", "-published_at"]),
            models.Index(fields=["regency", "status"]),
            # GIN on PostgreSQL; SQLite makes plain indexes of them and searches with icontains.
            GinIndex(fields=["search_vector"], name="practice_search_gin"),
            GinIndex(fields=["title"], opclasses=["gin_trgm_ops"], name="practice_title_trgm"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PracticeStatus.values), name="practice_status_valid"
            ),
            models.CheckConstraint(condition=Q(kind__in=PracticeKind.values), name="practice_kind_valid"),
            models.CheckConstraint(
                condition=Q(sustainability__in=PracticeSustainability.values),
                name="practice_sustainability_valid",
            ),
            models.CheckConstraint(
                condition=~Q(slug__in=sorted(RESERVED_SLUGS)) & ~Q(slug=""), name="practice_slug_usable"
            ),
            models.CheckConstraint(condition=~Q(based_on=F("pk")), name="practice_not_based_on_itself"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("practices:detail", kwargs={"slug": self.slug})

    @property
    def localized_title(self):
        """The English title on English pages when there is one."""
        if self.title_en and translation.get_language() == "en":
            return self.title_en
        return self.title

    @property
    def localized_summary(self):
        if self.summary_en and translation.get_language() == "en":
            return self.summary_en
        return self.summary

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    @property
    def is_archived(self):
        return self.status == self.Status.ARCHIVED

    @property
    def is_application(self):
        return self.kind == self.Kind.APPLICATION

    @property
    def has_software_description(self):
        """Enough to export as publiccode.yml (knowledge/practices/publiccode_sync.py)."""
        return bool(self.development_status and self.software_type and self.maintenance_type)

    def review_age_months(self, today=None):
        """Whole months since the last review; None if never reviewed."""
        if self.reviewed_on is None:
            return None
        return months_between(self.reviewed_on, today or timezone.localdate())

    def is_stale(self, today=None):
        age = self.review_age_months(today)
        return age is not None and age > STALE_AFTER_MONTHS


class GlossaryTerm(models.Model):
    """A term of Indonesian government writing and what it stands for (TTE and tanda tangan
    elektronik): search finds either when asked for one. National admins edit them in the admin."""

    term = models.CharField(_("term"), max_length=80, help_text=_("An acronym or a word, e.g. TTE."))
    expansion = models.CharField(
        _("expansion"),
        max_length=200,
        help_text=_("What it stands for or means the same, e.g. tanda tangan elektronik."),
    )

    class Meta:
        ordering = ["term", "expansion"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary")
        constraints = [
            models.UniqueConstraint(Lower("term"), Lower("expansion"), name="glossary_term_unique"),
            models.CheckConstraint(condition=~Q(term="") & ~Q(expansion=""), name="glossary_term_filled"),
        ]

    def __str__(self):
        return f"{self.term} ↔ {self.expansion}"


# "Did you mean" (selectors.did_you_mean) asks for titles with the %> operator of pg_trgm, which the
# trigram index serves; registered on this one field, not on every CharField.
Practice._meta.get_field("title").register_lookup(TrigramWordSimilar)


class PracticeIndicator(models.Model):
    """An SPBE indicator the practice helped improve, the level it helped reach, and how."""

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="indicator_links", verbose_name=_("practice")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="practice_links", verbose_name=_("SPBE indicator")
    )
    level = models.PositiveSmallIntegerField(
        _("level it helped reach"), validators=[MinValueValidator(0), MaxValueValidator(5)]
    )
    evidence = models.TextField(_("evidence of the effect"), blank=True, max_length=1000)

    class Meta:
        ordering = ["indicator__framework", "indicator__number"]
        verbose_name = _("SPBE indicator improved")
        verbose_name_plural = _("SPBE indicators improved")
        constraints = [
            models.UniqueConstraint(fields=["practice", "indicator"], name="one_link_per_practice_indicator")
        ]

    def __str__(self):
        return f"{self.indicator}: {self.level}"


def document_upload_to(instance, filename):
    # The name was already made safe (practices.documents.stored_name); only the folder is added here.
    return f"knowledge/documents/{timezone.localdate():%Y}/{filename}"


class UploadedDocument(models.Model):
    """A file checked by the upload checker, with its title, type, size, who and when. Each kind
    adds what it belongs to and `file`, with its own folder."""

    title = models.CharField(_("title"), max_length=200)
    file_type = models.CharField(_("file type"), max_length=10)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.title

    @property
    def download_name(self):
        return self.file.name.rsplit("/", 1)[-1]


class PracticeDocument(UploadedDocument):
    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="documents", verbose_name=_("practice")
    )
    file = models.FileField(_("file"), upload_to=document_upload_to, max_length=200)

    class Meta(UploadedDocument.Meta):
        verbose_name = _("practice document")
        verbose_name_plural = _("practice documents")


class PracticeRevision(models.Model):
    """One change of a practice: who (and in which role), when, and each field's old -> new value."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        EDITED = "edited", _("Edited")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")
        DOCUMENT_ADDED = "document_added", _("Document added")
        DOCUMENT_REMOVED = "document_removed", _("Document removed")

    class Role(models.TextChoices):
        EDITOR = "editor", _("Editor")
        MANAGER = "manager", _("Manager")
        NATIONAL_ADMIN = "national_admin", _("National admin")
        SYSTEM = "system", _("Data loader")

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("practice")
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    # The author's role and pemda when they made the change: the public history names these, not people.
    by_role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    by_regency = models.ForeignKey(
        Regency, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("pemda")
    )
    changed_at = models.DateTimeField(_("when"), default=timezone.now)
    changes = models.JSONField(_("changes"), default=list, blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("practice revision")
        verbose_name_plural = _("practice revisions")
        indexes = [models.Index(fields=["practice", "-changed_at"])]

    def __str__(self):
        return f"{self.practice_id} {self.get_action_display()} {self.changed_at:%Y-%m-%d %H:%M}"

    def change_rows(self):
        """(field label, old, new) for each change, with choices and yes/no in words."""
        return [
            (
                _change_label(change.get("field", "")),
                _change_value(change.get("field", ""), change.get("old", "")),
                _change_value(change.get("field", ""), change.get("new", "")),
            )
            for change in self.changes
        ]


RELATION_LABELS = {"indicators": _("SPBE indicators improved"), "documents": _("documents")}


def _practice_field(name):
    try:
        return Practice._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _change_label(name):
    field = _practice_field(name)
    return field.verbose_name if field is not None else RELATION_LABELS.get(name, name)


def _change_value(name, value):
    field = _practice_field(name)
    if field is None or value == "":
        return value
    if isinstance(field, models.BooleanField):
        return _("yes") if value == "1" else _("no")
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    return value
