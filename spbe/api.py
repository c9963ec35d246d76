from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from livinglab import api_answers
from livinglab.api_rows import LinkBuilder, RowListMixin
from regencies.models import Regency
from regencies.permissions import (
    can_fill_self_assessment,
    can_review_self_assessment,
    can_submit_self_assessment,
)

from . import api_rows, selectors, services
from .filters import EvaluationFilter, RankingQueryForm
from .models import Evaluation, IndicatorScore, NationalIndex, certainty_label
from .serializers import (
    EvaluationCreateSerializer,
    EvaluationDetailSerializer,
    EvaluationSerializer,
    FrameworkSerializer,
    FrameworkTreeSerializer,
    LevelInputSerializer,
    NationalIndexSerializer,
    RankingRowSerializer,
    RegencySpbeSerializer,
    ReviewInputSerializer,
)


class ReadOrAuthenticated(permissions.BasePermission):
    """Anyone reads; writes need a login. Who may write what is decided per action below with the
    functions of regencies.permissions: ReadOnlyOrRegencyEditor does not fit, since assessors
    review evaluations of pemdas they may not edit and national admins may not fill them."""

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or request.user.is_authenticated


def _spbe_error(error, field="non_field_errors"):
    return ValidationError({field: [str(error)]})


class FrameworkViewSet(viewsets.ReadOnlyModelViewSet):
    """SPBE evaluation frameworks; the detail is the whole tree with weights and level names."""

    lookup_field = "code"
    permission_classes = [ReadOrAuthenticated]

    def get_queryset(self):
        queryset = selectors.framework_list()
        if self.action == "retrieve":
            queryset = selectors.with_framework_tree(queryset)
        return queryset

    def get_serializer_class(self):
        return FrameworkTreeSerializer if self.action == "retrieve" else FrameworkSerializer


