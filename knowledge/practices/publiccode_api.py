"""The API's side of publiccode.yml: the YAML body parser and the answers of
GET/PUT /api/v1/practices/{slug}/publiccode/ and POST /api/v1/practices/new/publiccode/
(the actions themselves are on PracticeViewSet in api.py)."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import negotiation, parsers, renderers, serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from .. import publiccode
from . import publiccode_sync, services


class YamlParser(parsers.BaseParser):
    """The request body as bytes, at most one byte over the limit: knowledge.publiccode refuses it."""

    media_type = "application/yaml"

    def parse(self, stream, media_type=None, parser_context=None):
        return stream.read(publiccode.MAX_BYTES + 1) if stream is not None else b""


class TextYamlParser(YamlParser):
    media_type = "text/yaml"


class JsonErrorsNegotiation(negotiation.DefaultContentNegotiation):
    """The export is YAML whatever the client asks for (an HttpResponse, past the renderers); every
    other answer, errors included, is JSON, so an `Accept: application/yaml` is never a 406."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


PARSERS = [YamlParser, TextYamlParser]
RENDERERS = [renderers.JSONRenderer]


class ProblemSerializer(serializers.Serializer):
    path = serializers.CharField(help_text="The key path, e.g. legal.license; empty for the whole file.")
    message = serializers.CharField()


class ChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    old = serializers.CharField()
    new = serializers.CharField()


class ImportResultSerializer(serializers.Serializer):
    slug = serializers.CharField(allow_null=True, help_text="Null in a dry run of a new practice.")
    saved = serializers.BooleanField(help_text="False in a dry run.")
    changes = ChangeSerializer(many=True, help_text="What the file changes (or would change).")
    warnings = ProblemSerializer(many=True, help_text="Keys kept as they are, deprecated values...")


DRY_RUN = OpenApiParameter(
    "dry_run",
    OpenApiTypes.BOOL,
    description="Check the file and list what it would change, without saving.",
)
REQUEST = {"application/yaml": OpenApiTypes.STR, "text/yaml": OpenApiTypes.STR}
EXPORT = OpenApiResponse(
    OpenApiTypes.STR, description="The practice as a publiccode.yml (an attachment named publiccode.yml)."
)


def export_response(request, practice):
    if not practice.has_software_description:
        raise NotFound(_("This practice has no software description to export as publiccode.yml."))
    return publiccode_sync.download_response(
        practice, practice_url=request.build_absolute_uri(practice.get_absolute_url())
    )


def _dry_run(request):
    return request.query_params.get("dry_run", "").lower() in ("1", "true", "yes")


def import_response(request, practice=None):
    """Check the body for `practice` (None: a new one) and save it unless `dry_run`; 400 names each key
    path in error ("publiccode" for the file as a whole)."""
    practice_url = request.build_absolute_uri(practice.get_absolute_url()) if practice else ""
    source = request.data if isinstance(request.data, bytes) else b""
    checked = publiccode_sync.check(source, user=request.user, practice=practice, practice_url=practice_url)
    if not checked.ok:
        errors = {}
        for problem in checked.errors:
            errors.setdefault(publiccode_sync.error_key(problem), []).append(problem.message)
        raise ValidationError(errors)
    changes = [
        {"field": str(label), "old": old, "new": new}
        for label, old, new in publiccode_sync.changes(practice, checked)
    ]
    saved = not _dry_run(request)
    if saved:
        try:
            practice = publiccode_sync.practice_import(
                checked=checked, by_user=request.user, practice=practice
            )
        except services.PracticeError as error:
            key = publiccode_sync.FIELD_KEYS.get(error.field, error.field)
            raise ValidationError({key: [str(error)]}) from None
    result = {
        "slug": practice.slug if practice else None,
        "saved": saved,
        "changes": changes,
        "warnings": [{"path": w.path, "message": w.message} for w in checked.warnings],
    }
    created = saved and request.method == "POST"
    return Response(
        ImportResultSerializer(result).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
    )
