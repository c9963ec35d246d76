from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from spbe.admin import ReadOnlyInline

from . import services
from .models import Comment, CommentModeration, CommentReport


class ReportInline(ReadOnlyInline):
    model = CommentReport
    fields = ["created_at", "reporter", "reason"]
    readonly_fields = fields


class ModerationInline(ReadOnlyInline):
    model = CommentModeration
    fields = ["created_at", "action", "by", "reason"]
    readonly_fields = fields


class CommentModerationForm(forms.ModelForm):
    """Comments are never changed or deleted here: a national admin hides or shows one, with a reason."""

    moderation = forms.ChoiceField(
        label=_("Moderation"),
        required=False,
        choices=[
            ("", _("No change")),
            ("hide", _("Hide, with the reason below")),
            ("unhide", _("Show again")),
        ],
    )
    moderation_reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=300,
        help_text=_("Shown to everyone in place of a hidden comment."),
    )

    class Meta:
        model = Comment
        fields = []

    def clean(self):
        data = super().clean()
        action, reason = data.get("moderation"), (data.get("moderation_reason") or "").strip()
        if action and not reason:
            self.add_error("moderation_reason", _("Give the reason for this moderation."))
        if action == "hide" and self.instance.is_hidden:
            self.add_error("moderation", _("This comment is already hidden."))
        if action == "unhide" and not self.instance.is_hidden:
            self.add_error("moderation", _("This comment is not hidden."))
        return data


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    form = CommentModerationForm
    list_display = [
        "pk",
        "practice",
        "kind",
        "author_role",
        "author_regency",
        "created_at",
        "is_answer",
        "hidden_at",
    ]
    list_filter = [
        "kind",
        "is_answer",
        ("hidden_at", admin.EmptyFieldListFilter),
        "author_role",
        "created_at",
    ]
    list_select_related = ["practice", "author_regency"]
    search_fields = ["body", "practice__title", "practice__slug", "author__username", "author_regency__name"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "practice",
        "parent",
        "kind",
        "author",
        "author_role",
        "author_regency",
        "body",
        "is_answer",
        "created_at",
        "edited_at",
        "hidden_at",
        "hidden_by",
        "hidden_reason",
    ]
    fieldsets = [
        (None, {"fields": readonly_fields}),
        (_("Moderation"), {"fields": ["moderation", "moderation_reason"]}),
    ]
    inlines = [ReportInline, ModerationInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # kept for the record; hide instead

    def save_model(self, request, obj, form, change):
        action, reason = form.cleaned_data.get("moderation"), form.cleaned_data.get("moderation_reason")
        service = {"hide": services.comment_hide, "unhide": services.comment_unhide}.get(action)
        if service is None:
            return
        try:
            service(comment=obj, by_user=request.user, reason=reason)
        except services.DiscussionError as error:
            messages.error(request, str(error))


@admin.register(CommentReport)
class CommentReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "comment", "reporter", "reason"]
    list_filter = ["created_at", ("comment__hidden_at", admin.EmptyFieldListFilter)]
    list_select_related = ["comment", "reporter"]
    search_fields = ["reason", "comment__body", "reporter__username", "comment__practice__title"]
    readonly_fields = ["comment", "reporter", "reason", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
