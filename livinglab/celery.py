import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "livinglab.settings")

app = Celery("livinglab")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="livinglab.ping")
def ping():
    """Round trip used by the health check and the worker test."""
    return "pong"
