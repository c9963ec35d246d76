"""Follows, each person's notification preferences, and the notifications themselves.

A notification is an event about a subject delivered to one person. Its text is rendered when it is
shown (knowledge.notifications.events), from the structured `data` stored with it, so that it reads in
the reader's language.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from regencies.models import Regency

from ..practices.models import Practice
from . import events


class Follow(models.Model):
    """A person follows one practice or one pemda (exactly one of the two)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows", verbose_name=_("user")
    )
    practice = models.ForeignKey(
        Practice,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
        verbose_name=_("practice"),
    )
    regency = models.ForeignKey(
        Regency,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
        verbose_name=_("regency/city"),
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=(Q(practice__isnull=False) & Q(regency__isnull=True))
                | (Q(practice__isnull=True) & Q(regency__isnull=False)),
                name="follow_exactly_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "practice"], condition=Q(practice__isnull=False), name="follow_practice_once"
            ),
            models.UniqueConstraint(
                fields=["user", "regency"], condition=Q(regency__isnull=False), name="follow_regency_once"
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.practice or self.regency}"

    @property
    def target(self):
        return self.practice or self.regency


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    NEVER = "never", _("Never (only on the portal)")


class NotificationPreference(models.Model):
    """How often a person wants e-mail, and in which language. No row means the defaults."""

    Frequency = Frequency

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("user"),
    )
    frequency = models.CharField(
        _("e-mail frequency"), max_length=12, choices=Frequency.choices, default=Frequency.IMMEDIATELY
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.CheckConstraint(
                condition=Q(frequency__in=Frequency.values), name="preference_frequency_valid"
            )
        ]

    def __str__(self):
        return f"{self.user}: {self.get_frequency_display()}"


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    event = models.CharField(_("event"), max_length=40)
    # The subject: a practice or a pemda through their own keys (to filter and join), anything else
    # (a comment, a replication) through its content type and id.
    practice = models.ForeignKey(
        Practice,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("practice"),
    )
    regency = models.ForeignKey(
        Regency,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("regency/city"),
    )
    subject_type = models.ForeignKey(
        ContentType,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("subject type"),
    )
    subject_id = models.CharField(_("subject id"), max_length=40, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "read_at", "-created_at"]),
            models.Index(
                fields=["recipient", "emailed_at"],
                condition=Q(emailed_at__isnull=True),
                name="notification_to_email",
            ),
        ]

    def __str__(self):
        return f"{self.recipient}: {self.event}"

    @property
    def text(self):
        """The sentence shown to the reader, in the language active now."""
        return events.render(self.event, self.data)

    @property
    def is_read(self):
        return self.read_at is not None


class FreshnessReminder(models.Model):
    """The monthly reminder to review a practice was sent for this practice and this month."""

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="freshness_reminders", verbose_name=_("practice")
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month of the reminder."))
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-month"]
        verbose_name = _("freshness reminder")
        verbose_name_plural = _("freshness reminders")
        constraints = [
            models.UniqueConstraint(fields=["practice", "month"], name="one_freshness_reminder_a_month")
        ]

    def __str__(self):
        return f"{self.practice_id} {self.month:%Y-%m}"
