from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from livinglab.api_ordering import StrictOrderingFilter
from livinglab.api_rows import RowListMixin
from regencies.permissions import can_create_practice, can_edit_practice, is_national_admin, membership_of

from . import api_rows, documents, lineage, publiccode_api, selectors, services
from .filters import PracticeFilter
from .models import Practice, PracticeDocument
from .serializers import (
    API_PREFIX,
    HTML_PREFIX,
    DetailErrorSerializer,
    DocumentSerializer,
    DocumentUploadSerializer,
    FacetsSerializer,
    FieldErrorsSerializer,
    LineageNodeSerializer,
    PracticeDetailSerializer,
    PracticeSerializer,
    PracticeWriteSerializer,
)

ERRORS_400 = OpenApiResponse(FieldErrorsSerializer, description="Invalid input: each key names the field.")
ERRORS_401 = OpenApiResponse(DetailErrorSerializer, description="Not logged in (no session or token).")
ERRORS_403 = OpenApiResponse(DetailErrorSerializer, description="Not staff of the owner pemda.")
ERRORS_404 = OpenApiResponse(
    DetailErrorSerializer, description="No such practice, or a draft of another pemda (not revealed)."
)
ERRORS_415 = OpenApiResponse(DetailErrorSerializer, description="The body is not application/yaml.")
WRITE_ERRORS = {400: ERRORS_400, 401: ERRORS_401, 403: ERRORS_403, 404: ERRORS_404}


class PracticePermission(permissions.BasePermission):
    """Anyone reads what they may see; changes need the rule of regencies.permissions.can_edit_practice."""

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or request.user.is_authenticated

    def has_object_permission(self, request, view, obj):
        return request.method in permissions.SAFE_METHODS or can_edit_practice(request.user, obj)


class PracticeFilterBackend(DjangoFilterBackend):
    """The shared PracticeFilter, kept on the view: the list reads its search for the snippets, the
    facets count with it."""

    def get_filterset(self, request, queryset, view):
        view.filterset = super().get_filterset(request, queryset, view)
        return view.filterset


def _practice_error(error):
    return ValidationError({error.field: [str(error)]})


