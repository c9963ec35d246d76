from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class FailedTaskQuerySet(models.QuerySet):
    def open(self):
        return self.filter(retried_at__isnull=True)


class FailedTask(models.Model):
    """A Celery task that failed for good (its retries used up), kept until a national admin retries it."""

    task_id = models.CharField(_("task id"), max_length=255, unique=True)
    task_name = models.CharField(_("task"), max_length=255)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    kwargs = models.JSONField(_("keyword arguments"), default=dict, blank=True)
    error = models.TextField(_("error"))
    traceback = models.TextField(_("traceback"), blank=True)
    failed_at = models.DateTimeField(_("failed at"), auto_now_add=True)
    retried_at = models.DateTimeField(_("retried at"), null=True, blank=True)
    retried_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("retried by"),
    )
    retry_task_id = models.CharField(_("task id of the retry"), max_length=255, blank=True)

    objects = FailedTaskQuerySet.as_manager()

    class Meta:
        ordering = ["-failed_at"]
        verbose_name = _("failed task")
        verbose_name_plural = _("failed tasks")

    def __str__(self):
        return f"{self.task_name} ({self.task_id})"


class AuditEvent(models.Model):
    """One change to an audited record: who, when, what, before → after (livinglab.audit writes it)."""

    class Action(models.TextChoices):
        CREATED = "created", pgettext_lazy("audit action", "Created")
        CHANGED = "changed", pgettext_lazy("audit action", "Changed")
        DELETED = "deleted", pgettext_lazy("audit action", "Deleted")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    # Kept when the account is deleted; an erased account's anonymous name; empty: the system (a script).
    actor_label = models.CharField(_("by (user name)"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    via = models.CharField(
        _("through"),
        max_length=100,
        blank=True,
        help_text=_("A bulk write or an import, when not a single save."),
    )
    object_type = models.CharField(_("type of record"), max_length=100)
    object_id = models.CharField(_("record id"), max_length=64)
    object_label = models.CharField(_("record"), max_length=300)
    # The account a record is about (a membership's holder), for an erasure to remove its name from
    # here too. A plain id: the events of deleting an account and its membership still name it.
    about_user_id = models.PositiveBigIntegerField(
        _("about the account (id)"), null=True, blank=True, db_index=True
    )
    changes = models.JSONField(_("changes (before → after)"), default=dict, blank=True)
    request_id = models.CharField(_("request id"), max_length=128, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name}: {self.get_action_display()} {self.object_label}"

    @property
    def actor_name(self):
        from .personal_data import is_former_staff_name

        if not self.actor_label:
            return _("system")
        if is_former_staff_name(self.actor_label):
            return _("erased account")
        return self.actor_label
