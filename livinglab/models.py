from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
