"""A study visit: staff of one pemda (the visitors) see practices of another (the host), and commit to
replicate some of them. A commitment becomes a replication request (knowledge.replications)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from livinglab.audit import AuditedQuerySet
from regencies.models import Regency

from ..practices.models import Practice
from ..replications.models import Replication

NOTES_MAX_LENGTH = 3000
# A visit whose commitments still have no replication this many days after it is flagged.
FOLLOW_UP_DAYS = 90


class StudyVisit(models.Model):
    visitor = models.ForeignKey(
        Regency, on_delete=models.PROTECT, related_name="visits_made", verbose_name=_("visiting pemda")
    )
    host = models.ForeignKey(
        Regency, on_delete=models.PROTECT, related_name="visits_received", verbose_name=_("host pemda")
    )
    visited_on = models.DateField(_("date of the visit"))
    participants = models.PositiveIntegerField(_("participants"))
    practices = models.ManyToManyField(
        Practice, related_name="study_visits", blank=True, verbose_name=_("practices seen")
    )
    notes = models.TextField(_("notes"), max_length=NOTES_MAX_LENGTH, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["-visited_on", "-pk"]
        verbose_name = _("study visit")
        verbose_name_plural = _("study visits")
        constraints = [
            models.CheckConstraint(condition=~Q(visitor=F("host")), name="study_visit_not_to_itself"),
            models.CheckConstraint(condition=Q(participants__gte=1), name="study_visit_has_participants"),
        ]

    def __str__(self):
        return f"{self.visitor} → {self.host} ({self.visited_on})"

    def get_absolute_url(self):
        return reverse("visits:detail", args=[self.pk])


class VisitCommitment(models.Model):
    """The visitors commit to replicate one practice of the host; `replication` once requested."""

    visit = models.ForeignKey(
        StudyVisit, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("study visit")
    )
    practice = models.ForeignKey(
        Practice, on_delete=models.PROTECT, related_name="+", verbose_name=_("practice")
    )
    replication = models.ForeignKey(
        Replication,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("replication"),
    )

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("follow-up commitment")
        verbose_name_plural = _("follow-up commitments")
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "practice"], name="one_commitment_per_practice_and_visit"
            )
        ]

    def __str__(self):
        return str(self.practice)
