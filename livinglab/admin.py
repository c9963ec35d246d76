from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .failed_tasks import AlreadyRetried, failed_task_retry
from .models import FailedTask


@admin.register(FailedTask)
class FailedTaskAdmin(admin.ModelAdmin):
    """Read-only: written when a task fails for good; the one thing to do here is to retry it."""

    list_display = ["task_name", "error_summary", "failed_at", "retried_at", "retried_by"]
    list_filter = ["task_name", ("retried_at", admin.EmptyFieldListFilter)]
    list_select_related = ["retried_by"]
    search_fields = ["task_name", "task_id", "error"]
    date_hierarchy = "failed_at"
    fields = [
        "task_name",
        "task_id",
        "args",
        "kwargs",
        "failed_at",
        "error",
        "traceback",
        "retried_at",
        "retried_by",
        "retry_task_id",
    ]
    readonly_fields = fields
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("error"))
    def error_summary(self, obj):
        return obj.error if len(obj.error) <= 120 else obj.error[:119] + "…"

    @admin.action(description=_("Retry the selected tasks"), permissions=["view"])
    def retry(self, request, queryset):
        retried, skipped = 0, 0
        for failed_task in queryset:
            try:
                failed_task_retry(failed_task=failed_task, by_user=request.user)
                retried += 1
            except AlreadyRetried:
                skipped += 1
        if retried:
            self.message_user(
                request,
                ngettext("%(count)s task sent again.", "%(count)s tasks sent again.", retried)
                % {"count": retried},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)s task was already retried and was left alone.",
                    "%(count)s tasks were already retried and were left alone.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
