"""Reads that span models: rankings, trends, gaps, comparisons."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Avg, Count, Exists, F, OuterRef, Prefetch, Q, Subquery, Window
from django.db.models.functions import Coalesce, Collate, FirstValue, Rank

from regencies.models import Cohort, Membership, Regency
from regencies.permissions import is_assessor, is_national_admin, membership_of

from . import scoring
from .models import (
    Aspect,
    Certainty,
    Domain,
    Evaluation,
    Framework,
    ImportJob,
    Indicator,
    IndicatorScore,
    NationalIndex,
    PredicateBand,
)

SCOPES = ("national", "province", "cohort")


def framework_list():
    return Framework.objects.all()


def with_framework_tree(queryset):
    """Frameworks with their domains, aspects, indicators, scales and levels: a fixed number of queries."""
    return queryset.prefetch_related(
        "domains",
        Prefetch("aspects", queryset=Aspect.objects.select_related("domain")),
        Prefetch("indicators", queryset=Indicator.objects.select_related("aspect", "scale")),
        "scales__levels",
        "predicate_bands",
    )


def framework_tree(code):
    """A framework's page: the tree with the criteria of every level of every indicator."""
    return with_framework_tree(framework_list()).prefetch_related("indicators__criteria").get(code=code)


def evaluation_list():
    return Evaluation.objects.for_list()


def evaluations_visible_to(user):
    """Public evaluations, plus the pemda's own at every stage for its staff, plus every
    non-draft one for assessors and national admins."""
    visible = Q(source=Evaluation.Source.OFFICIAL) | Q(status=Evaluation.Status.VERIFIED)
    if is_national_admin(user) or is_assessor(user):
        visible |= ~Q(status=Evaluation.Status.DRAFT)
    membership = membership_of(user)
    if membership is not None:
        visible |= Q(regency_id=membership.regency_id)
    return Evaluation.objects.filter(visible)


def public_evaluation_list():
    """What anyone may see: official results and verified self-assessments."""
    return Evaluation.objects.public().for_list()


def evaluation_detail(pk):
    return (
        Evaluation.objects.select_related("regency__province", "framework")
        .prefetch_related(
            Prefetch("scores", queryset=IndicatorScore.objects.select_related("indicator__aspect__domain")),
            "framework__predicate_bands",
            "domain_results__domain",
        )
        .get(pk=pk)
    )


# Rankings -----------------------------------------------------------------------------------


def _ranked(year, source, regency_filter, scope):
    """Public evaluations of the year with their rank computed by the database (ties share a rank)."""
    partition = [F("regency__province")] if scope == "province" else None
    return (
        Evaluation.objects.ranked()
        .filter(year=year, source=source, **regency_filter)
        .annotate(rank=Window(Rank(), partition_by=partition, order_by=F("index").desc()))
    )


def _regency_filter(scope, province, cohort):
    regency_filter = {}
    if scope == "cohort":
        regency_filter["regency__cohorts"] = cohort
    if province is not None:
        regency_filter["regency__province"] = province
    return regency_filter


# The fields of a ranking row, straight from the database.
ROW_FIELDS = {
    "evaluation": "id",
    "index": "index",
    "predicate": "predicate",
    "synthetic": "synthetic",
    "regency_code": "regency_id",
    "regency_name": "regency__name",
    "province_code": "regency__province_id",
    "province_name": "regency__province__name",
    "framework": "framework__code",
    "framework_name": "framework__name",
    "source": "source",
    "source_title": "source_title",
    "source_url": "source_url",
    "certainty": "certainty",
}


def _in_code_point_order(field):
    """`field` compared as Python compares text (code point by code point), whatever the database's locale."""
    return Collate(F(field), "C" if connection.vendor == "postgresql" else "BINARY")


