"""What a pemda's staff follow on their dashboard ("Pemda saya"), each list short and in one query."""

from dataclasses import dataclass

from ..practices.selectors import regency_practices
from ..recommendations.selectors import regency_recommendations
from ..replications.models import Replication
from ..replications.selectors import my_replications
from ..replications.stages import Stage
from ..visits.selectors import visits_to_follow_up

LIMIT = 10
TOP_RECOMMENDATIONS = 3


@dataclass(frozen=True)
class Dashboard:
    practices: list
    awaiting_answer: list
    outgoing: list
    stalled: list  # ours, on either side, with no step for 60 days
    visits: list
    recommendations: object  # recommendations.selectors.Recommendations


def pemda_dashboard(*, user, regency):
    return Dashboard(
        practices=list(regency_practices(regency=regency, user=user)[:LIMIT]),
        awaiting_answer=list(
            Replication.objects.filter(owner=regency, stage=Stage.REQUESTED)
            .select_related("practice", "adopter")
            .order_by("created_at", "pk")[:LIMIT]
        ),
        outgoing=list(my_replications(regency.pk, "outgoing").active()[:LIMIT]),
        stalled=list(my_replications(regency.pk).stalled().order_by("stage_changed_at", "pk")[:LIMIT]),
        visits=list(visits_to_follow_up(regency.pk)[:LIMIT]),
        recommendations=regency_recommendations(regency, limit=TOP_RECOMMENDATIONS),
    )
