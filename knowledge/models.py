# The knowledge app's models live in one package per concept; Django finds them through this module.
from .discussion.models import Comment, CommentModeration, CommentReport  # noqa: F401
from .notifications.models import Follow, FreshnessReminder, Notification, NotificationPreference  # noqa: F401
from .practices.models import (  # noqa: F401
    GlossaryTerm,
    Practice,
    PracticeDocument,
    PracticeIndicator,
    PracticeRevision,
    RbTheme,
    Tag,
)
from .replications.models import Replication, ReplicationDocument, ReplicationStep  # noqa: F401
from .visits.models import StudyVisit, VisitCommitment  # noqa: F401
from .webhooks.models import WebhookDelivery, WebhookEndpoint  # noqa: F401
