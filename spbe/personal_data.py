"""What the SPBE records say about a person. Nothing here is erased: evaluations, evidence, imports and
the level history are the pemda's public-administration records; they keep pointing at the anonymised
account ("staf sebelumnya")."""

from django.db.models import F, Q

from livinglab.personal_data import Provider

from .models import Evaluation, Evidence, ImportJob, LevelChange, SelfAssessmentEvent

# Which pemda, year and indicator a piece of evidence or a level change belongs to.
WHERE = {
    "regency": F("score__evaluation__regency_id"),
    "year": F("score__evaluation__year"),
    "indicator": F("score__indicator__number"),
}


def _export(user):
    return {
        "evidence_added": list(
            Evidence.objects.filter(added_by=user)
            .order_by("added_at")
            .values(
                "added_at",
                "title",
                "url",
                "file",
                **WHERE,
            )
        ),
        "imports_run": list(
            ImportJob.objects.filter(uploaded_by=user)
            .order_by("created_at")
            .values("created_at", "original_name", "status", "created", "updated", "unchanged")
        ),
        "level_changes": list(
            LevelChange.objects.filter(changed_by=user)
            .order_by("changed_at", "pk")
            .values(
                "changed_at",
                "old_level",
                "new_level",
                **WHERE,
            )
        ),
        "self_assessment_steps": list(
            SelfAssessmentEvent.objects.filter(by_user=user)
            .order_by("at", "pk")
            .values(
                "at",
                "kind",
                "by_role",
                "old_level",
                "new_level",
                "detail",
                regency=F("evaluation__regency_id"),
                year=F("evaluation__year"),
                indicator_number=F("indicator__number"),
            )
        ),
        "evaluations_submitted_or_reviewed": list(
            Evaluation.objects.filter(Q(submitted_by=user) | Q(reviewed_by=user))
            .order_by("year", "regency_id")
            .values("regency_id", "year", "status", "submitted_at", "reviewed_at")
        ),
    }


PROVIDER = Provider("spbe", _export)
