"""Start the complete history from what was kept before: every level change, and the last submission
and review of each self-assessment. Level descriptions were English; they move to description_en
(the framework loader then fills the Indonesian ones)."""

from django.db import migrations
from django.db.models import F


def forward(apps, schema_editor):
    Level = apps.get_model("spbe", "Level")
    Level.objects.filter(description_en="").update(description_en=F("description"), description="")
    LevelChange = apps.get_model("spbe", "LevelChange")
    Evaluation = apps.get_model("spbe", "Evaluation")
    Event = apps.get_model("spbe", "SelfAssessmentEvent")
    events = [
        Event(
            evaluation_id=change.score.evaluation_id,
            indicator_id=change.score.indicator_id,
            kind="level",
            at=change.changed_at,
            by_user_id=change.changed_by_id,
            # Who acted then is not known; a change without a user came from an import script.
            by_role="pemda_staff" if change.changed_by_id else "system",
            by_regency_id=change.score.evaluation.regency_id if change.changed_by_id else None,
            old_level=change.old_level,
            new_level=change.new_level,
        )
        for change in LevelChange.objects.select_related("score__evaluation").filter(
            score__evaluation__source="self_assessment"
        )
    ]
    for evaluation in Evaluation.objects.filter(source="self_assessment"):
        if evaluation.submitted_at:
            events.append(
                Event(
                    evaluation=evaluation,
                    kind="submitted",
                    at=evaluation.submitted_at,
                    by_user_id=evaluation.submitted_by_id,
                    by_role="pemda_staff",
                    by_regency_id=evaluation.regency_id,
                )
            )
        if evaluation.reviewed_at and evaluation.status in ("verified", "returned"):
            events.append(
                Event(
                    evaluation=evaluation,
                    kind=evaluation.status,
                    at=evaluation.reviewed_at,
                    by_user_id=evaluation.reviewed_by_id,
                    by_role="assessor",
                )
            )
    Event.objects.bulk_create(events, batch_size=2000)


def backward(apps, schema_editor):
    Level = apps.get_model("spbe", "Level")
    Level.objects.filter(description="").update(description=F("description_en"))


class Migration(migrations.Migration):
    dependencies = [("spbe", "0007_framework_criteria_evidence_history")]

    operations = [migrations.RunPython(forward, backward)]
