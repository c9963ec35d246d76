import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from livinglab.filtersets import FilterSet
from regencies.models import Cohort, Province, Regency

from . import selectors
from .models import Evaluation, Framework


class EvaluationFilter(FilterSet):
    """Facets of the evaluation list, shared by the API and the pages."""

    regency = django_filters.ModelChoiceFilter(
        queryset=Regency.objects.all(), to_field_name="code", label=_("Regency/city")
    )
    year = django_filters.NumberFilter(label=_("Year"), min_value=2000, max_value=2100)
    framework = django_filters.ModelChoiceFilter(
        queryset=Framework.objects.all(), to_field_name="code", label=_("Framework")
    )
    source = django_filters.ChoiceFilter(choices=Evaluation.Source.choices, label=_("Source"))
    province = django_filters.ModelChoiceFilter(
        queryset=Province.objects.all(),
        to_field_name="code",
        field_name="regency__province",
        label=_("Province"),
    )
    cohort = django_filters.ModelChoiceFilter(
        queryset=Cohort.objects.all(), to_field_name="slug", field_name="regency__cohorts", label=_("Cohort")
    )
    # A choice, not a BooleanFilter: that one ignores a value it cannot read instead of refusing it.
    synthetic = django_filters.TypedChoiceFilter(
        choices=[("true", _("Yes")), ("false", _("No"))],
        coerce=lambda value: value == "true",
        label=_("Synthetic demo data"),
    )

    class Meta:
        model = Evaluation
        fields = ["regency", "year", "framework", "source", "province", "cohort", "synthetic"]


class RankingQueryForm(forms.Form):
    """What a ranking asks for; used by the rankings page, its exports and the API alike."""

    SCOPES = [
        ("national", _("National")),
        ("province", _("Within each province")),
        ("cohort", _("Within a cohort")),
    ]

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    scope = forms.ChoiceField(label=_("Scope"), choices=SCOPES, required=False)
    province = forms.ModelChoiceField(
        label=_("Province"),
        queryset=Province.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("All provinces"),
    )
    cohort = forms.ModelChoiceField(
        label=_("Cohort"),
        queryset=Cohort.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All cohorts"),
    )
    source = forms.ChoiceField(label=_("Kind of result"), choices=Evaluation.Source.choices, required=False)

    def clean(self):
        data = super().clean()
        data["scope"] = data.get("scope") or "national"
        data["source"] = data.get("source") or Evaluation.Source.OFFICIAL
        if data["scope"] == "cohort" and not data.get("cohort"):
            self.add_error("cohort", _("Choose a cohort to rank within."))
        return data

    def _query(self):
        data = self.cleaned_data
        return {
            "year": data["year"],
            "scope": data["scope"],
            "province": data.get("province"),
            "cohort": data.get("cohort"),
            "source": data["source"],
        }

    def rankings(self):
        """The ranking rows for valid input (call is_valid() first)."""
        return selectors.rankings(**self._query())

    def ranking_rows(self):
        """The ranking as a queryset to page in SQL; a page's ranks the year before come from
        `previous_ranks()` (selectors.movement_rows puts them together)."""
        return selectors.ranking_rows(**self._query())

    def previous_ranks(self, rows):
        """The query of the ranks the year before of these rows' regencies (see `movement_rows`)."""
        return selectors.previous_ranks(**self._query(), regencies=[row["regency_id"] for row in rows])

    def unranked(self):
        """The unverified figures left out of that ranking (call is_valid() first)."""
        return selectors.unranked(**self._query())
