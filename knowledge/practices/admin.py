from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from spbe.admin import ReadOnlyInline

from ..admin_access import NationalAdminOnly
from . import services
from .models import (
    GlossaryTerm,
    Practice,
    PracticeDocument,
    PracticeIndicator,
    PracticeRevision,
    RbTheme,
    Tag,
)


class IndicatorInline(ReadOnlyInline):
    model = PracticeIndicator
    fields = readonly_fields = ["indicator", "level", "evidence"]


class DocumentInline(ReadOnlyInline):
    """Documents are added on the practice page or through the API, where the upload checker and the
    history apply; here they are listed."""

    model = PracticeDocument
    fields = readonly_fields = ["title", "file_type", "size", "uploaded_by", "uploaded_at"]


class RevisionInline(ReadOnlyInline):
    model = PracticeRevision
    fields = readonly_fields = ["changed_at", "action", "changed_by", "by_role", "by_regency", "change_list"]
    ordering = ["-changed_at", "-pk"]

    @admin.display(description=_("changes"))
    def change_list(self, obj):
        return format_html_join("", "<div>{}: {} → {}</div>", obj.change_rows())


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    """National admins moderate practices here; every save is recorded in the practice's history."""

    list_display = ["title", "regency", "kind", "status", "demo", "reviewed_on", "updated_at"]
    list_filter = ["status", "kind", "sustainability", "demo", "regency__province"]
    list_select_related = ["regency"]
    search_fields = ["title", "title_en", "slug", "summary", "regency__name", "regency__code"]
    autocomplete_fields = ["regency", "rb_themes", "tags", "contacts", "based_on"]
    readonly_fields = ["status", "created_at", "updated_at", "published_at", "archived_at"]
    inlines = [IndicatorInline, DocumentInline, RevisionInline]
    date_hierarchy = "created_at"

    def get_readonly_fields(self, request, obj=None):
        # The owner and the address are set once; the status changes through publish and archive.
        fields = list(super().get_readonly_fields(request, obj))
        return fields + ["regency", "slug"] if obj else fields

    def save_model(self, request, obj, form, change):
        # Saved with its relations in save_related, so that one revision records the whole change.
        pass

    def save_related(self, request, form, formsets, change):
        data = form.cleaned_data
        services.practice_save(
            practice=form.instance,
            by_user=request.user,
            rb_themes=list(data.get("rb_themes", [])),
            tags=[tag.name for tag in data.get("tags", [])],
            contacts=list(data.get("contacts", [])),
        )
        for formset in formsets:  # read-only inlines: nothing to save, but the admin's log reads them
            self.save_formset(request, form, formset, change=change)

    def has_delete_permission(self, request, obj=None):
        # Practices are archived, not deleted: links and the history stay.
        return False


@admin.register(PracticeDocument)
class PracticeDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "practice", "file_type", "size", "uploaded_at"]
    list_filter = ["file_type"]
    list_select_related = ["practice"]
    search_fields = ["title", "practice__title", "practice__regency__name"]
    fields = ["practice", "title", "file", "file_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = ["practice", "file", "file_type", "size", "uploaded_by", "uploaded_at"]

    def has_add_permission(self, request):
        return False

    def delete_model(self, request, obj):
        services.document_remove(document=obj, by_user=request.user)

    def delete_queryset(self, request, queryset):
        for document in queryset.select_related("practice"):
            services.document_remove(document=document, by_user=request.user)


@admin.register(PracticeRevision)
class PracticeRevisionAdmin(admin.ModelAdmin):
    list_display = ["practice", "action", "changed_by", "by_role", "by_regency", "changed_at"]
    list_filter = ["action", "by_role"]
    list_select_related = ["practice", "changed_by", "by_regency"]
    search_fields = ["practice__title", "changed_by__username", "by_regency__name"]
    date_hierarchy = "changed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:  # a renamed tag: the practices carrying it are found by the new name
            services.practice_search_index(practice_ids=obj.practices.values_list("pk", flat=True))


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(NationalAdminOnly, admin.ModelAdmin):
    """Search finds either side of a pair when asked for the other; a change applies to the next search.
    National admins edit it (seeded by `manage.py load_practices`)."""

    list_display = ["term", "expansion"]
    search_fields = ["term", "expansion"]


@admin.register(RbTheme)
class RbThemeAdmin(admin.ModelAdmin):
    """RB tematik priorities come from knowledge/data/rb_tematik_themes.csv (`manage.py load_practices`)."""

    list_display = ["number", "name", "name_en", "certainty"]
    search_fields = ["name", "name_en"]

    def has_add_permission(self, request):
        return False
