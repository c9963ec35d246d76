"""A replication: pemda B (the adopter) copies a practice of pemda A (the owner), step by step, each
step confirmed by the side whose step it is (stages.py)."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from livinglab.audit import AuditedQuerySet
from regencies.models import Regency

from ..practices.models import Practice, UploadedDocument
from ..roles import PublicRole, role_label
from . import events  # noqa: F401 (registers the notification texts)
from .stages import CLOSED, INACTIVE, Side, Stage

# An open replication with no step for this long is stalled ("macet"): both sides are reminded weekly.
STALLED_AFTER = datetime.timedelta(days=60)
MESSAGE_MAX_LENGTH = 3000
NOTE_MAX_LENGTH = 3000
OUTCOME_MAX_LENGTH = 3000
OUTCOME_RATINGS = (1, 5)  # the adopter's rating of the outcome at `evaluated`, lowest to highest
# What a step may record beyond its note (which of them a step needs: stages.required_fields).
STEP_DETAIL_FIELDS = (
    "contact",
    "agreement_kind",
    "agreement_date",
    "handover_date",
    "training_start",
    "training_end",
    "training_participants",
    "go_live_date",
    "outcome",
    "outcome_rating",
)


class AgreementKind(models.TextChoices):
    MOU = "mou", _("Memorandum of understanding (MoU / Nota Kesepahaman)")
    PKS = "pks", _("Cooperation agreement (PKS)")


def _stalled_before(now=None):
    return (now or timezone.now()) - STALLED_AFTER


class ReplicationQuerySet(AuditedQuerySet):
    def active(self):
        return self.exclude(stage__in=INACTIVE)

    def public(self):
        """What anyone may see: replications the owner accepted, of a practice that is not a draft."""
        return self.filter(accepted_at__isnull=False).exclude(practice__status=Practice.Status.DRAFT)

    def stalled(self, now=None):
        """Open (not evaluated, declined or stopped) with no step for STALLED_AFTER or longer. An
        example recorded from public reporting (demo) never is: the portal does not know its today."""
        return self.exclude(stage__in=CLOSED).filter(stage_changed_at__lte=_stalled_before(now), demo=False)

    def not_stalled(self, now=None):
        return self.filter(Q(stage__in=CLOSED) | Q(stage_changed_at__gt=_stalled_before(now)) | Q(demo=True))

    def of_regency(self, regency_id):
        return self.filter(Q(owner_id=regency_id) | Q(adopter_id=regency_id))


class Replication(models.Model):
    Stage = Stage

    practice = models.ForeignKey(
        Practice, on_delete=models.PROTECT, related_name="replications", verbose_name=_("practice")
    )
    # The practice's pemda when requested: the side that answers and hands over.
    owner = models.ForeignKey(
        Regency, on_delete=models.PROTECT, related_name="replications_given", verbose_name=_("owner pemda")
    )
    adopter = models.ForeignKey(
        Regency, on_delete=models.PROTECT, related_name="replications_taken", verbose_name=_("adopter pemda")
    )
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.REQUESTED)
    message = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact person"),
        help_text=_("The owner pemda's staff member the adopter talks to."),
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    stage_changed_at = models.DateTimeField(_("last step at"), auto_now_add=True, db_index=True)
    # The adopter's own version, published "based on" the practice from `deployed` on.
    derived_practice = models.OneToOneField(
        Practice,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="derived_from_replication",
        verbose_name=_("adopter's version"),
    )
    # Replications recorded from public reporting (load_replications) rather than by the two pemda.
    demo = models.BooleanField(
        _("example (contoh)"),
        default=False,
        help_text=_("Recorded from public reporting, not by the two pemda."),
    )
    source_title = models.TextField(_("source"), blank=True)
    source_url = models.URLField(_("source link"), max_length=500, blank=True)

    objects = ReplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-stage_changed_at", "-pk"]
        verbose_name = _("replication")
        verbose_name_plural = _("replications")
        indexes = [
            models.Index(fields=["owner", "-stage_changed_at"]),
            models.Index(fields=["adopter", "-stage_changed_at"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(stage__in=Stage.values), name="replication_stage_valid"),
            models.CheckConstraint(condition=~Q(owner=F("adopter")), name="replication_not_own_practice"),
            models.UniqueConstraint(
                fields=["practice", "adopter"],
                condition=~Q(stage__in=INACTIVE),
                name="one_active_replication_per_practice_and_adopter",
            ),
        ]

    def __str__(self):
        return f"{self.practice} → {self.adopter}"

    def get_absolute_url(self):
        return reverse("replications:detail", args=[self.pk])

    @property
    def is_public(self):
        """As ReplicationQuerySet.public(): accepted, of a practice anyone may open."""
        return self.accepted_at is not None and self.practice.status != Practice.Status.DRAFT

    @property
    def is_stalled(self):
        """As ReplicationQuerySet.stalled()."""
        return not self.demo and self.stage not in CLOSED and self.stage_changed_at <= _stalled_before()

    def side_of(self, regency_id):
        if regency_id == self.owner_id:
            return Side.OWNER
        if regency_id == self.adopter_id:
            return Side.ADOPTER
        return None


class ReplicationStep(models.Model):
    """One step of the timeline (the request is the first): who, when, a note, the dates it records."""

    Stage = Stage
    Side = Side
    AgreementKind = AgreementKind

    replication = models.ForeignKey(
        Replication, on_delete=models.CASCADE, related_name="steps", verbose_name=_("replication")
    )
    from_stage = models.CharField(_("from"), max_length=12, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=12, choices=Stage.choices)
    side = models.CharField(_("side"), max_length=8, choices=Side.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    # The person's role and pemda at the time: what the public sees instead of a name.
    by_role = models.CharField(_("role"), max_length=20, choices=PublicRole.choices)
    by_regency = models.ForeignKey(
        Regency, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("pemda")
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    note = models.TextField(_("note"), max_length=NOTE_MAX_LENGTH, blank=True)
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact person"),
    )
    agreement_kind = models.CharField(
        _("kind of agreement"), max_length=4, choices=AgreementKind.choices, blank=True
    )
    agreement_date = models.DateField(_("agreement signed on"), null=True, blank=True)
    handover_date = models.DateField(_("handover report (BAST) signed on"), null=True, blank=True)
    training_start = models.DateField(_("training from"), null=True, blank=True)
    training_end = models.DateField(_("training until"), null=True, blank=True)
    training_participants = models.PositiveIntegerField(_("training participants"), null=True, blank=True)
    go_live_date = models.DateField(_("live since"), null=True, blank=True)
    # At `evaluated`: what the adoption achieved, in the adopter's words, and its rating 1-5.
    outcome = models.TextField(_("outcome"), max_length=OUTCOME_MAX_LENGTH, blank=True)
    outcome_rating = models.PositiveSmallIntegerField(
        _("outcome rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(OUTCOME_RATINGS[0]), MaxValueValidator(OUTCOME_RATINGS[1])],
    )

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("replication step")
        verbose_name_plural = _("replication steps")
        constraints = [
            models.CheckConstraint(
                condition=Q(to_stage__in=Stage.values), name="replication_step_stage_valid"
            ),
            models.CheckConstraint(condition=Q(side__in=Side.values), name="replication_step_side_valid"),
            models.CheckConstraint(
                condition=~Q(to_stage__in=[Stage.DECLINED, Stage.STOPPED]) | ~Q(note=""),
                name="replication_step_closing_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(training_end__isnull=True)
                | Q(training_start__isnull=True)
                | Q(training_end__gte=F("training_start")),
                name="replication_step_training_dates_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.replication_id}: {self.from_stage} → {self.to_stage}"

    @property
    def by_label(self):
        return role_label(self.by_role, self.by_regency.name if self.by_regency_id else "")


def step_document_upload_to(instance, filename):
    # The name was already made safe (practices.documents.prepare); only the folder is added here.
    return f"knowledge/replications/{timezone.localdate():%Y}/{filename}"


class ReplicationDocument(UploadedDocument):
    """Evidence of one step (an MoU/PKS scan, a BAST, a training attendance list): never public."""

    step = models.ForeignKey(
        ReplicationStep, on_delete=models.CASCADE, related_name="documents", verbose_name=_("step")
    )
    file = models.FileField(_("file"), upload_to=step_document_upload_to, max_length=200)

    class Meta(UploadedDocument.Meta):
        verbose_name = _("replication document")
        verbose_name_plural = _("replication documents")
