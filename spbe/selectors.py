"""Reads that span models: rankings, trends, gaps, comparisons."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, F, OuterRef, Prefetch, Q, Subquery, Window
from django.db.models.functions import Coalesce, Rank

from regencies.models import Cohort, Membership, Regency
from regencies.permissions import is_assessor, is_national_admin, membership_of

from . import scoring
from .models import (
    Aspect,
    Domain,
    Evaluation,
    Framework,
    ImportJob,
    Indicator,
    IndicatorScore,
    NationalIndex,
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
    return with_framework_tree(framework_list()).get(code=code)


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


def rankings(*, year, scope="national", province=None, cohort=None, source=Evaluation.Source.OFFICIAL):
    """Rank kabupaten/kota for a year, nationally, within provinces or within one cohort.

    Ties share a rank (the database's RANK()); movement compares with the same scope the year
    before. Two queries. Rows are dicts: rank, previous_rank, movement, regency_code, regency_name,
    province_code, province_name, index, predicate, synthetic, evaluation (its id).
    """
    regency_filter = {}
    if scope == "cohort":
        regency_filter["regency__cohorts"] = cohort
    if province is not None:
        regency_filter["regency__province"] = province
    previous = dict(_ranked(year - 1, source, regency_filter, scope).values_list("regency_id", "rank"))
    # Plain dicts in the API's shape: the ranking is read-heavy and these rows go straight to JSON.
    rows = [
        {
            "rank": rank,
            "previous_rank": previous.get(code),
            "movement": scoring.movement(rank, previous.get(code)),
            "regency_code": code,
            "regency_name": name,
            "province_code": province_code,
            "province_name": province_name,
            "index": index,
            "predicate": predicate,
            "synthetic": synthetic,
            "evaluation": pk,
        }
        for pk, index, predicate, synthetic, code, name, province_code, province_name, rank in _ranked(
            year, source, regency_filter, scope
        ).values_list(
            "id",
            "index",
            "predicate",
            "synthetic",
            "regency_id",
            "regency__name",
            "regency__province_id",
            "regency__province__name",
            "rank",
        )
    ]
    if scope == "province":
        rows.sort(key=lambda row: (row["province_name"], row["rank"], row["regency_name"]))
    else:
        rows.sort(key=lambda row: (row["rank"], row["regency_name"]))
    return rows


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
    regency: list  # [(year, index, synthetic)]
    national: list  # [(year, index)]
    cohort: list  # [(year, average)]
    cohort_name: str


def regency_trend(regency, source=Evaluation.Source.OFFICIAL):
    """The pemda's index by year beside the national index and its (first) cohort's average."""
    own = list(
        Evaluation.objects.ranked()
        .filter(regency=regency, source=source)
        .order_by("year")
        .values_list("year", "index", "synthetic")
    )
    national = list(NationalIndex.objects.order_by("year").values_list("year", "index"))
    cohort = regency.cohorts.order_by("-started_on").first() if isinstance(regency, Regency) else None
    averages = []
    if cohort is not None:
        averages = [
            (row["year"], scoring.round_index(row["average"]))
            for row in Evaluation.objects.ranked()
            .filter(regency__cohorts=cohort, source=source)
            .values("year")
            .annotate(average=Avg("index"))
            .order_by("year")
        ]
    return Trend(own, national, averages, cohort.name if cohort else "")


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


def compare(codes, source=Evaluation.Source.OFFICIAL):
    """Side by side: each pemda with its evaluations by year (latest first)."""
    regencies = {r.code: r for r in Regency.objects.select_related("province").filter(code__in=codes)}
    evaluations = defaultdict(list)
    for evaluation in (
        Evaluation.objects.ranked().filter(regency__in=regencies.values(), source=source).order_by("-year")
    ):
        evaluations[evaluation.regency_id].append(evaluation)
    years = sorted({e.year for rows in evaluations.values() for e in rows}, reverse=True)
    columns = []
    for code in codes:
        if code in regencies:
            by_year = {e.year: e for e in evaluations[code]}
            columns.append((regencies[code], [by_year.get(year) for year in years]))
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
