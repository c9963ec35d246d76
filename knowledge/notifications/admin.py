from django.contrib import admin

from .models import Follow, FreshnessReminder, Notification, NotificationPreference


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["user", "practice", "regency", "created_at"]
    list_filter = [("practice", admin.EmptyFieldListFilter), ("regency", admin.EmptyFieldListFilter)]
    list_select_related = ["user", "practice", "regency"]
    search_fields = ["user__username", "user__email", "practice__title", "regency__name", "regency__code"]
    autocomplete_fields = ["user", "practice", "regency"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "frequency", "language"]
    list_filter = ["frequency", "language"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__email"]
    autocomplete_fields = ["user"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "event", "practice", "regency", "read_at", "emailed_at"]
    list_filter = [
        "event",
        ("read_at", admin.EmptyFieldListFilter),
        ("emailed_at", admin.EmptyFieldListFilter),
        "created_at",
    ]
    list_select_related = ["recipient", "practice", "regency"]
    search_fields = ["recipient__username", "recipient__email", "event", "practice__title", "regency__name"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "recipient",
        "event",
        "text",
        "practice",
        "regency",
        "subject_type",
        "subject_id",
        "data",
        "url",
        "created_at",
        "read_at",
        "emailed_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(FreshnessReminder)
class FreshnessReminderAdmin(admin.ModelAdmin):
    list_display = ["month", "practice", "created_at"]
    list_filter = ["month"]
    list_select_related = ["practice"]
    search_fields = ["practice__title", "practice__slug"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
