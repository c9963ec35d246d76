from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    Aspect,
    Domain,
    Evaluation,
    Evidence,
    Framework,
    Indicator,
    IndicatorScore,
    LevelChange,
    NationalIndex,
    PredicateBand,
)
from .services import evaluation_recompute


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class DomainInline(ReadOnlyInline):
    model = Domain
    fields = ["number", "name", "weight"]


class AspectInline(ReadOnlyInline):
    model = Aspect
    fields = ["number", "name", "domain", "weight"]


class PredicateBandInline(ReadOnlyInline):
    model = PredicateBand
    fields = ["name", "min_index"]


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    """Frameworks come from data files (`manage.py load_spbe_frameworks`); the admin only shows them."""

    list_display = ["name", "code", "first_year", "last_year", "provisional"]
    readonly_fields = [f.name for f in Framework._meta.fields if f.name != "id"]
    inlines = [DomainInline, AspectInline, PredicateBandInline]
    search_fields = ["name", "code"]

    def has_add_permission(self, request):
        return False


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "framework", "aspect", "weight"]
    list_filter = ["framework"]
    list_select_related = ["framework", "aspect"]
    search_fields = ["name"]
    readonly_fields = ["framework", "aspect", "scale", "number", "name", "name_en", "weight"]

    def has_add_permission(self, request):
        return False


class LevelChangeInline(ReadOnlyInline):
    model = LevelChange
    fields = ["changed_at", "changed_by", "old_level", "new_level"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")  # one query, not one per row


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["title", "url", "file", "public", "added_by", "added_at"]
    readonly_fields = ["added_by", "added_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("added_by")


# Levels change only through the self-assessment form, the API or an import: each keeps the history
# (who, when, old → new) and recomputes the index. The admin shows them with their history.
SCORE_FIELDS = ["evaluation", "indicator", "level", "explanation", "reviewer_comment"]


@admin.register(IndicatorScore)
class IndicatorScoreAdmin(admin.ModelAdmin):
    """A level with its history of changes (who, when, old → new)."""

    list_display = ["evaluation", "indicator", "level"]
    list_select_related = ["evaluation__regency", "indicator"]
    list_filter = ["evaluation__year", "evaluation__source"]
    search_fields = ["evaluation__regency__name", "evaluation__regency__code"]
    # Counting every level of every year ("12 of 1,200,000") reads the whole table each time a filter
    # is used; the filtered count is enough.
    show_full_result_count = False
    readonly_fields = SCORE_FIELDS
    inlines = [LevelChangeInline, EvidenceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("evaluation__regency", "indicator")

    def has_add_permission(self, request):
        return False


class IndicatorScoreInline(ReadOnlyInline):
    model = IndicatorScore
    fields = SCORE_FIELDS[1:]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("indicator")  # one query, not one per level


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = [
        "regency",
        "year",
        "framework",
        "source",
        "status",
        "index",
        "predicate",
        "synthetic",
        "mismatch",
    ]
    list_filter = ["year", "source", "status", "synthetic", "framework", "regency__province"]
    list_select_related = ["regency", "framework"]
    search_fields = ["regency__name", "regency__code"]
    autocomplete_fields = ["regency"]
    readonly_fields = [
        "status",  # moved only by the self-assessment workflow
        "computed_index",
        "index",
        "predicate",
        "submitted_by",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
    ]
    # In reading order: what it is, the published figure with its source, then what is computed.
    fields = [
        "regency",
        "year",
        "framework",
        "source",
        "status",
        "synthetic",
        "published_index",
        "published_predicate",
        "source_title",
        "source_url",
        "certainty",
        "certainty_note",
        "note",
        *readonly_fields[1:],
    ]
    inlines = [IndicatorScoreInline]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            # What an evaluation is stays what it is: nobody turns a self-assessment into an official
            # result (or back), nor demo data into real data. A field shown read-only is not in the
            # form, so a POST that sets it anyway changes nothing.
            fields += ["source", "synthetic"]
        return fields

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        evaluation_recompute(evaluation=obj)  # a changed published index changes index and predicate

    @admin.display(boolean=True, description=_("index differs from detail"))
    def mismatch(self, obj):
        return obj.index_mismatch


@admin.register(NationalIndex)
class NationalIndexAdmin(admin.ModelAdmin):
    list_display = ["year", "index", "predicate", "framework_name", "certainty"]


from . import admin_imports  # noqa: E402, F401
