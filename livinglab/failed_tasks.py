"""Tasks that failed for good: recorded with their error, listed in the admin, retried from there."""

import json
import logging

from django.db import DatabaseError, transaction
from django.utils import timezone

from .celery import app as celery_app
from .models import FailedTask

logger = logging.getLogger(__name__)


def _json_safe(value):
    return json.loads(json.dumps(value, default=str))


def failed_task_record(sender=None, task_id=None, exception=None, args=None, kwargs=None, einfo=None, **_):
    """Receiver of Celery's task_failure: sent once a task has used up its retries, or has none.

    Idempotent by task id: a task delivered again after a lost worker fails into the same row."""
    try:
        FailedTask.objects.update_or_create(
            task_id=task_id or "",
            defaults={
                "task_name": sender.name if sender else "",
                "args": _json_safe(list(args or ())),
                "kwargs": _json_safe(dict(kwargs or {})),
                "error": f"{type(exception).__name__}: {exception}"[:4000],
                "traceback": str(einfo or "")[:20000],
            },
        )
    except DatabaseError:
        # The database may be the very thing that failed: the worker's log keeps the error then.
        logger.exception("could not record the failure of task %s (%s)", task_id, sender)


class AlreadyRetried(Exception):
    pass


@transaction.atomic
def failed_task_retry(*, failed_task, by_user):
    """Send the task again with its arguments, once: a second retry of the same entry is refused."""
    failed_task = FailedTask.objects.select_for_update().get(pk=failed_task.pk)
    if failed_task.retried_at is not None:
        raise AlreadyRetried(failed_task.task_id)
    retry_id = f"retry-{failed_task.pk}-{failed_task.task_id}"[:255]
    failed_task.retried_at, failed_task.retried_by, failed_task.retry_task_id = (
        timezone.now(),
        by_user,
        retry_id,
    )
    failed_task.save(update_fields=["retried_at", "retried_by", "retry_task_id"])
    # A signature runs a task of this code base like any other call (eagerly without Redis).
    task = celery_app.signature(failed_task.task_name, args=failed_task.args, kwargs=failed_task.kwargs)
    transaction.on_commit(lambda: task.apply_async(task_id=retry_id))
    return failed_task