def ranking_rows(*, year, scope="national", province=None, cohort=None, source=Evaluation.Source.OFFICIAL):
    """The ranking as a `.values()` queryset, ranked (RANK(): ties share a rank) and ordered by the
    database, so that a page of it is read with LIMIT/OFFSET. `with_movement()` completes the rows
    of a page. Unverified figures are not ranked (see `unranked`)."""
    current = _ranked(year, source, _regency_filter(scope, province, cohort), scope).annotate(
        # "new" only for a pemda never ranked before, not one that missed last year
        ranked_before=Exists(
            Evaluation.objects.ranked().filter(regency=OuterRef("regency"), source=source, year__lt=year)
        ),
        framework_defines_predicates=Exists(PredicateBand.objects.filter(framework=OuterRef("framework"))),
    )
    order = ["rank", _in_code_point_order("regency__name"), "id"]
    if scope == "province":
        order.insert(0, _in_code_point_order("regency__province__name"))
    return current.values(
        *ROW_FIELDS.values(), "rank", "ranked_before", "framework_defines_predicates"
    ).order_by(*order)


def previous_ranks(*, year, scope, province, cohort, source, regencies):
    """The rank the year before, in the same scope, of these regencies, as (regency_id, rank) rows:
    ranked among all of that year, then filtered (a filter on a window annotation applies after the
    window). One query."""
    previous = _ranked(year - 1, source, _regency_filter(scope, province, cohort), scope).annotate(
        ranked_regency=Window(FirstValue("regency_id"), partition_by=[F("regency_id")])
    )
    return previous.filter(ranked_regency__in=regencies).values("regency_id", "rank")


def with_movement(
    rows, *, year, scope="national", province=None, cohort=None, source=Evaluation.Source.OFFICIAL
):
    """Rows of `ranking_rows()` in the API's shape (see `movement_rows`). One query."""
    previous = previous_ranks(
        year=year,
        scope=scope,
        province=province,
        cohort=cohort,
        source=source,
        regencies=[values["regency_id"] for values in rows],
    )
    return movement_rows(rows, previous)


def movement_rows(rows, previous):
    """Rows of `ranking_rows()`, with their `previous_ranks()` rows, in the API's shape: rank,
    previous_rank, movement, new, regency_code, regency_name, province_code, province_name, index,
    predicate, synthetic, evaluation (its id), framework (code), framework_name, source (the kind:
    official or self_assessment), source_title, source_url, certainty, framework_defines_predicates
    (else no predicate is shown). No query."""
    previous = {row["regency_id"]: row["rank"] for row in previous}
    result = []
    for values in rows:
        row = {key: values[name] for key, name in ROW_FIELDS.items()}
        rank, previous_rank = values["rank"], previous.get(row["regency_code"])
        result.append(
            {
                "rank": rank,
                "previous_rank": previous_rank,
                "movement": scoring.movement(rank, previous_rank),
                "new": not values["ranked_before"],
                **row,
                "framework_defines_predicates": values["framework_defines_predicates"],
            }
        )
    return result


def rankings(*, year, scope="national", province=None, cohort=None, source=Evaluation.Source.OFFICIAL):
    """The whole ranking of a year, nationally, within provinces or within one cohort: the rows of
    `with_movement()`, in ranking order (within provinces: by province). Movement compares with the
    same scope the year before; "new" is a pemda never ranked before. Two queries."""
    query = {"year": year, "scope": scope, "province": province, "cohort": cohort, "source": source}
    return with_movement(list(ranking_rows(**query)), **query)


def unranked(*, year, scope="national", province=None, cohort=None, source=Evaluation.Source.OFFICIAL):
    """The year's unverified figures that the ranking leaves out, to show beside it with their label."""
    return [
        {key: values[name] for key, name in ROW_FIELDS.items()}
        for values in Evaluation.objects.with_index()
        .filter(
            year=year,
            source=source,
            certainty=Certainty.UNVERIFIED,
            **_regency_filter(scope, province, cohort),
        )
        .order_by("-index", "regency__name")
        .values(*ROW_FIELDS.values())
    ]


