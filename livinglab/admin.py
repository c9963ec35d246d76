from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from regencies.permissions import is_national_admin

from .audit import registry
from .failed_tasks import AlreadyRetried, failed_task_retry
from .models import AuditEvent, FailedTask


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


class ObjectTypeFilter(admin.SimpleListFilter):
    title = _("type of record")
    parameter_name = "object_type"

    def lookups(self, request, model_admin):
        return registry.object_types()

    def queryset(self, request, queryset):
        return queryset.filter(object_type=self.value()) if self.value() else queryset


def _shown(value):
    if value is None or value == "" or value == []:
        return "—"
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit trail: national admins read it, nobody writes or edits it here."""

    list_display = ["at", "actor_display", "action", "object_type", "object_label", "via", "changed_fields"]
    list_filter = [ObjectTypeFilter, "action", ("actor", admin.RelatedOnlyFieldListFilter), "at"]
    list_select_related = ["actor"]
    search_fields = ["object_label", "object_id", "actor_label", "via", "request_id"]
    date_hierarchy = "at"
    fields = [
        "at",
        "actor_display",
        "action",
        "via",
        "object_type",
        "object_id",
        "object_label",
        "changes_table",
        "request_id",
    ]
    readonly_fields = fields

    def has_view_permission(self, request, obj=None):
        return is_national_admin(request.user)

    def has_module_permission(self, request):
        return is_national_admin(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("by"), ordering="actor_label")
    def actor_display(self, obj):
        return obj.actor_name

    @admin.display(description=_("fields"))
    def changed_fields(self, obj):
        return ", ".join(obj.changes)

    @admin.display(description=_("changes (before → after)"))
    def changes_table(self, obj):
        if not obj.changes:
            return "—"
        rows = format_html_join(
            "",
            "<tr><th>{}</th><td>{}</td><td>→</td><td>{}</td></tr>",
            ((name, _shown(before), _shown(after)) for name, (before, after) in obj.changes.items()),
        )
        return format_html("<table>{}</table>", rows)
