import django_filters
from django.core.validators import RegexValidator
from django.db.models import Exists, F, OuterRef
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from drf_spectacular.utils import extend_schema_field

from livinglab.filtersets import FilterSet
from regencies.models import Cohort, Province, Regency

from . import selectors
from .models import Practice, PracticeIndicator, RbTheme, Tag

YES_NO = [("true", _("Yes")), ("false", _("No"))]
INDICATOR_RE = r"^[-A-Za-z0-9_]+:[0-9]{1,3}$"


@extend_schema_field({"type": "string", "pattern": INDICATOR_RE})
class IndicatorFilter(django_filters.CharFilter):
    """An SPBE indicator (domain, aspect) as `<framework code>:<number>`; the schema says so (a 400
    otherwise)."""

    def __init__(self, *args, example="permenpanrb-59-2020:7", **kwargs):
        message = _("Give the framework code and the number, e.g. %(example)s.") % {"example": example}
        kwargs.setdefault("max_length", 50)
        kwargs.setdefault("validators", [RegexValidator(INDICATOR_RE, message)])
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "string", "enum": ["true", "false"]})
class YesNoFilter(django_filters.TypedChoiceFilter):
    """true or false, for a filter computed rather than read from one model field."""


class PracticeFilter(FilterSet):
    """Filters of the practice list, shared by /practices/ and /api/v1/practices/ (and its facets).

    Without a status only published practices are listed; drafts appear only to whoever may see
    them (the queryset given is already limited to that)."""

    search = django_filters.CharFilter(
        method="filter_search",
        label=_("Search"),
        max_length=100,
        help_text=_("Words of the title, summary, tags, description or replication card; acronyms too."),
    )
    kind = django_filters.ChoiceFilter(
        choices=Practice.Kind.choices, label=_("Kind"), empty_label=_("All kinds")
    )
    province = django_filters.ModelChoiceFilter(
        queryset=Province.objects.all(),
        to_field_name="code",
        field_name="regency__province",
        label=_("Owner's province"),
        empty_label=_("All provinces"),
    )
    regency = django_filters.ModelChoiceFilter(
        queryset=Regency.objects.all(), to_field_name="code", label=_("Owner pemda")
    )
    cohort = django_filters.ModelChoiceFilter(
        queryset=Cohort.objects.all(),
        to_field_name="slug",
        field_name="regency__cohorts",
        label=_("Owner's cohort"),
    )
    status = django_filters.ChoiceFilter(
        choices=Practice.Status.choices,
        label=_("Status"),
        empty_label=pgettext_lazy("practice status", "Published"),
    )
    tag = django_filters.ModelChoiceFilter(
        queryset=Tag.objects.all(), to_field_name="slug", field_name="tags", label=_("Tag")
    )
    rb_theme = django_filters.ModelChoiceFilter(
        queryset=RbTheme.objects.all(), to_field_name="number", field_name="rb_themes", label=_("RB tematik")
    )
    domain = IndicatorFilter(
        method="filter_domain", label=_("SPBE domain improved"), example="permenpanrb-59-2020:1"
    )
    aspect = IndicatorFilter(
        method="filter_aspect", label=_("SPBE aspect improved"), example="permenpanrb-59-2020:3"
    )
    indicator = IndicatorFilter(method="filter_indicator", label=_("SPBE indicator improved"))
    has_source = YesNoFilter(
        choices=YES_NO,
        coerce=lambda value: value == "true",
        method="filter_has_source",
        label=_("Source code published"),
    )
    license = django_filters.CharFilter(label=_("Licence"), max_length=200)
    sustainability = django_filters.ChoiceFilter(
        choices=Practice.Sustainability.choices, label=_("Sustainability"), empty_label=_("Any")
    )
    # A choice, not a BooleanFilter: that one ignores a value it cannot read instead of refusing it.
    demo = django_filters.TypedChoiceFilter(
        choices=YES_NO, coerce=lambda value: value == "true", label=_("Example (contoh)")
    )
    # Last: it orders what the filters above left (by relevance, it needs the search's groups).
    sort = django_filters.ChoiceFilter(
        choices=[
            ("relevance", _("Relevance")),
            ("newest", _("Newest")),
            ("reviewed", _("Recently reviewed")),
            ("replicated", _("Most replicated")),
        ],
        method="filter_sort",
        label=_("Sort by"),
        empty_label=_("Best match"),  # relevance with a search, newest without
    )

    class Meta:
        model = Practice
        fields = [
            "search",
            "kind",
            "province",
            "regency",
            "cohort",
            "status",
            "tag",
            "rb_theme",
            "domain",
            "aspect",
            "indicator",
            "has_source",
            "license",
            "sustainability",
            "demo",
            "sort",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = []  # the search's groups of equivalent phrases, set by filter_search

    def filter_queryset(self, queryset):
        queryset = self.queryset_without(None, queryset)
        # The sort runs even without the parameter: relevance when searching, newest otherwise.
        queryset = self.filter_sort(queryset, "sort", self.form.cleaned_data.get("sort"))
        return selectors.with_headlines(queryset, self.groups)

    def queryset_without(self, name, queryset=None):
        """The queryset with every filter applied but `name` (and the sort): what facet `name` counts."""
        queryset = self.queryset if queryset is None else queryset
        for filter_name, value in self.form.cleaned_data.items():
            if filter_name not in (name, "sort"):
                queryset = self.filters[filter_name].filter(queryset, value)
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.published()
        return queryset

    def filter_search(self, queryset, name, value):
        if not self.groups and value.strip():
            self.groups = selectors.search_groups(value)
        if not self.groups:  # only punctuation: nothing to find, rather than everything
            return queryset.none()
        return selectors.practice_search(queryset, self.groups)

    def filter_indicator(self, queryset, name, value):
        framework, number = value.split(":")
        return queryset.filter(
            indicator_links__indicator__framework__code=framework, indicator_links__indicator__number=number
        )

    def filter_domain(self, queryset, name, value):
        # A subquery, not a join: a practice improving two indicators of one domain stays one row, so
        # the other facets still count it once.
        framework, number = value.split(":")
        return queryset.filter(
            Exists(
                PracticeIndicator.objects.filter(
                    practice=OuterRef("pk"),
                    indicator__framework__code=framework,
                    indicator__aspect__domain__number=number,
                )
            )
        )

    def filter_aspect(self, queryset, name, value):
        framework, number = value.split(":")
        return queryset.filter(
            Exists(
                PracticeIndicator.objects.filter(
                    practice=OuterRef("pk"),
                    indicator__framework__code=framework,
                    indicator__aspect__number=number,
                )
            )
        )

    def filter_has_source(self, queryset, name, value):
        if value in ("", None):
            return queryset
        return queryset.exclude(repository_url="") if value else queryset.filter(repository_url="")

    def filter_sort(self, queryset, name, value):
        if value in ("", None, "relevance") and self.groups:
            return selectors.order_by_relevance(queryset, self.groups)
        if value == "reviewed":
            return queryset.order_by(F("reviewed_on").desc(nulls_last=True), "-published_at", "-pk")
        if value == "replicated":
            return selectors.order_by_replications(queryset)
        return queryset.order_by("-published_at", "-pk")