def ranking_years_by_kind():
    """{source: [years with a ranking, newest first]} for official results and self-assessments; one query."""
    years = {source: [] for source in Evaluation.Source.values}
    for source, year in (
        Evaluation.objects.ranked().order_by("source", "-year").values_list("source", "year").distinct()
    ):
        years[source].append(year)
    return years


def ranking_years(source=Evaluation.Source.OFFICIAL):
    return list(
        Evaluation.objects.ranked()
        .filter(source=source)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


# Trends -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Trend:
    regency: list  # official results: [(year, index, synthetic)]
    national: list  # [(year, index)]
    cohort: list  # [(year, average of official results)]
    cohort_name: str
    self_assessed: list = field(default_factory=list)  # verified self-assessments: [(year, index, synthetic)]
    figures: list = field(default_factory=list)  # every public evaluation with an index, newest first


def regency_trend(regency):
    """The pemda's official results and verified self-assessments by year, kept apart, beside the
    national index and its (first) cohort's average of official results. Four queries."""
    figures = list(
        Evaluation.objects.with_index()
        .filter(regency=regency)
        .order_by("-year", "source", F("computed_index").desc(nulls_last=True))
    )

    def series(source):
        return [(e.year, e.index, e.synthetic) for e in reversed(figures) if e.source == source]

    national = list(NationalIndex.objects.order_by("year").values_list("year", "index"))
    cohort = regency.cohorts.order_by("-started_on").first() if isinstance(regency, Regency) else None
    averages = []
    if cohort is not None:
        averages = [
            (row["year"], scoring.round_index(row["average"]))
            for row in Evaluation.objects.ranked()
            .filter(regency__cohorts=cohort, source=Evaluation.Source.OFFICIAL)
            .values("year")
            .annotate(average=Avg("index"))
            .order_by("year")
        ]
    return Trend(
        regency=series(Evaluation.Source.OFFICIAL),
        national=national,
        cohort=averages,
        cohort_name=cohort.name if cohort else "",
        self_assessed=series(Evaluation.Source.SELF_ASSESSMENT),
        figures=figures,
    )


# Gaps ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorGap:
    number: int
    name: str
    aspect: str
    level: int
    top_level: int
    weight: Decimal
    gain: Decimal


@dataclass(frozen=True)
class GroupScore:
    number: int
    name: str
    weight: Decimal
    index: Decimal | None
    gain: Decimal


@dataclass(frozen=True)
class Gaps:
    indicators: list
    aspects: list
    domains: list
    total_gain: Decimal


def evaluation_gaps(evaluation):
    """Potential gain of each indicator, largest first, and aspect/domain indices with their gains.

    Works on an evaluation fetched with `evaluation_detail` (no further queries).
    """
    top = evaluation.framework.level_max
    scores = list(evaluation.scores.all())
    indicators = sorted(
        (
            IndicatorGap(
                number=s.indicator.number,
                name=s.indicator.name,
                aspect=s.indicator.aspect.name,
                level=s.level,
                top_level=top,
                weight=s.indicator.weight,
                gain=scoring.gain(s.level, top, s.indicator.weight),
            )
            for s in scores
        ),
        key=lambda g: (-g.gain, g.number),
    )

    def groups(key):
        grouped = defaultdict(list)
        for s in scores:
            group = key(s.indicator)
            if group is not None:
                grouped[group].append(s)
        return [
            GroupScore(
                number=group.number,
                name=group.name,
                weight=group.weight,
                index=scoring.group_index((s.level, s.indicator.weight) for s in members),
                gain=sum((scoring.gain(s.level, top, s.indicator.weight) for s in members), Decimal(0)),
            )
            for group, members in sorted(grouped.items(), key=lambda item: item[0].number)
        ]

    return Gaps(
        indicators=indicators,
        aspects=groups(lambda i: i.aspect),
        domains=groups(lambda i: i.aspect.domain),
        total_gain=sum((g.gain for g in indicators), Decimal(0)),
    )


# Compare ------------------------------------------------------------------------------------


def compare(codes):
    """Side by side: each pemda with its public figures by year (latest first).

    Returns (years, columns): columns are (regency, [figures of each year]), a year's figures
    being its official results first, then its verified self-assessments: each figure once,
    each with its kind. Two queries.
    """
    regencies = {r.code: r for r in Regency.objects.select_related("province").filter(code__in=codes)}
    figures = defaultdict(lambda: defaultdict(list))
    for evaluation in (
        Evaluation.objects.with_index()
        .filter(regency__in=regencies.values())
        .order_by("-year", "source", "framework__first_year")
    ):
        figures[evaluation.regency_id][evaluation.year].append(evaluation)
    years = sorted({year for by_year in figures.values() for year in by_year}, reverse=True)
    columns = [
        (regencies[code], [figures[code].get(year, []) for year in years])
        for code in codes
        if code in regencies
    ]
    return years, columns


# A cohort's standing (home page) ------------------------------------------------------------

PILOT_COHORT = "idsll-2022-pilot"


@dataclass(frozen=True)
class MemberResult:
    regency_code: str
    regency_name: str
    year: int
    index: Decimal
    predicate: str
    evaluation: int
    rank: int  # among the official results of that year on the portal (ties share a rank)
    ranked: int  # how many official results that year has on the portal


@dataclass(frozen=True)
class CohortStanding:
    cohort: Cohort | None
    members: int
    results: list  # [MemberResult]: each member's latest official result, best first
    year: int | None  # the latest year in which a member has an official result
    median: Decimal | None  # median of the members' official results of that year
    median_of: int  # how many results that median is taken over
    national: NationalIndex | None  # the national index of that year, if one is published

    @property
    def without_result(self):
        return self.members - len(self.results)


def _official_results():
    """Official results with an index, synthetic demo rows left out: what the home page calls official."""
    return Evaluation.objects.ranked().filter(source=Evaluation.Source.OFFICIAL, synthetic=False)


def _count_in_year(queryset):
    return Coalesce(
        Subquery(queryset.order_by().values("year").annotate(n=Count("pk")).values("n")[:1]),
        0,
    )


def cohort_standing(slug=PILOT_COHORT, *, national=()):
    """How a cohort's members stand in the official results: two queries (the cohort with its member
    count; the members' official results, each with its rank that year computed by the database).

    `national` is the national series already read (selectors.national_series), to compare with.
    """
    cohort = Cohort.objects.annotate(member_count=Count("members")).filter(slug=slug).first()
    if cohort is None:
        return CohortStanding(None, 0, [], None, None, 0, None)
    same_year = _official_results().filter(year=OuterRef("year"))
    rows = (
        _official_results()
        .filter(regency__cohorts=cohort)
        .annotate(
            higher=_count_in_year(same_year.filter(index__gt=OuterRef("index"))),
            ranked_count=_count_in_year(same_year),
        )
        .order_by("regency_id", "-year")
        .values_list(
            "regency_id", "regency__name", "year", "index", "predicate", "pk", "higher", "ranked_count"
        )
    )
    latest, by_year = {}, defaultdict(list)
    for code, name, year, index, predicate, pk, higher, ranked_count in rows:
        latest.setdefault(
            code, MemberResult(code, name, year, index, predicate, pk, higher + 1, ranked_count)
        )
        by_year[year].append(index)
    year = max(by_year, default=None)
    return CohortStanding(
        cohort=cohort,
        members=cohort.member_count,
        results=sorted(latest.values(), key=lambda r: (-r.index, r.regency_name)),
        year=year,
        median=scoring.median(by_year.get(year, [])),
        median_of=len(by_year.get(year, [])),
        national=next((n for n in national if n.year == year), None),
    )


# Staff tasks (the task page and the home page's "waiting for you") ---------------------------

TASK_LIST_SIZE = 20
RECENT_IMPORTS = 5


@dataclass(frozen=True)
class StaffTasks:
    membership: object  # regencies.Membership or None
    own: list  # the own pemda's self-assessments, newest first, with `filled` and `indicator_count`
    queue: list  # submitted self-assessments: to review (assessors) or to follow (national admins)
    queue_count: int
    can_review: bool
    imports: list  # recent imports (national admins)
    imports_waiting: int  # checked and awaiting confirmation, or still running
    is_national_admin: bool

    @property
    def is_manager(self):
        return self.membership is not None and self.membership.role == Membership.Role.MANAGER

    @property
    def to_fill(self):
        return [e for e in self.own if e.status in EDITABLE_STATUSES and e.filled < e.indicator_count]

    @property
    def to_submit(self):
        return [e for e in self.own if e.status in EDITABLE_STATUSES and e.filled >= e.indicator_count]

    @property
    def waiting(self):
        """Anything at all waiting for this person (submitting is the manager's task)."""
        to_submit = self.to_submit if self.is_manager else []
        return bool(self.to_fill or to_submit or self.queue_count or self.imports_waiting)


EDITABLE_STATUSES = (Evaluation.Status.DRAFT, Evaluation.Status.RETURNED)


def _own_self_assessments(regency_id):
    indicator_count = Subquery(
        Indicator.objects.filter(framework=OuterRef("framework"))
        .order_by()
        .values("framework")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return list(
        Evaluation.objects.filter(regency_id=regency_id, source=Evaluation.Source.SELF_ASSESSMENT)
        .select_related("framework")
        .annotate(filled=Count("scores"), indicator_count=Coalesce(indicator_count, 0))
        .order_by("-year", "-pk")[:TASK_LIST_SIZE]
    )


def staff_tasks(user):
    """What waits for a logged-in person, by role, in a fixed number of queries: their membership and
    groups, their pemda's self-assessments, the review queue and its size, recent imports and how
    many wait."""
    membership = membership_of(user)
    admin, assessor = is_national_admin(user), is_assessor(user)
    own = _own_self_assessments(membership.regency_id) if membership is not None else []
    queue, queue_count = [], 0
    if assessor or admin:
        submitted = Evaluation.objects.filter(
            source=Evaluation.Source.SELF_ASSESSMENT, status=Evaluation.Status.SUBMITTED
        )
        if assessor and membership is not None:
            submitted = submitted.exclude(regency_id=membership.regency_id)  # never one's own pemda
        queue_count = submitted.count()
        if queue_count:
            queue = list(submitted.for_list().order_by("submitted_at", "pk")[:TASK_LIST_SIZE])
    imports, imports_waiting = [], 0
    if admin:
        imports = list(ImportJob.objects.select_related("uploaded_by").defer("problems")[:RECENT_IMPORTS])
        imports_waiting = ImportJob.objects.filter(
            status__in=[ImportJob.Status.CHECKED, ImportJob.Status.QUEUED, ImportJob.Status.RUNNING]
        ).count()
    return StaffTasks(
        membership=membership,
        own=own,
        queue=queue,
        queue_count=queue_count,
        can_review=assessor,
        imports=imports,
        imports_waiting=imports_waiting,
        is_national_admin=admin,
    )


def national_series():
    return list(NationalIndex.objects.order_by("year"))


def predicate_distribution(year, source=Evaluation.Source.OFFICIAL):
    from django.db.models import Count

    return list(
        Evaluation.objects.ranked()
        .filter(year=year, source=source)
        .exclude(predicate="")
        .values("predicate")
        .annotate(count=Count("id"))
        .order_by("-count")
    )


def cohort_choices():
    return Cohort.objects.order_by("name")


def domain_list(framework):
    return Domain.objects.filter(framework=framework)


def latest_public_evaluation(regency):
    """The newest public evaluation of a regency, preferring one with indicator detail within a year."""
    return (
        Evaluation.objects.public()
        .filter(regency=regency, index__isnull=False)
        .select_related("framework")
        .order_by("-year", F("computed_index").desc(nulls_last=True))
        .first()
    )
