# Celery's autodiscovery reads each app's tasks module: the knowledge app's tasks live with each concept.
from .notifications.tasks import (  # noqa: F401
    send_digest,
    send_digests,
    send_freshness_reminders,
    send_notification_emails,
)
from .replications.tasks import send_stalled_reminders  # noqa: F401
