import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "livinglab.settings")

app = Celery("livinglab")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _operations_schedule(sender, **kwargs):
    # Added to whatever CELERY_BEAT_SCHEDULE holds: imports whose message or worker was lost come back.
    from django.conf import settings

    sender.add_periodic_task(
        settings.STALE_JOB_CHECK_SECONDS,
        sender.signature("spbe.import_requeue_stale"),
        name="requeue stale imports",
    )
    # Likewise immediate notification e-mails whose task was lost or passed over a dead worker's row.
    sender.add_periodic_task(
        settings.STALE_JOB_CHECK_SECONDS,
        sender.signature("notifications.send_unsent_emails"),
        name="send unsent notification e-mails",
    )


@app.task(name="livinglab.ping")
def ping():
    """Round trip used by the health check and the worker test."""
    return "pong"