YEAR = {"type": "integer", "minimum": 2000, "maximum": 2100}


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("year", YEAR),
            # A choice of two words (see EvaluationFilter), not any boolean spelling.
            OpenApiParameter("synthetic", str, enum=["true", "false"], description="synthetic demo data"),
        ]
    )
)
class EvaluationViewSet(RowListMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Evaluations: official results and self-assessments. Pemda staff create and fill their own."""

    row_values = api_rows.EVALUATION_VALUES

    filterset_class = EvaluationFilter
    permission_classes = [ReadOrAuthenticated]
    ordering_fields = ["year", "index", "regency"]
    ordering = ["-year", "regency"]

    def get_queryset(self):
        queryset = selectors.evaluations_visible_to(self.request.user).select_related(
            "regency__province", "framework"
        )
        if self.action != "list":
            queryset = queryset.prefetch_related(
                Prefetch(
                    "scores", queryset=IndicatorScore.objects.select_related("indicator__aspect__domain")
                ),
                "framework__predicate_bands",
            )
        return queryset

    def rows(self, rows):
        return api_rows.evaluation_rows(
            rows, LinkBuilder(self.request, "api:spbe-evaluation-detail", argument="pk", sample=1)
        )

    def get_serializer_class(self):
        if self.action == "create":
            return EvaluationCreateSerializer
        return EvaluationDetailSerializer if self.action == "retrieve" else EvaluationSerializer

    def retrieve(self, request, *args, **kwargs):
        evaluation = self.get_object()
        context = {**self.get_serializer_context(), "gaps": selectors.evaluation_gaps(evaluation)}
        return Response(EvaluationDetailSerializer(evaluation, context=context).data)

    @extend_schema(request=EvaluationCreateSerializer, responses={201: EvaluationSerializer})
    def create(self, request, *args, **kwargs):
        serializer = EvaluationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        regency = serializer.validated_data["regency"]
        if not can_fill_self_assessment(request.user, regency):
            raise PermissionDenied(_no_access())
        framework = serializer.validated_data.get("framework") or services.current_framework()
        if framework is None:
            raise ValidationError({"framework": [_("No SPBE framework has been loaded yet.")]})
        try:
            evaluation = services.self_assessment_create(
                regency=regency,
                year=serializer.validated_data["year"],
                framework=framework,
                by_user=request.user,
            )
        except services.SpbeError as error:
            raise _spbe_error(error, "year") from None
        data = EvaluationSerializer(evaluation, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)

    def _for_pemda_staff(self, check):
        evaluation = self.get_object()
        if not check(self.request.user, evaluation.regency):
            raise PermissionDenied(_no_access())
        return evaluation

    def _detail(self, evaluation):
        evaluation = self.get_queryset().get(pk=evaluation.pk)
        context = {**self.get_serializer_context(), "gaps": selectors.evaluation_gaps(evaluation)}
        return Response(EvaluationDetailSerializer(evaluation, context=context).data)

    @extend_schema(request=LevelInputSerializer, responses=EvaluationDetailSerializer)
    @action(detail=True, methods=["post"])
    def levels(self, request, pk=None):
        """Set one indicator's level (and explanation) on a draft or returned self-assessment."""
        evaluation = self._for_pemda_staff(can_fill_self_assessment)
        data = LevelInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        indicator = evaluation.framework.indicators.filter(number=data.validated_data["indicator"]).first()
        if indicator is None:
            raise ValidationError({"indicator": [_unknown_indicator(data.validated_data["indicator"])]})
        try:
            services.score_set(
                evaluation=evaluation,
                indicator=indicator,
                level=data.validated_data["level"],
                explanation=data.validated_data.get("explanation"),
                by_user=request.user,
            )
        except services.SpbeError as error:
            raise _spbe_error(error, "level") from None
        return self._detail(evaluation)

    @extend_schema(request=None, responses=EvaluationDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """The pemda's manager submits a complete self-assessment for verification."""
        evaluation = self._for_pemda_staff(can_submit_self_assessment)
        try:
            services.self_assessment_submit(evaluation=evaluation, by_user=request.user)
        except services.SpbeError as error:
            raise _spbe_error(error) from None
        return self._detail(evaluation)

    @extend_schema(request=ReviewInputSerializer, responses=EvaluationDetailSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        """An assessor verifies a submitted self-assessment or returns it with comments per indicator."""
        evaluation = self.get_object()
        if not can_review_self_assessment(request.user, evaluation):
            raise PermissionDenied(_no_access())
        data = ReviewInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # Keys are compared as text: JSON keys are whatever the client sent ("²", 5,000 digits...).
        by_number = {
            str(number): pk for number, pk in evaluation.framework.indicators.values_list("number", "id")
        }
        comments = {}
        for number, text in data.validated_data.get("comments", {}).items():
            if str(number) not in by_number:
                raise ValidationError({"comments": [_unknown_indicator(str(number)[:12])]})
            comments[by_number[str(number)]] = text
        try:
            services.self_assessment_review(
                evaluation=evaluation,
                by_user=request.user,
                verify=data.validated_data["verify"],
                comments=comments,
            )
        except services.SpbeError as error:
            raise _spbe_error(error, "comments") from None
        return self._detail(evaluation)


def _no_access():
    return _("You may not do this for that regency/city.")


def _unknown_indicator(number):
    return _("Indicator %(number)s is not part of this framework.") % {"number": number}


RANKING_PARAMETERS = [
    OpenApiParameter("year", YEAR, required=True),
    OpenApiParameter(
        "scope",
        str,
        enum=["national", "province", "cohort"],
        description="national (default), within each province, or within the cohort given as `cohort`",
    ),
    OpenApiParameter("province", str, description="only this province (code, e.g. 32)"),
    OpenApiParameter(
        "cohort", str, description="cohort slug; required with scope=cohort (without it: 400 naming `cohort`)"
    ),
    OpenApiParameter("source", str, enum=Evaluation.Source.values, description="official (default)"),
]


class RankingViewSet(viewsets.GenericViewSet):
    """Kabupaten/kota ranked by SPBE index for a year; ties share a rank; movement since last year."""

    permission_classes = [ReadOrAuthenticated]
    filter_backends = []

    @extend_schema(parameters=RANKING_PARAMETERS, responses=RankingRowSerializer(many=True))
    def list(self, request):
        return Response(api_answers.answer(request, self.answer_data))

    def answer_data(self):
        # Read-heavy: ranked, ordered and paged by the database; the page's rows as plain dicts, with
        # their rank the year before from a second query. No model instances or serializers.
        form = RankingQueryForm(self.request.query_params)
        if not form.is_valid():
            raise ValidationError({field: [str(e) for e in errors] for field, errors in form.errors.items()})
        rows = self.paginate_queryset(form.ranking_rows())
        page = selectors.movement_rows(rows, form.previous_ranks(rows))
        for row in page:
            row["index"] = str(row["index"])  # as the other endpoints write decimals
            row["source_label"] = Evaluation.kind_label_of(row["source"], Evaluation.Status.VERIFIED)
            row["certainty_label"] = certainty_label(row["certainty"])
        return self.get_paginated_response(page).data


class NationalIndexViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The national SPBE index by year, with how sure the figure is and its source."""

    queryset = NationalIndex.objects.all()
    serializer_class = NationalIndexSerializer
    permission_classes = [ReadOrAuthenticated]
    pagination_class = None
    filter_backends = []


class RegencySpbeViewSet(viewsets.ViewSet):
    """One kabupaten/kota's SPBE history (public evaluations) beside the national index."""

    permission_classes = [ReadOrAuthenticated]

    @extend_schema(responses=RegencySpbeSerializer)
    def list(self, request, code=None):
        return Response(api_answers.answer(request, lambda: self.answer_data(code)))

    def answer_data(self, code):
        # Three queries, no model instances.
        regency = list(Regency.objects.filter(code=code).values("code", "name"))
        if not regency:
            raise Http404
        evaluations = (
            Evaluation.objects.public()
            .filter(regency=code)
            .order_by("year", "source")
            .values(*api_rows.HISTORY_VALUES)
        )
        national = NationalIndex.objects.order_by("year").values(*api_rows.NATIONAL_VALUES)
        return {
            "regency": regency[0],
            "evaluations": api_rows.history_rows(evaluations),
            "national": api_rows.national_rows(national),
        }
