"""The import log in the Django admin; files are imported through the import page it links to."""

from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from .importers import problem_message
from .imports import result_message
from .models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Read-only: an entry is written by the import itself, never edited by hand."""

    change_list_template = "spbe/imports/admin_change_list.html"
    list_display = [
        "original_name",
        "status",
        "layout",
        "uploaded_by",
        "created_at",
        "rows_total",
        "created",
        "updated",
        "unchanged",
    ]
    list_filter = ["status", "layout"]
    list_select_related = ["uploaded_by"]
    search_fields = ["original_name", "uploaded_by__username"]
    date_hierarchy = "created_at"
    fields = [
        "original_name",
        "file",
        "uploaded_by",
        "created_at",
        "finished_at",
        "layout",
        "status",
        "rows_total",
        "rows_done",
        "created",
        "updated",
        "unchanged",
        "result",
        "source_title",
        "source_url",
        "certainty",
        "detail_confirmed",
        "problem_list",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("problems")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("result"))
    def result(self, obj):
        return result_message(obj) or "—"

    @admin.display(description=_("problems"))
    def problem_list(self, obj):
        return (
            format_html_join(
                "\n",
                "<p>{} {} · {}: {}</p>",
                (
                    (
                        _("row"),
                        problem.get("row") or "—",
                        problem.get("column") or "—",
                        problem_message(problem),
                    )
                    for problem in obj.problems
                ),
            )
            or "—"
        )
