from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .. import markdown
from .models import BODY_MAX_LENGTH, Comment, CommentReport


class CommentAuthorSerializer(serializers.Serializer):
    """Who wrote it as the public sees it: a role and a pemda, never a name."""

    role = serializers.CharField(source="author_role")
    regency = serializers.CharField(source="author_regency_id", allow_null=True)
    label = serializers.CharField(source="author_label", help_text='E.g. "Editor, Kabupaten Ogan Ilir".')


class CommentSerializer(serializers.ModelSerializer):
    author = CommentAuthorSerializer(source="*", read_only=True)
    body = serializers.SerializerMethodField(
        help_text="Markdown; null when hidden (except for national admins)."
    )
    body_html = serializers.SerializerMethodField(help_text="The body as sanitized HTML.")
    hidden = serializers.BooleanField(source="is_hidden", read_only=True)

    class Meta:
        model = Comment
        fields = [
            "id",
            "kind",
            "parent",
            "author",
            "body",
            "body_html",
            "is_answer",
            "created_at",
            "edited_at",
            "hidden",
            "hidden_reason",
        ]
        read_only_fields = fields

    def _shows_body(self, comment):
        return not comment.is_hidden or self.context.get("may_moderate", False)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_body(self, comment):
        return comment.body if self._shows_body(comment) else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_body_html(self, comment):
        return str(markdown.render(comment.body)) if self._shows_body(comment) else None


class CommentCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Comment.Kind.choices, default=Comment.Kind.QUESTION)
    body = serializers.CharField(max_length=BODY_MAX_LENGTH, help_text="Markdown, at most 5,000 characters.")
    parent = serializers.IntegerField(
        required=False, allow_null=True, help_text="The question or comment this replies to."
    )


class AnswerInputSerializer(serializers.Serializer):
    is_answer = serializers.BooleanField(default=True, help_text="false takes the mark back.")


class ReportInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=CommentReport._meta.get_field("reason").max_length)


class ModerationInputSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=Comment._meta.get_field("hidden_reason").max_length,
        help_text="Shown to everyone in place of a hidden comment; kept in the moderation record.",
    )


class CommentReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = CommentReport
        fields = ["comment", "reason", "created_at"]
        read_only_fields = fields
