from django.contrib import admin

from spbe.admin import ReadOnlyInline

from .models import STEP_DETAIL_FIELDS, Replication, ReplicationStep


class StepInline(ReadOnlyInline):
    model = ReplicationStep
    fields = [
        "created_at",
        "from_stage",
        "to_stage",
        "side",
        "by",
        "by_role",
        "by_regency",
        "note",
        *STEP_DETAIL_FIELDS,
    ]
    readonly_fields = fields


@admin.register(Replication)
class ReplicationAdmin(admin.ModelAdmin):
    """Replications are read here; their steps are taken by the two pemda on the portal (the stage
    rules and notifications live there), so nothing is changed or added in the admin."""

    list_display = ["pk", "practice", "owner", "adopter", "stage", "stage_changed_at"]
    list_filter = ["stage", "demo"]
    list_select_related = ["practice", "owner", "adopter"]
    search_fields = ["practice__title", "owner__name", "adopter__name"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "practice",
        "owner",
        "adopter",
        "stage",
        "message",
        "requested_by",
        "contact",
        "created_at",
        "accepted_at",
        "stage_changed_at",
        "derived_practice",
        "demo",
        "source_title",
        "source_url",
    ]
    fields = readonly_fields
    inlines = [StepInline]

    def has_add_permission(self, request):
        return False
