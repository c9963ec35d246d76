"""The OpenAPI schema says what the API really does: reading needs no account, every error answer is
documented with its body, and a parameter that names a record lists the records that exist."""

from django.db import DatabaseError
from drf_spectacular import openapi
from drf_spectacular.utils import OpenApiResponse
from rest_framework.permissions import SAFE_METHODS

from .api_errors import BAD_REQUEST_SCHEMA, ErrorSerializer


class AutoSchema(openapi.AutoSchema):
    def get_auth(self):
        auths = super().get_auth()
        if self.method in SAFE_METHODS and {} not in auths:
            auths.append({})  # every read is public; a token or session only identifies the client
        return auths

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        errors = {
            "400": (
                BAD_REQUEST_SCHEMA,
                "A parameter or field is wrong (each is named), or a NUL byte was sent.",
            ),
            "401": (ErrorSerializer, "The token is unknown or disabled, or a write came without one."),
        }
        if self.method not in SAFE_METHODS:
            errors["403"] = (ErrorSerializer, "Logged in, but not allowed to do this.")
        if "{" in self.path or self._get_paginator():
            errors["404"] = (ErrorSerializer, "No such record, or a page past the last one.")
        if self.method in SAFE_METHODS:
            errors["429"] = (ErrorSerializer, "Too many requests from this anonymous client: wait and retry.")
        for code, (body, description) in errors.items():
            response = OpenApiResponse(response=body, description=description)
            responses.setdefault(code, self._get_response_for_code(response, code, direction=direction))
        return responses


RECORD_PARAMETERS = {
    "regency",
    "province",
    "cohort",
    "framework",
    "tag",
    "rb_theme",
    "owner",
    "adopter",
    "practice",
}


def _known_values():
    """Query parameters naming a record: the values that exist (anything else is a 400).

    Without a database (`check --deploy` on a build host) the schema simply lists none."""
    from knowledge.models import Practice, RbTheme, Tag
    from regencies.models import Cohort, Province, Regency
    from spbe.models import Framework

    try:
        return {
            "regency": list(Regency.objects.values_list("code", flat=True)),
            "province": list(Province.objects.values_list("code", flat=True)),
            "cohort": list(Cohort.objects.values_list("slug", flat=True)),
            "framework": list(Framework.objects.values_list("code", flat=True)),
            "tag": list(Tag.objects.values_list("slug", flat=True)),
            "rb_theme": [str(n) for n in RbTheme.objects.values_list("number", flat=True)],
            # The replications' filters: a pemda on either side, a practice anyone may see.
            "owner": list(Regency.objects.values_list("code", flat=True)),
            "adopter": list(Regency.objects.values_list("code", flat=True)),
            "practice": list(Practice.objects.public().values_list("slug", flat=True)),
        }
    except DatabaseError:
        return dict.fromkeys(RECORD_PARAMETERS, [])


def describe_query_parameters(result, generator, request, public):
    """drf-spectacular post-processing hook, for every query parameter of every operation:

    - one that names a record (regency, province, cohort, framework) lists the values that exist;
    - an optional one with a list of values also accepts an empty value, which means "not given"
      (the filters are shared with the pages, whose forms send empty choices).
    """
    known = None
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] != "query":
                    continue
                schema = parameter["schema"]
                if parameter["name"] in RECORD_PARAMETERS:
                    known = known if known is not None else _known_values()
                    values = known[parameter["name"]]
                    # An enum may not be empty: with no records only "not given" is valid (any value is a 400).
                    if values or not parameter.get("required"):
                        schema.update(type="string", enum=values or [""])
                values = schema.get("items", schema)  # a comma-separated list (ordering) or one value
                if "enum" in values and not parameter.get("required") and "" not in values["enum"]:
                    values["enum"] = [*values["enum"], ""]
    return result
