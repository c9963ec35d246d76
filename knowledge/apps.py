from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Shared practices")

    def ready(self):
        from livinglab import audit

        from .practices.models import Practice, PracticeDocument
        from .practices.services import TRACKED_FIELDS
        from .replications.models import STEP_DETAIL_FIELDS, Replication, ReplicationDocument, ReplicationStep

        # A practice's relations (themes, tags, contacts, indicators) are recorded by practice_save.
        audit.register(
            Practice,
            fields=["regency", "slug", "status", "published_at", "archived_at", *TRACKED_FIELDS],
        )
        audit.register(
            PracticeDocument, fields=["practice", "title", "file", "file_type", "size"], related=["practice"]
        )
        audit.register(
            Replication,
            fields=[
                "practice",
                "owner",
                "adopter",
                "stage",
                "message",
                "contact",
                "accepted_at",
                "derived_practice",
                "demo",
                "source_title",
                "source_url",
            ],
            related=["practice", "adopter"],
        )
        audit.register(
            ReplicationStep,
            fields=[
                "replication",
                "from_stage",
                "to_stage",
                "side",
                "note",
                *STEP_DETAIL_FIELDS,
            ],
        )
        audit.register(ReplicationDocument, fields=["step", "title", "file", "file_type", "size"])
        from .visits.models import StudyVisit, VisitCommitment

        audit.register(
            StudyVisit,
            fields=["visitor", "host", "visited_on", "participants", "notes"],
            m2m=["practices"],
            related=["visitor", "host"],
        )
        audit.register(VisitCommitment, fields=["visit", "practice", "replication"], related=["practice"])
        from .webhooks.models import WebhookEndpoint

        # The secret is never written into the trail.
        audit.register(WebhookEndpoint, fields=["url", "active", "description", "created_by"])
