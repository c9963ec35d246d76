"""Read-heavy API lists answered from `.values()` rows: the pattern every list endpoint follows.

A ModelSerializer builds its fields anew for every request, a model instance for every row and a
resolver call for every `url`; on a list of 100 rows that is most of the request. Here the view filters,
orders and paginates a `.values()` queryset as before, and a plain function turns each row into the
JSON the serializer would write. The serializer stays: it documents the rows in the schema and serves
the detail and the writes. Each endpoint has a test that its rows equal the serializer's output.

    class RegencyViewSet(RowListMixin, ...):
        row_values = ["code", "name", ...]          # what .values() reads
        def rows(self, rows): ...                  # dicts in the serializer's shape

Links (`url`) are built by `LinkBuilder`: one reverse() per request, a string join per row.
"""

from django.urls import reverse
from rest_framework.response import Response

from . import api_answers


class LinkBuilder:
    """The absolute URL of `view_name` for many values of its one URL argument, one reverse() in all.

    `sample` must be a value the route accepts (e.g. "00.00" for a regency code); it is cut out of the
    reversed URL and each row's value put in its place. The result is what DRF's
    HyperlinkedIdentityField writes for that row."""

    def __init__(self, request, view_name, *, argument, sample):
        url = request.build_absolute_uri(reverse(view_name, kwargs={argument: sample}))
        self.prefix, _, self.suffix = url.rpartition(str(sample))

    def __call__(self, value):
        return f"{self.prefix}{value}{self.suffix}"


class RowListMixin:
    """list() from `.values(*row_values)` rows, turned into the API's dicts by `rows()`.

    An anonymous read of a URL answered before, with nothing written since, is rendered from the
    answer kept then (livinglab/api_answers.py): no query at all."""

    row_values = ()

    def get_row_values(self, queryset):
        """What `.values()` reads of the filtered queryset (a view may read more when asked more)."""
        return self.row_values

    def rows(self, rows):
        raise NotImplementedError

    def list(self, request, *args, **kwargs):
        return Response(api_answers.answer(request, self.list_data))

    def list_data(self):
        queryset = self.filter_queryset(self.get_queryset()).prefetch_related(None)
        queryset = queryset.values(*self.get_row_values(queryset))
        page = self.paginate_queryset(queryset)
        if page is None:
            return self.rows(list(queryset))
        return self.get_paginated_response(self.rows(page)).data


def decimal_text(value):
    """A decimal as DRF writes it (COERCE_DECIMAL_TO_STRING): its text, or None."""
    return None if value is None else str(value)
