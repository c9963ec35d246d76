from django.contrib import admin

from .models import StudyVisit, VisitCommitment


class CommitmentInline(admin.TabularInline):
    model = VisitCommitment
    extra = 0
    autocomplete_fields = ["practice"]
    raw_id_fields = ["replication"]


@admin.register(StudyVisit)
class StudyVisitAdmin(admin.ModelAdmin):
    list_display = ["pk", "visitor", "host", "visited_on", "participants"]
    list_select_related = ["visitor", "host"]
    search_fields = ["visitor__name", "host__name"]
    date_hierarchy = "visited_on"
    autocomplete_fields = ["visitor", "host", "practices"]
    raw_id_fields = ["recorded_by"]
    inlines = [CommitmentInline]
