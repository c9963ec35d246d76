"""Webhooks: national admins register a URL and a secret; every replication step is POSTed to each
active endpoint, one WebhookDelivery per endpoint and step (tasks.py sends it)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from livinglab.audit import AuditedQuerySet

from ..replications.models import ReplicationStep

URL_MAX_LENGTH = 500
MAX_ATTEMPTS = 5


class WebhookEndpoint(models.Model):
    url = models.URLField(_("URL"), max_length=URL_MAX_LENGTH)
    secret = models.CharField(
        _("secret"), max_length=200, help_text=_("Used to sign every delivery (HMAC-SHA256).")
    )
    active = models.BooleanField(_("active"), default=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self):
        return self.url


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed")

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("endpoint")
    )
    step = models.ForeignKey(
        ReplicationStep,
        on_delete=models.CASCADE,
        related_name="webhook_deliveries",
        verbose_name=_("replication step"),
    )
    event = models.CharField(_("event"), max_length=40)
    payload = models.JSONField(_("payload"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_status_code = models.PositiveSmallIntegerField(_("last status code"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    # Set while an attempt is being sent: a worker that died mid-send leaves it, and the redelivered
    # task message may take the attempt over once services.SENDING_LEASE has passed.
    sending_since = models.DateTimeField(_("sending since"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "step"], name="one_webhook_delivery_per_step"),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "delivered", "failed"]),
                name="webhook_delivery_status_valid",
            ),
        ]

    def __str__(self):
        return f"{self.event} #{self.step_id} → {self.endpoint}"
