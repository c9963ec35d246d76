from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """DRF's handler, with a translated message for 404s instead of Django's model-named one."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    return drf_exception_handler(exc, context)


# What error answers look like, for the OpenAPI schema (livinglab/api_schema.py).
class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("What went wrong, in the language asked for."))


# A 400 names each field (or parameter) with its messages; one that concerns no field says "detail".
BAD_REQUEST_SCHEMA = {
    "type": "object",
    "description": "Each field or parameter in error with its messages, or `detail`.",
    "additionalProperties": {
        "anyOf": [
            {"type": "string"},
            {"type": "array", "items": {"type": "string"}},
            {"type": "object"},
        ]
    },
}
