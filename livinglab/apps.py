from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LivingLabConfig(AppConfig):
    name = "livinglab"
    verbose_name = _("Living Lab")

    def ready(self):
        from celery import signals
        from django.contrib.auth import get_user_model
        from django.db.backends.signals import connection_created

        from . import audit, logging, metrics, page_cache, personal_data
        from .failed_tasks import failed_task_record

        personal_data.register(personal_data.ACCOUNT)
        connection_created.connect(page_cache.watch_connection, dispatch_uid="livinglab.page_cache")
        # National roles are groups; auth's manager is Django's, and no code here writes users in bulk.
        audit.register(
            get_user_model(),
            fields=["is_active", "is_staff", "is_superuser"],
            m2m=["groups"],
            label=lambda user: user.get_username(),
            person="id",
            bulk_writes=False,
        )
        signals.task_failure.connect(failed_task_record, dispatch_uid="livinglab.failed_task_record")
        signals.task_success.connect(metrics.task_succeeded, dispatch_uid="livinglab.metrics.succeeded")
        signals.task_failure.connect(metrics.task_failed, dispatch_uid="livinglab.metrics.failed")
        signals.task_retry.connect(metrics.task_retried, dispatch_uid="livinglab.metrics.retried")
        signals.task_prerun.connect(logging.task_started, dispatch_uid="livinglab.logging.task_started")
        signals.task_postrun.connect(logging.task_finished, dispatch_uid="livinglab.logging.task_finished")
