import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from regencies.models import Province, Regency

from .models import Practice, RbTheme, Tag


class PracticeFilter(django_filters.FilterSet):
    """Filters of the practice list, shared by /practices/ and /api/v1/practices/.

    Without a status only published practices are listed; drafts appear only to whoever may see
    them (the queryset given is already limited to that)."""

    search = django_filters.CharFilter(method="filter_search", label=_("Text contains"), max_length=100)
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
    # A choice, not a BooleanFilter: that one ignores a value it cannot read instead of refusing it.
    demo = django_filters.TypedChoiceFilter(
        choices=[("true", _("Yes")), ("false", _("No"))],
        coerce=lambda value: value == "true",
        label=_("Example (contoh)"),
    )

    class Meta:
        model = Practice
        fields = ["search", "kind", "province", "regency", "status", "tag", "rb_theme", "demo"]

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.published()
        return queryset

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(title_en__icontains=value)
            | Q(summary__icontains=value)
            | Q(summary_en__icontains=value)
            | Q(regency__name__icontains=value)
        )
