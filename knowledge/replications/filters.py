import django_filters
from django.utils.translation import gettext_lazy as _

from regencies.models import Regency

from ..practices.models import Practice
from .stages import Stage


class ReplicationFilter(django_filters.FilterSet):
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
