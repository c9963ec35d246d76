"""Celery tasks of the SPBE app: thin wrappers that load rows by id and call a service."""

import datetime

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from . import imports
from .models import ImportJob


@shared_task(
    # Only a lost or busy database is worth retrying; the job log records any other failure.
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=5,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=5,
    acks_late=True,
)
def import_run_task(job_id):
    """Run a queued import. Idempotent: a finished job is left as it is."""
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is not None:
        imports.import_run(job=job)


@shared_task(name="spbe.import_requeue_stale")
def import_requeue_stale_task():
    """Run by beat: bring back imports whose message or worker was lost."""
    return imports.import_requeue_stale(older_than=datetime.timedelta(minutes=settings.STALE_JOB_MINUTES))
