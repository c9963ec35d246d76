"""Celery tasks of notifications: thin, idempotent (services mark what they sent under row locks)."""

import smtplib

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import services
from .models import Frequency

RETRY = {
    # A lost database or mail server is worth retrying; the rows stay un-e-mailed until it works.
    "autoretry_for": (OperationalError, InterfaceError, smtplib.SMTPException, OSError),
    "retry_backoff": 30,
    "retry_backoff_max": 1800,
    "retry_jitter": True,
    "max_retries": 8,
    "acks_late": True,
}


@shared_task(name="notifications.send_notification_emails", **RETRY)
def send_notification_emails(notification_ids):
    return services.email_immediately(notification_ids=notification_ids)


@shared_task(name="notifications.send_unsent_emails", **RETRY)
def send_unsent_emails():
    """On beat: immediate e-mails whose task was lost (Redis restarted) or passed over a dead worker's row."""
    return services.email_unsent()


@shared_task(name="notifications.send_digest", **RETRY)
def send_digest(user_id, frequency):
    return services.digest_send(user_id=user_id, frequency=frequency)


@shared_task(name="notifications.send_digests", **RETRY)
def send_digests(frequency):
    """On beat: one digest task per person who chose `frequency` and has news."""
    if frequency not in (Frequency.DAILY, Frequency.WEEKLY):
        raise ValueError(f"no digest for frequency {frequency!r}")
    user_ids = services.digest_recipients(frequency=frequency)
    for user_id in user_ids:
        send_digest.delay(user_id, frequency)
    return len(user_ids)


@shared_task(name="notifications.send_freshness_reminders", **RETRY)
def send_freshness_reminders():
    """On beat, monthly: remind owners of practices not reviewed for 12 months."""
    return services.freshness_reminders_send()
