import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from livinglab.filtersets import FilterSet
from regencies.models import Cohort, Province

from ..practices.models import Practice
from ..replications.models import Replication

SORTS = ("owner", "adopter", "replications", "live")


class NetworkFilter(FilterSet):
    """The network's filters: a replication counts when its owner or its adopter is in the cohort or
    province asked for. `sort` orders the table of pairs (selectors.sort_pairs)."""

    cohort = django_filters.ModelChoiceFilter(
        queryset=Cohort.objects.all(),
        to_field_name="slug",
        label=_("Cohort"),
        empty_label=_("All cohorts"),
        method="filter_cohort",
    )
    province = django_filters.ModelChoiceFilter(
        queryset=Province.objects.all(),
        label=_("Province"),
        empty_label=_("All provinces"),
        method="filter_province",
    )
    # Only practices the network holds: a list of every published practice (1,240 in the benchmark)
    # was most of the page's weight and rendering time, and offered choices that show nothing.
    practice = django_filters.ModelChoiceFilter(
        queryset=Practice.objects.public().filter(pk__in=Replication.objects.public().values("practice")),
        to_field_name="slug",
        label=_("Practice"),
        empty_label=_("All practices"),
    )
    sort = django_filters.ChoiceFilter(
        choices=[(key, key) for field in SORTS for key in (field, f"-{field}")],
        label=_("Sort"),
        method="filter_nothing",
        widget=forms.HiddenInput,
    )

    def filter_cohort(self, queryset, name, value):
        members = value.members.values("pk")
        return queryset.filter(Q(owner_id__in=members) | Q(adopter_id__in=members))

    def filter_province(self, queryset, name, value):
        return queryset.filter(Q(owner__province=value) | Q(adopter__province=value))

    def filter_nothing(self, queryset, name, value):
        return queryset
