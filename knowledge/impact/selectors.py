"""Measured impact of a replication (issue 9 item 6): the adopter's SPBE index and its levels on the
practice's indicators in the year before the request and in the latest year, beside the national median
as a baseline; and, for a practice, the median change of its adopters against the national change.

Figures come from public SPBE data only: an official result, else a verified self-assessment of that
year (each figure keeps its Evaluation, so pages label it with figure_kind/figure_source). A constant
number of queries, whatever the number of adopters or indicators.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from statistics import median

from spbe.models import Evaluation, IndicatorScore

from ..practices.models import PracticeIndicator
from ..replications.models import Replication
from ..replications.stages import RUNNING, VERIFIED

SOURCE_ORDER = {Evaluation.Source.OFFICIAL: 0, Evaluation.Source.SELF_ASSESSMENT: 1}


def _change(before, after):
    if before is None or after is None:
        return None
    return after - before


@dataclass
class YearFigure:
    """A pemda's public result in one year, or `evaluation` None when that year has none."""

    year: int
    evaluation: Evaluation | None = None

    @property
    def index(self):
        return self.evaluation.index if self.evaluation else None


@dataclass
class NationalMedian:
    year: int
    index: Decimal | None  # None: no pemda has a public result that year
    count: int
    synthetic: bool = False  # generated demo figures are among those counted


@dataclass
class IndicatorChange:
    number: int
    name: str
    before: int | None
    after: int | None

    @property
    def change(self):
        return _change(self.before, self.after)


@dataclass
class Impact:
    before: YearFigure
    after: YearFigure | None  # None: the adopter has no public result after the request
    national_before: NationalMedian
    national_after: NationalMedian | None
    indicators: list = field(default_factory=list)

    @property
    def change(self):
        return _change(self.before.index, self.after.index if self.after else None)

    @property
    def national_change(self):
        if self.national_after is None:
            return None
        return _change(self.national_before.index, self.national_after.index)

    @property
    def is_complete(self):
        """Both years have the adopter's figure and the national median: the change counts."""
        return self.change is not None and self.national_change is not None


def _preferred(evaluations):
    """One public figure per (regency, year): official before self-assessment, indicator detail first."""
    chosen = {}
    for evaluation in sorted(
        evaluations,
        key=lambda e: (SOURCE_ORDER.get(e.source, 9), e.computed_index is None, -e.pk),
    ):
        chosen.setdefault((evaluation.regency_id, evaluation.year), evaluation)
    return chosen


def _public_figures(regency_ids):
    """Every public figure with an index of these pemda, one per year (one query)."""
    return _preferred(
        Evaluation.objects.with_index().filter(regency_id__in=regency_ids).select_related("framework")
    )


def national_medians(years):
    """The median index of all pemda with a public result, per year (one query)."""
    rows = (
        Evaluation.objects.with_index()
        .filter(year__in=set(years))
        .values_list("regency_id", "year", "source", "index", "computed_index", "pk", "synthetic")
    )
    per_pemda = {}
    for regency_id, year, _source, index, _computed, _pk, synthetic in sorted(
        rows, key=lambda r: (SOURCE_ORDER.get(r[2], 9), r[4] is None, -r[5])
    ):
        per_pemda.setdefault((regency_id, year), (index, synthetic))
    result = {}
    for year in set(years):
        figures = [figure for (_regency, y), figure in per_pemda.items() if y == year]
        values = [index for index, _synthetic in figures]
        result[year] = NationalMedian(
            year,
            median(values) if values else None,
            len(values),
            synthetic=any(synthetic for _index, synthetic in figures),
        )
    return result


def _years(replication, figures):
    """The year before the request, and the adopter's latest year with a public result after it."""
    before = replication.created_at.year - 1
    later = [year for (regency_id, year) in figures if regency_id == replication.adopter_id and year > before]
    return before, max(later) if later else None


def _impact(replication, figures, medians):
    before_year, after_year = _years(replication, figures)
    adopter = replication.adopter_id
    return Impact(
        before=YearFigure(before_year, figures.get((adopter, before_year))),
        after=YearFigure(after_year, figures[(adopter, after_year)]) if after_year else None,
        national_before=medians[before_year],
        national_after=medians[after_year] if after_year else None,
    )


def shows_impact(replication):
    return replication.stage in RUNNING


def replication_impact(replication):
    """The impact of one replication at live or evaluated, else None. Four queries."""
    if not shows_impact(replication):
        return None
    figures = _public_figures([replication.adopter_id])
    before_year, after_year = _years(replication, figures)
    medians = national_medians([y for y in (before_year, after_year) if y])
    impact = _impact(replication, figures, medians)
    evaluations = [f.evaluation for f in (impact.before, impact.after) if f and f.evaluation]
    levels = {
        (score.evaluation_id, score.indicator_id): score.level
        for score in IndicatorScore.objects.filter(
            evaluation__in=evaluations, indicator__practice_links__practice_id=replication.practice_id
        )
    }
    for link in PracticeIndicator.objects.filter(practice_id=replication.practice_id).select_related(
        "indicator"
    ):

        def level(figure, indicator_id=link.indicator_id):
            if figure is None or figure.evaluation is None:
                return None
            return levels.get((figure.evaluation.pk, indicator_id))

        impact.indicators.append(
            IndicatorChange(
                number=link.indicator.number,
                name=link.indicator.name,
                before=level(impact.before),
                after=level(impact.after),
            )
        )
    return impact


@dataclass
class PracticeImpact:
    adopters: int  # verified adopters (accepted, not declined or stopped)
    live: int  # at live or evaluated
    counted: int  # live adopters with both years' figures, and the national median in both
    median_change: Decimal | None
    national_median_change: Decimal | None


def practice_impact(practice):
    """Adopters, live adopters, and the median index change of the live adopters against the median of
    the national median's change over the same years. Three queries."""
    replications = list(
        Replication.objects.filter(practice=practice, stage__in=VERIFIED).only(
            "pk", "stage", "adopter_id", "created_at", "practice_id"
        )
    )
    running = [r for r in replications if r.stage in RUNNING]
    impacts = []
    if running:
        figures = _public_figures({r.adopter_id for r in running})
        years = set()
        for replication in running:
            years.update(y for y in _years(replication, figures) if y)
        medians = national_medians(years)
        impacts = [i for i in (_impact(r, figures, medians) for r in running) if i.is_complete]
    return PracticeImpact(
        adopters=len({r.adopter_id for r in replications}),
        live=len({r.adopter_id for r in running}),
        counted=len(impacts),
        median_change=median([i.change for i in impacts]) if impacts else None,
        national_median_change=median([i.national_change for i in impacts]) if impacts else None,
    )
