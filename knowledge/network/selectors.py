"""Reads of the replication network (who replicates from whom) and of the ministry's overview."""

import datetime
import statistics
from dataclasses import dataclass

from django.db.models import Count, Q

from regencies.models import Cohort

from ..replications.models import Replication, ReplicationStep
from ..replications.stages import PATH, RUNNING, Stage

DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Pair:
    owner_code: str
    owner_name: str
    adopter_code: str
    adopter_name: str
    replications: int
    live: int
    examples: int = 0  # of them recorded from public reporting (Replication.demo), labelled "contoh"


def network_pairs(queryset):
    """One row per (owner, adopter) of `queryset`: how many replications, how many live or evaluated.
    One query, grouped in SQL."""
    rows = (
        queryset.order_by()
        .values("owner__code", "owner__name", "adopter__code", "adopter__name")
        .annotate(
            replications=Count("pk"),
            live=Count("pk", filter=Q(stage__in=RUNNING)),
            examples=Count("pk", filter=Q(demo=True)),
        )
    )
    return [
        Pair(
            row["owner__code"],
            row["owner__name"],
            row["adopter__code"],
            row["adopter__name"],
            row["replications"],
            row["live"],
            row["examples"],
        )
        for row in rows
    ]


def sort_pairs(pairs, sort=""):
    """By owner, adopter, replications or live (`-` for descending); ties by the two names."""
    field = sort.lstrip("-") or "replications"
    descending = sort.startswith("-") if sort else True
    by_names = sorted(pairs, key=lambda p: (p.owner_name, p.adopter_name))
    key = {
        "owner": lambda p: p.owner_name,
        "adopter": lambda p: p.adopter_name,
        "replications": lambda p: p.replications,
        "live": lambda p: p.live,
    }[field]
    return sorted(by_names, key=key, reverse=descending)


@dataclass(frozen=True)
class StageRow:
    stage: Stage
    replications: int
    stalled: int
    median_days: float | None  # time spent in the stage before the next step; None if none left it


@dataclass(frozen=True)
class CohortRow:
    cohort: Cohort
    members: int
    running: int  # members with at least one replication live or evaluated, as adopter


@dataclass(frozen=True)
class Overview:
    stages: list
    total: int
    stalled: int
    cohorts: list
    examples: int = 0  # of the total, recorded from public reporting (demo, "contoh")


def median_days_per_stage(steps):
    """steps: (replication id, to_stage, created_at) ordered by replication then time. The time a
    replication spent in a stage runs from the step that entered it to the next step."""
    durations = {}
    previous = None
    for replication_id, to_stage, created_at in steps:
        if previous is not None and previous[0] == replication_id:
            durations.setdefault(previous[1], []).append((created_at - previous[2]) / DAY)
        previous = (replication_id, to_stage, created_at)
    return {stage: round(statistics.median(days), 1) for stage, days in durations.items()}


def ministry_overview():
    """Every replication (not only the public ones): 4 queries (by stage, stalled by stage, the
    steps' stages and times, cohorts with their progress)."""
    rows = (
        Replication.objects.order_by()
        .values_list("stage")
        .annotate(total=Count("pk"), examples=Count("pk", filter=Q(demo=True)))
        .values_list("stage", "total", "examples")
    )
    by_stage = {stage: total for stage, total, _examples in rows}
    examples = sum(count for _stage, _total, count in rows)
    stalled = dict(
        Replication.objects.stalled()
        .order_by()
        .values_list("stage")
        .annotate(total=Count("pk"))
        .values_list("stage", "total")
    )
    medians = median_days_per_stage(
        ReplicationStep.objects.order_by("replication_id", "created_at", "pk").values_list(
            "replication_id", "to_stage", "created_at"
        )
    )
    order = [*PATH, *(stage for stage in Stage if stage not in PATH)]
    cohorts = Cohort.objects.annotate(
        member_count=Count("members", distinct=True),
        running=Count(
            "members",
            filter=Q(members__replications_taken__stage__in=RUNNING),
            distinct=True,
        ),
    ).order_by("-started_on", "name")
    return Overview(
        stages=[
            StageRow(Stage(stage), by_stage.get(stage, 0), stalled.get(stage, 0), medians.get(stage))
            for stage in order
        ],
        total=sum(by_stage.values()),
        stalled=sum(stalled.values()),
        cohorts=[CohortRow(cohort, cohort.member_count, cohort.running) for cohort in cohorts],
        examples=examples,
    )


EXPORT_COLUMNS = ["section", "key", "label", "replications", "stalled", "median_days", "members", "running"]


def overview_rows(overview):
    """The overview as one flat table (the CSV/XLSX export): stages, then cohorts."""
    rows = [
        [
            "stage",
            row.stage.value,
            str(row.stage.label),
            row.replications,
            row.stalled,
            row.median_days,
            None,
            None,
        ]
        for row in overview.stages
    ]
    rows += [
        ["cohort", row.cohort.slug, row.cohort.name, None, None, None, row.members, row.running]
        for row in overview.cohorts
    ]
    return rows
