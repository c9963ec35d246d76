"""Celery tasks of replications: thin and idempotent (the service reminds no one twice a week)."""

from celery import shared_task

from ..notifications.tasks import RETRY
from . import services


@shared_task(name="replications.send_stalled_reminders", **RETRY)
def send_stalled_reminders():
    """On beat, weekly: remind both pemda of each replication with no step for 60 days."""
    return services.stalled_reminders_send()
