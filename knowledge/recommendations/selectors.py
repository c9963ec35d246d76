"""What a pemda could replicate next: from its latest evaluation with indicator detail, the indicators
with the largest potential gain (spbe's gap selector) and, for each, the published practices of other
pemda linked to that indicator, best first."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import formats
from django.utils.translation import ngettext

from spbe.models import Evaluation
from spbe.selectors import evaluation_detail, evaluation_gaps

from ..practices.models import Practice, PracticeIndicator
from ..replications.stages import Stage

TOP_INDICATORS = 5
# The best few practices per indicator: enough to choose from, and a page (or answer) that stays
# small however many pemda publish on an indicator (415 items, 181 KiB, in the benchmark before).
PRACTICES_PER_INDICATOR = 5
# A replication "runs" the practice once it is live (and stays so once evaluated).
RUNNING = (Stage.LIVE, Stage.EVALUATED)


@dataclass(frozen=True)
class Recommendation:
    indicator_number: int
    indicator_name: str
    level: int  # the pemda's own level on the indicator
    gain: Decimal  # index points won by reaching the top level
    practice: Practice  # with its regency
    owner_level: int  # the level the practice helped its owner reach
    running: int  # pemda running a replication of it
    reviewed_on: date | None

    @property
    def sentence(self):
        """One sentence, in the active language, saying why this practice is recommended."""
        return ngettext(
            "%(owner)s is at level %(owner_level)s on indicator %(number)s, you are at level %(level)s; "
            "potential gain +%(gain)s; %(count)s pemda runs it",
            "%(owner)s is at level %(owner_level)s on indicator %(number)s, you are at level %(level)s; "
            "potential gain +%(gain)s; %(count)s pemda run it",
            self.running,
        ) % {
            "owner": self.practice.regency.name,
            "owner_level": self.owner_level,
            "number": self.indicator_number,
            "level": self.level,
            "gain": formats.number_format(self.gain, 2),
            "count": self.running,
        }


@dataclass(frozen=True)
class Recommendations:
    evaluation: Evaluation | None  # None: no evaluation with indicator detail yet
    items: list


def latest_detailed_evaluation(regency):
    """The pemda's newest public evaluation with indicator detail (an official result before a
    self-assessment of the same year)."""
    return (
        Evaluation.objects.public()
        .filter(regency=regency, computed_index__isnull=False)
        .order_by("-year", "source")
        .first()
    )


def _rank(link):
    # Best first: the owner's level on it, then how many pemda run it, then the freshest page.
    return (-link.level, -link.running, -(link.practice.reviewed_on or date.min).toordinal())


def regency_recommendations(regency, limit=None):
    """Recommendations ordered by the indicator's gain, then by the practice's rank; 6 queries
    whatever the number of practices (evaluation, its detail and 3 prefetches, the linked practices)."""
    evaluation = latest_detailed_evaluation(regency)
    if evaluation is None:
        return Recommendations(evaluation=None, items=[])
    evaluation = evaluation_detail(evaluation.pk)
    gaps = [gap for gap in evaluation_gaps(evaluation).indicators if gap.gain > 0]
    gaps = gaps[:TOP_INDICATORS]
    links = (
        PracticeIndicator.objects.filter(
            indicator__framework_id=evaluation.framework_id,
            indicator__number__in=[gap.number for gap in gaps],
            practice__in=Practice.objects.published(),
        )
        .exclude(practice__regency=regency)
        .select_related("practice__regency", "indicator")
        .annotate(
            running=Count("practice__replications", filter=Q(practice__replications__stage__in=RUNNING))
        )
    )
    by_number = {}
    for link in links:
        by_number.setdefault(link.indicator.number, []).append(link)
    items = [
        Recommendation(
            indicator_number=gap.number,
            indicator_name=gap.name,
            level=gap.level,
            gain=gap.gain,
            practice=link.practice,
            owner_level=link.level,
            running=link.running,
            reviewed_on=link.practice.reviewed_on,
        )
        for gap in gaps
        for link in sorted(by_number.get(gap.number, []), key=_rank)[:PRACTICES_PER_INDICATOR]
    ]
    return Recommendations(evaluation=evaluation, items=items[:limit] if limit else items)