@extend_schema_view(
    list=extend_schema(responses={200: PracticeSerializer(many=True), 400: ERRORS_400}),
    retrieve=extend_schema(responses={200: PracticeDetailSerializer, 404: ERRORS_404}),
)
class PracticeViewSet(RowListMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Practices pemda share. The list shows published ones unless `status` asks for drafts (only
    those you may see) or archived ones. Staff of a pemda create practices for it (as drafts),
    change, publish and archive them, and attach documents."""

    lookup_field = "slug"
    # "new" is reserved (POST new/publiccode/ creates a practice): never a slug, in the routes or the schema.
    lookup_value_regex = r"(?!new(?:/|$))[-a-zA-Z0-9_]+"
    filterset_class = PracticeFilter
    filter_backends = [PracticeFilterBackend, StrictOrderingFilter]
    permission_classes = [PracticePermission]
    ordering_fields = ["published_at", "updated_at", "title", "reviewed_on", "launched_on"]
    # No default ordering: the filter's `sort` orders (relevance when searching, else newest), and an
    # explicit `ordering` overrides it.
    ordering = None

    def get_queryset(self):
        if self.action in ("list", "facets"):
            return selectors.practice_list(user=self.request.user)
        return selectors.practices_visible_to(self.request.user).select_related("regency__province")

    def filter_queryset(self, queryset):
        # The list's filters (published unless asked otherwise) never hide the one practice asked for.
        return super().filter_queryset(queryset) if self.action in ("list", "facets") else queryset

    def get_row_values(self, queryset):
        return api_rows.practice_values(queryset, self.filterset.groups)

    def rows(self, rows):
        context = self.get_serializer_context()
        return api_rows.practice_rows(
            rows,
            api_prefix=context[API_PREFIX],
            html_prefix=context[HTML_PREFIX],
            groups=self.filterset.groups,  # the search's phrases, marked in each row's snippet
        )

    @extend_schema(responses={200: FacetsSerializer, 400: ERRORS_400})
    @action(detail=False, methods=["get"])
    def facets(self, request):
        """How many practices each value of each facet leaves, given the same filters and search as
        the list: each facet counts with every other filter applied, so the counts combine."""
        queryset = self.filter_queryset(self.get_queryset())
        counts = selectors.facet_counts(self.filterset)
        data = {
            "count": queryset.count(),
            "facets": {name: [vars(v) for v in values] for name, values in counts.items()},
        }
        return Response(FacetsSerializer(data).data)

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return PracticeWriteSerializer
        return PracticeSerializer

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            API_PREFIX: self.request.build_absolute_uri(reverse("api:practice-list")),
            HTML_PREFIX: self.request.build_absolute_uri(reverse("practices:list")),
        }

    def _detail(self, slug, status_code=status.HTTP_200_OK):
        practice = selectors.practice_detail(user=self.request.user, slug=slug)
        if practice is None:
            raise Http404
        links = practice.indicator_links.all()
        context = {
            **self.get_serializer_context(),
            "owner_levels": selectors.owner_levels(practice, [link.indicator_id for link in links]),
        }
        return Response(PracticeDetailSerializer(practice, context=context).data, status=status_code)

    def retrieve(self, request, slug=None):
        return self._detail(slug)

    @extend_schema(request=PracticeWriteSerializer, responses={201: PracticeDetailSerializer, **WRITE_ERRORS})
    def create(self, request, *args, **kwargs):
        serializer = PracticeWriteSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        regency = self._owner(data.pop("regency", None))
        relations = {name: data.pop(name) for name in services.RELATIONS if name in data}
        try:
            practice = services.practice_save(
                practice=Practice(regency=regency, **data), by_user=request.user, **relations
            )
        except services.PracticeError as error:
            raise _practice_error(error) from None
        return self._detail(practice.slug, status.HTTP_201_CREATED)

    def _owner(self, regency):
        """The user's own pemda; national admins must name one."""
        user = self.request.user
        if is_national_admin(user):
            if regency is None:
                raise ValidationError({"regency": [_("National admins give the owner pemda's code.")]})
            return regency
        membership = membership_of(user)
        if membership is None:
            raise PermissionDenied(_("Only staff of a pemda publish practices."))
        regency = regency or membership.regency
        if not can_create_practice(user, regency):
            raise PermissionDenied(_("You may publish practices only for your own pemda."))
        return regency

    @extend_schema(request=PracticeWriteSerializer, responses={200: PracticeDetailSerializer, **WRITE_ERRORS})
    def update(self, request, *args, partial=False, **kwargs):
        practice = self.get_object()
        serializer = PracticeWriteSerializer(
            practice, data=request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "regency" in data and data.pop("regency") != practice.regency:
            raise ValidationError({"regency": [_("The owner pemda of a practice does not change.")]})
        relations = {name: data.pop(name) for name in services.RELATIONS if name in data}
        for name, value in data.items():
            setattr(practice, name, value)
        try:
            services.practice_save(practice=practice, by_user=request.user, **relations)
        except services.PracticeError as error:
            raise _practice_error(error) from None
        return self._detail(practice.slug)

    @extend_schema(request=PracticeWriteSerializer, responses={200: PracticeDetailSerializer, **WRITE_ERRORS})
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    def _status_change(self, change):
        practice = self.get_object()
        try:
            change(practice=practice, by_user=self.request.user)
        except services.PracticeError as error:
            raise _practice_error(error) from None
        return self._detail(practice.slug)

    @extend_schema(request=None, responses={200: PracticeDetailSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def publish(self, request, slug=None):
        """A draft becomes visible to everyone."""
        return self._status_change(services.practice_publish)

    @extend_schema(request=None, responses={200: PracticeDetailSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def archive(self, request, slug=None):
        """A draft or published practice is archived: still readable, marked as archived."""
        return self._status_change(services.practice_archive)

    @extend_schema(
        methods=["GET"], request=None, responses={200: DocumentSerializer(many=True), 404: ERRORS_404}
    )
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": DocumentUploadSerializer},
        responses={201: DocumentSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["get", "post"], parser_classes=[MultiPartParser, FormParser])
    def documents(self, request, slug=None):
        """The practice's documents; staff of the owner pemda upload one (multipart: title, file)."""
        practice = self.get_object()
        context = {**self.get_serializer_context(), "slug": practice.slug}
        if request.method == "GET":
            return Response(DocumentSerializer(practice.documents.all(), many=True, context=context).data)
        upload = DocumentUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        try:
            document = services.document_add(
                practice=practice,
                by_user=request.user,
                title=upload.validated_data["title"],
                upload=upload.validated_data["file"],
            )
        except services.PracticeError as error:
            raise _practice_error(error) from None
        return Response(DocumentSerializer(document, context=context).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"],
        request=None,
        responses={
            (200, "application/octet-stream"): OpenApiResponse(description="The file, as an attachment."),
            404: ERRORS_404,
        },
    )
    @extend_schema(methods=["DELETE"], request=None, responses={204: None, **WRITE_ERRORS})
    @action(detail=True, methods=["get", "delete"], url_path=r"documents/(?P<document_id>[0-9]+)")
    def document(self, request, slug=None, document_id=None):
        """Download a document (an attachment), or remove it (staff of the owner pemda)."""
        practice = self.get_object()
        document = get_object_or_404(PracticeDocument, pk=document_id, practice=practice)
        if request.method == "GET":
            return documents.download_response(document)
        services.document_remove(document=document, by_user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses={200: LineageNodeSerializer, 404: ERRORS_404})
    @action(detail=True, methods=["get"])
    def lineage(self, request, slug=None):
        """The tree of versions, from the root (the original practice): each node has the versions
        based on it in `children`, and `current` marks the practice asked for. Draft versions of other
        pemda are left out, with the versions below them."""
        practice = self.get_object()
        root = lineage.practice_lineage(user=request.user, practice=practice)
        return Response(LineageNodeSerializer(root, context=self.get_serializer_context()).data)

    @extend_schema(
        methods=["GET"],
        request=None,
        responses={(200, "application/yaml"): publiccode_api.EXPORT, 404: ERRORS_404},
    )
    @extend_schema(
        methods=["PUT"],
        request=publiccode_api.REQUEST,
        parameters=[publiccode_api.DRY_RUN],
        responses={200: publiccode_api.ImportResultSerializer, **WRITE_ERRORS, 415: ERRORS_415},
    )
    @action(
        detail=True,
        methods=["get", "put"],
        parser_classes=publiccode_api.PARSERS,
        renderer_classes=publiccode_api.RENDERERS,
        content_negotiation_class=publiccode_api.JsonErrorsNegotiation,
    )
    def publiccode(self, request, slug=None):
        """The practice as a publiccode.yml; staff of the owner pemda update it from one (versions 0.2 to
        0.7, body application/yaml). A 400 names each key path in error (`legal.license`)."""
        practice = self.get_object()
        if request.method == "GET":
            return publiccode_api.export_response(request, practice)
        return publiccode_api.import_response(request, practice)

    @extend_schema(
        request=publiccode_api.REQUEST,
        parameters=[publiccode_api.DRY_RUN],
        responses={
            201: publiccode_api.ImportResultSerializer,
            200: OpenApiResponse(
                publiccode_api.ImportResultSerializer, description="A dry run: nothing saved."
            ),
            **WRITE_ERRORS,
            415: ERRORS_415,
        },
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="new/publiccode",
        url_name="new-publiccode",
        parser_classes=publiccode_api.PARSERS,
        renderer_classes=publiccode_api.RENDERERS,
        content_negotiation_class=publiccode_api.JsonErrorsNegotiation,
    )
    def new_publiccode(self, request):
        """Create a draft application of your pemda from a publiccode.yml (national admins: of the pemda
        its organisation.uri names)."""
        if membership_of(request.user) is None and not is_national_admin(request.user):
            raise PermissionDenied(_("Only staff of a pemda publish practices."))
        return publiccode_api.import_response(request)
