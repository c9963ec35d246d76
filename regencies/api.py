from django.db.models import Count
from rest_framework import mixins, viewsets

from livinglab.api_rows import LinkBuilder, RowListMixin

from . import selectors
from .filters import RegencyFilter
from .models import REGENCY_CODE_RE, Province
from .serializers import (
    CohortDetailSerializer,
    CohortSerializer,
    ProvinceSerializer,
    RegencySerializer,
)


class ProvinceViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Province.objects.all()
    serializer_class = ProvinceSerializer
    lookup_field = "code"
    ordering_fields = ["code", "name"]


class RegencyViewSet(
    RowListMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Kabupaten and kota. Anyone reads; the pemda's staff and national admins update
    the website and description."""

    serializer_class = RegencySerializer
    filterset_class = RegencyFilter
    lookup_field = "code"
    lookup_value_regex = REGENCY_CODE_RE.strip("^$")
    ordering_fields = ["code", "name"]
    ordering = ["code"]

    row_values = ["code", "name", "kind", "province_id", "province__name", "website", "description"]

    def get_queryset(self):
        # province (select_related) and cohorts (one prefetch): 2 queries + count per page.
        return selectors.regency_list()

    def rows(self, rows):
        """RegencySerializer's rows, from values: the page, its cohorts and the count, 3 queries."""
        cohorts = selectors.cohorts_of([row["code"] for row in rows])
        url = LinkBuilder(self.request, "api:regency-detail", argument="code", sample="00.00")
        return [
            {
                "code": row["code"],
                "name": row["name"],
                "kind": row["kind"],
                "province": {"code": row["province_id"], "name": row["province__name"]},
                "cohorts": cohorts.get(row["code"], []),
                "website": row["website"],
                "description": row["description"],
                "url": url(row["code"]),
            }
            for row in rows
        ]


class CohortViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"
    ordering_fields = ["name", "started_on"]

    def get_queryset(self):
        # Counting groups the rows, which drops Meta.ordering: order explicitly for stable pages.
        queryset = (
            selectors.cohort_list().annotate(member_count=Count("members")).order_by("-started_on", "name")
        )
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("members")
        return queryset

    def get_serializer_class(self):
        return CohortDetailSerializer if self.action == "retrieve" else CohortSerializer
