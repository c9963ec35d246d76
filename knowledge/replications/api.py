from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from regencies.permissions import can_see_replication_details, can_see_step_documents, replication_side

from ..practices.models import Practice
from ..practices.serializers import (
    API_PREFIX,
    HTML_PREFIX,
    DetailErrorSerializer,
    DocumentUploadSerializer,
    FieldErrorsSerializer,
)
from . import selectors, services, stages
from .filters import ReplicationFilter
from .models import Replication
from .serializers import (
    DETAILS,
    PracticeRefSerializer,
    ReplicationCreateSerializer,
    ReplicationDetailSerializer,
    ReplicationSerializer,
    StepDocumentSerializer,
    StepInputSerializer,
    StepRefusedSerializer,
)

ERRORS = {
    400: OpenApiResponse(FieldErrorsSerializer, description="Invalid input: each key names the field."),
    401: OpenApiResponse(DetailErrorSerializer, description="Not logged in (no session or token)."),
    403: OpenApiResponse(DetailErrorSerializer, description="Not staff of a pemda of this replication."),
    404: OpenApiResponse(DetailErrorSerializer, description="No such replication (or not one you may see)."),
}
REFUSED = OpenApiResponse(
    StepRefusedSerializer, description="The step is not allowed now: `allowed` lists the ones that are."
)


class ReadOrAuthenticated(permissions.BasePermission):
    """Anyone reads what they may see; writes need a login. Who may take which step is decided by
    regencies.permissions and the table of stages.py, in the service."""

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or request.user.is_authenticated


def _error(error):
    if isinstance(error, services.NotYourReplication):
        return PermissionDenied(str(error))
    return ValidationError({error.field: [str(error)]})


@extend_schema_view(
    list=extend_schema(responses={200: ReplicationSerializer(many=True), 400: ERRORS[400]}),
    retrieve=extend_schema(responses={200: ReplicationDetailSerializer, 404: ERRORS[404]}),
)
class ReplicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Replications of a practice between two pemda: the adopter's staff request one, the owner's staff
    accept (naming a contact person) or decline, and each side records its steps (`allowed_steps`).
    Anyone sees accepted replications (pemda, stages, dates); the message, notes and people only the
    two pemda and national admins."""

    permission_classes = [ReadOrAuthenticated]
    lookup_value_regex = r"\d+"
    filterset_class = ReplicationFilter
    ordering_fields = ["stage_changed_at", "created_at"]
    ordering = ["-stage_changed_at", "-pk"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Replication.objects.none()
        return selectors.replication_list(self.request.user)

    def get_serializer_class(self):
        return ReplicationSerializer if self.action == "list" else ReplicationDetailSerializer

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            API_PREFIX: self.request.build_absolute_uri(reverse("api:replication-list")),
            HTML_PREFIX: self.request.build_absolute_uri(reverse("replications:list")),
        }

    def _answer(self, pk, code=status.HTTP_200_OK):
        replication = selectors.replication_for_user(self.request.user, pk)
        side = replication_side(self.request.user, replication)
        context = {
            **self.get_serializer_context(),
            DETAILS: can_see_replication_details(self.request.user, replication),
            "allowed_steps": stages.next_stages(replication.stage, side) if side else [],
        }
        return Response(ReplicationDetailSerializer(replication, context=context).data, status=code)

    def retrieve(self, request, *args, **kwargs):
        return self._answer(kwargs["pk"])

    @extend_schema(
        request=ReplicationCreateSerializer, responses={201: ReplicationDetailSerializer, **ERRORS}
    )
    def create(self, request, *args, **kwargs):
        """Staff of a pemda ask the owner of a published practice to help them replicate it. Refused
        (400, naming `practice`) for one's own practice and while the pemda has an active (not
        declined or stopped) replication of it."""
        data = ReplicationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        practice = Practice.objects.published().filter(slug=data.validated_data["practice"]).first()
        if practice is None:
            raise ValidationError({"practice": [_("No published practice has this slug.")]})
        try:
            replication = services.replication_request(
                practice=practice, by_user=request.user, message=data.validated_data["message"]
            )
        except services.ReplicationError as error:
            raise _error(error) from None
        return self._answer(replication.pk, status.HTTP_201_CREATED)

    @extend_schema(
        request=StepInputSerializer, responses={201: ReplicationDetailSerializer, 409: REFUSED, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def steps(self, request, *args, **kwargs):
        """Take the next step as your pemda's side (the `allowed_steps` of the replication)."""
        replication = selectors.replication_for_user(request.user, kwargs["pk"])
        data = StepInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        details = {key: value for key, value in data.validated_data.items() if key in services.DETAIL_FIELDS}
        if "contact" in details:
            details["contact"] = get_user_model().objects.filter(pk=details["contact"]).first()
            if details["contact"] is None:
                raise ValidationError({"contact": [_("No such person.")]})
        try:
            services.replication_advance(
                replication=replication,
                to=data.validated_data["to"],
                by_user=request.user,
                note=data.validated_data["note"],
                expected_stage=data.validated_data.get("expected_stage"),
                **details,
            )
        except services.StepRefused as refused:
            body = {"detail": str(refused), "stage": refused.stage, "allowed": refused.allowed}
            return Response(body, status=status.HTTP_409_CONFLICT)
        except services.ReplicationError as error:
            raise _error(error) from None
        return self._answer(replication.pk, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={201: PracticeRefSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def version(self, request, *args, **kwargs):
        """From `deployed` on, the adopter's staff start their own version of the practice: a draft of
        their pemda, prefilled from it and "based on" it (its `slug`; asking again returns the same)."""
        replication = selectors.replication_for_user(request.user, kwargs["pk"])
        try:
            version = services.replication_publish_version(replication=replication, by_user=request.user)
        except services.ReplicationError as error:
            raise _error(error) from None
        return Response(PracticeRefSerializer(version).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request={"multipart/form-data": DocumentUploadSerializer},
        responses={201: StepDocumentSerializer, **ERRORS},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"steps/(?P<step_id>[0-9]+)/documents",
        parser_classes=[MultiPartParser, FormParser],
    )
    def step_documents(self, request, *args, step_id=None, **kwargs):
        """Staff of either pemda add evidence (multipart: title, file) to a step of their side or to
        the latest step; the file is checked by content like every upload of the portal."""
        replication = selectors.replication_for_user(request.user, kwargs["pk"])
        step = replication.steps.filter(pk=step_id).first()
        if step is None or not can_see_step_documents(request.user, replication):
            raise NotFound(_("No such step."))
        upload = DocumentUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        try:
            document = services.step_document_add(
                step=step,
                by_user=request.user,
                title=upload.validated_data["title"],
                upload=upload.validated_data["file"],
            )
        except services.ReplicationError as error:
            raise _error(error) from None
        return Response(
            StepDocumentSerializer(document, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )
