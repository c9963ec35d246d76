"""The import log in the Django admin; files are imported through the import page it links to."""

from django.contrib import admin, messages
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from .importers import problem_message
from .imports import import_queue, result_message
from .models import ImportJob
from .services import SpbeError


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
        "message",
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
        "queued_at",
        "message",
        "problem_list",
    ]
    readonly_fields = fields
    actions = ["retry"]

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

    @admin.action(description=_("Retry the selected failed imports"), permissions=["view"])
    def retry(self, request, queryset):
        """Queue a failed import again (the file is checked again first); other jobs are left alone."""
        for job in queryset.filter(status=ImportJob.Status.FAILED):
            try:
                import_queue(job=job, confirm_detail=job.detail_confirmed)
            except SpbeError as error:  # another admin retried it a moment ago
                self.message_user(request, f"{job}: {error}", messages.WARNING)
            else:
                self.message_user(request, _("%(job)s is queued again.") % {"job": job}, messages.SUCCESS)
        for job in queryset.exclude(status=ImportJob.Status.FAILED):
            self.message_user(
                request,
                _("%(job)s was not retried: only failed imports are.") % {"job": job},
                messages.WARNING,
            )
