import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from livinglab.filtersets import FilterSet
from regencies.models import Regency

from ..practices.models import Practice
from .stages import Stage


class ReplicationFilter(FilterSet):
    practice = django_filters.ModelChoiceFilter(
        queryset=Practice.objects.public(), to_field_name="slug", label=_("Practice")
    )
    owner = django_filters.ModelChoiceFilter(
        queryset=Regency.objects.all(), to_field_name="code", label=_("Owner pemda")
    )
    adopter = django_filters.ModelChoiceFilter(
        queryset=Regency.objects.all(), to_field_name="code", label=_("Adopter pemda")
    )
    stage = django_filters.ChoiceFilter(choices=Stage.choices, label=_("Stage"), empty_label=_("All stages"))
    # A choice, not a BooleanFilter: that one ignores a value it cannot read instead of refusing it.
    stalled = django_filters.TypedChoiceFilter(
        choices=[("", _("All")), ("true", _("Yes")), ("false", _("No"))],
        coerce=lambda value: value == "true",
        method="filter_stalled",
        label=_("Stalled (no step for 60 days)"),
    )

    @extend_schema_field({"type": "string", "enum": ["true", "false"]})
    def filter_stalled(self, queryset, name, value):
        return queryset.stalled() if value else queryset.not_stalled()
