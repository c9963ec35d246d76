import re

from django.core.paginator import EmptyPage
from django.core.paginator import Paginator as DjangoPaginator
from django.db.models import Count, Window
from django.db.models.query import ValuesIterable
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import pagination
from rest_framework.exceptions import ValidationError

WHOLE_NUMBER = re.compile(r"[0-9]+")


TOTAL = "_rows_in_all"


class OneQueryPaginator(DjangoPaginator):
    """Django's paginator, but a page of `.values()` rows also counts all rows in its own query
    (COUNT(*) OVER ()): one query instead of two. Other querysets, and DISTINCT ones (the window
    would count before DISTINCT), are paged as Django does."""

    def page(self, number):
        rows = self.object_list
        if not (
            hasattr(rows, "query") and rows._iterable_class is ValuesIterable and not rows.query.distinct
        ):
            return super().page(number)
        number = int(number)
        bottom = (number - 1) * self.per_page
        query = rows.annotate(**{TOTAL: Window(Count("*"))})[bottom : bottom + self.per_page]
        rows = list(query)
        if not rows and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        self.__dict__["count"] = rows[0].pop(TOTAL) if rows else 0  # the cached property, filled
        for row in rows[1:]:
            del row[TOTAL]
        return self._get_page(rows, number, self)


class PageNumberPagination(pagination.PageNumberPagination):
    """DRF's pages, but `page` and `page_size` are whole numbers from 1 or a 400 naming the parameter
    (DRF ignores a page_size it cannot read); a page_size over the maximum is capped, a page past the
    last one is a 404."""

    django_paginator_class = OneQueryPaginator
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 1000
    last_page_strings = ()  # "page=last" is not in the schema: a number or nothing

    def get_page_size(self, request):
        size = _number(request, self.page_size_query_param, default=self.page_size)
        return min(size, self.max_page_size)

    def get_page_number(self, request, paginator):
        return _number(request, self.page_query_param, default=1)

    def get_schema_operation_parameters(self, view):
        return [
            _parameter(self.page_query_param, gettext_lazy("Page number, from 1."), {"minimum": 1}),
            _parameter(
                self.page_size_query_param,
                gettext_lazy(
                    "Results per page (default %(default)d; more than %(maximum)d gives %(maximum)d)."
                )
                % {"default": self.page_size, "maximum": self.max_page_size},
                {"minimum": 1},
            ),
        ]


def _number(request, name, *, default):
    raw = request.query_params.get(name)
    if raw is None:
        return default
    if not WHOLE_NUMBER.fullmatch(raw) or int(raw) < 1:
        raise ValidationError({name: [_("Enter a whole number of at least 1.")]})
    return int(raw)


def _parameter(name, description, limits):
    return {
        "name": name,
        "required": False,
        "in": "query",
        "description": description,
        "schema": {"type": "integer", **limits},
    }
