import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from livinglab.filtersets import FilterSet

from .models import Cohort, Province, Regency


class RegencyFilter(FilterSet):
    """Facets of the regency list, shared by /regencies/ and /api/v1/regencies/."""

    search = django_filters.CharFilter(method="filter_search", label=_("Search"), max_length=100)
    province = django_filters.ModelChoiceFilter(
        queryset=Province.objects.all(),
        to_field_name="code",
        label=_("Province"),
        empty_label=_("All provinces"),
    )
    kind = django_filters.ChoiceFilter(
        choices=Regency.Kind.choices, label=_("Kind"), empty_label=_("All kinds")
    )
    cohort = django_filters.ModelChoiceFilter(
        queryset=Cohort.objects.all(),
        to_field_name="slug",
        label=_("Cohort"),
        empty_label=_("All cohorts"),
        field_name="cohorts",
    )

    class Meta:
        model = Regency
        fields = ["search", "province", "kind", "cohort"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(code__startswith=value))
