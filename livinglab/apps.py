from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LivingLabConfig(AppConfig):
    name = "livinglab"
    verbose_name = _("Living Lab")

    def ready(self):
        from celery import signals

        from . import logging, metrics, personal_data
        from .failed_tasks import failed_task_record

        personal_data.register(personal_data.ACCOUNT)
        signals.task_failure.connect(failed_task_record, dispatch_uid="livinglab.failed_task_record")
        signals.task_success.connect(metrics.task_succeeded, dispatch_uid="livinglab.metrics.succeeded")
        signals.task_failure.connect(metrics.task_failed, dispatch_uid="livinglab.metrics.failed")
        signals.task_retry.connect(metrics.task_retried, dispatch_uid="livinglab.metrics.retried")
        signals.task_prerun.connect(logging.task_started, dispatch_uid="livinglab.logging.task_started")
        signals.task_postrun.connect(logging.task_finished, dispatch_uid="livinglab.logging.task_finished")
