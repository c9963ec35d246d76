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

from . import compiled_pages


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

    An anonymous read of a URL read before runs the page's query as compiled then
    (livinglab/compiled_pages.py): no filtering, no query building. What `rows()` needs beyond the
    rows goes in `row_state` (from `get_row_state()`, kept with the compiled query)."""

    row_values = ()
    row_state = None

    def get_row_values(self, queryset):
        """What `.values()` reads of the filtered queryset (a view may read more when asked more)."""
        return self.row_values

    def get_row_state(self):
        """What rows() needs of the request besides its rows, once the queryset is filtered."""
        return None

    def rows(self, rows):
        raise NotImplementedError

    def list(self, request, *args, **kwargs):
        paginator = self.paginator
        key = compiled_pages.key(request)
        compiled = paginator.paginate_compiled(request, key) if paginator is not None else None
        if compiled is not None:
            page, self.row_state = compiled
            return self.get_paginated_response(self.rows(page))
        queryset = self.filter_queryset(self.get_queryset()).prefetch_related(None)
        queryset = queryset.values(*self.get_row_values(queryset))
        self.row_state = self.get_row_state()
        page = self.paginate_queryset(queryset)
        if page is None:
            return Response(self.rows(list(queryset)))
        paginator.keep_compiled(key, self.row_state)
        return self.get_paginated_response(self.rows(page))


def decimal_text(value):
    """A decimal as DRF writes it (COERCE_DECIMAL_TO_STRING): its text, or None."""
    return None if value is None else str(value)
