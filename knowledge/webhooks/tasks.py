"""Celery task of webhooks: one attempt per message, the next one scheduled with its back-off.
Idempotent: services.delivery_attempt claims attempt N once, and never re-sends a delivered one."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import services


@shared_task(
    name="webhooks.deliver",
    # A lost database is retried; a refused or failing receiver is the delivery's own back-off.
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=5,
    retry_backoff_max=600,
    max_retries=5,
    acks_late=True,
)
def deliver(delivery_id, attempt):
    delay = services.delivery_attempt(delivery_id, attempt)
    if delay is not None:
        services.delivery_enqueue(delivery_id, attempt + 1, countdown=delay.total_seconds())
    return delay is None
