from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from regencies.permissions import can_comment, can_mark_answer, can_moderate_comments, can_report_comment

from ..practices.serializers import DetailErrorSerializer, FieldErrorsSerializer
from . import selectors, services
from .models import Comment
from .serializers import (
    AnswerInputSerializer,
    CommentCreateSerializer,
    CommentReportSerializer,
    CommentSerializer,
    ModerationInputSerializer,
    ReportInputSerializer,
)

ERRORS = {
    400: OpenApiResponse(FieldErrorsSerializer, description="Invalid input: each key names the field."),
    401: OpenApiResponse(DetailErrorSerializer, description="Not logged in (no session or token)."),
    403: OpenApiResponse(DetailErrorSerializer, description="Logged in, but this is not yours to do."),
    404: OpenApiResponse(DetailErrorSerializer, description="No such practice (or a draft) or comment."),
}
PRACTICE_SLUG = OpenApiParameter(
    "practice_slug", str, OpenApiParameter.PATH, description="The practice's slug."
)


class ReadOrAuthenticated(permissions.BasePermission):
    """Anyone reads; writes need a login. Who may do what is decided per action with the functions of
    regencies.permissions."""

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or request.user.is_authenticated


def _refuse_unless(allowed, message):
    if not allowed:
        raise PermissionDenied(message)


def _discussion_error(error):
    return ValidationError({error.field: [str(error)]})


@extend_schema(parameters=[PRACTICE_SLUG])
@extend_schema_view(list=extend_schema(responses={200: CommentSerializer(many=True), 404: ERRORS[404]}))
class CommentViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The discussion of a published (or archived) practice: questions, comments and replies, oldest
    first; `parent` links a reply to its question or comment. Pemda staff, assessors and national
    admins write; the owner pemda's staff mark the answer to a question; anyone logged in reports a
    comment; national admins hide (and show again) a comment with a reason."""

    serializer_class = CommentSerializer
    permission_classes = [ReadOrAuthenticated]
    filter_backends = []

    @cached_property
    def practice(self):
        return selectors.practice_for_discussion(self.kwargs["practice_slug"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Comment.objects.none()
        return selectors.comment_list(self.practice)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "may_moderate": can_moderate_comments(self.request.user)}

    def _comment(self):
        return selectors.comment_of(self.practice, self.kwargs["pk"])

    def _answer(self, comment, code=status.HTTP_200_OK):
        comment = self.get_queryset().get(pk=comment.pk)
        return Response(CommentSerializer(comment, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=CommentCreateSerializer, responses={201: CommentSerializer, **ERRORS})
    def create(self, request, *args, **kwargs):
        practice = self.practice
        _refuse_unless(
            can_comment(request.user), _("Only pemda staff, assessors and national admins take part.")
        )
        data = CommentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        parent_id = data.validated_data.get("parent")
        parent = practice.comments.filter(pk=parent_id).first() if parent_id else None
        if parent_id and parent is None:
            raise ValidationError({"parent": [_("Reply to a question or comment of this practice.")]})
        try:
            comment = services.comment_create(
                practice=practice,
                author=request.user,
                body=data.validated_data["body"],
                kind=data.validated_data["kind"],
                parent=parent,
            )
        except services.DiscussionError as error:
            raise _discussion_error(error) from None
        return self._answer(comment, status.HTTP_201_CREATED)

    @extend_schema(request=AnswerInputSerializer, responses={200: CommentSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def answer(self, request, *args, **kwargs):
        """The owner pemda's staff mark a reply as the answer to its question (or take the mark back)."""
        _refuse_unless(
            can_mark_answer(request.user, self.practice), _("Only staff of the owner pemda mark answers.")
        )
        comment = self._comment()
        data = AnswerInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            comment = services.comment_mark_answer(
                comment=comment, by_user=request.user, is_answer=data.validated_data["is_answer"]
            )
        except services.DiscussionError as error:
            raise _discussion_error(error) from None
        return self._answer(comment)

    @extend_schema(request=ReportInputSerializer, responses={201: CommentReportSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def report(self, request, *args, **kwargs):
        """Anyone logged in reports a comment to the national admins, once."""
        _refuse_unless(can_report_comment(request.user), _("Log in to report a comment."))
        comment = self._comment()
        data = ReportInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            report = services.comment_report(
                comment=comment, reporter=request.user, reason=data.validated_data["reason"]
            )
        except services.DiscussionError as error:
            raise _discussion_error(error) from None
        return Response(CommentReportSerializer(report).data, status=status.HTTP_201_CREATED)

    def _moderate(self, request, service):
        _refuse_unless(can_moderate_comments(request.user), _("Only national admins hide comments."))
        comment = self._comment()
        data = ModerationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            comment = service(comment=comment, by_user=request.user, reason=data.validated_data["reason"])
        except services.DiscussionError as error:
            raise _discussion_error(error) from None
        return self._answer(comment)

    @extend_schema(request=ModerationInputSerializer, responses={200: CommentSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def hide(self, request, *args, **kwargs):
        """A national admin hides a comment: everyone sees the reason instead of the text, which is kept."""
        return self._moderate(request, services.comment_hide)

    @extend_schema(request=ModerationInputSerializer, responses={200: CommentSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def unhide(self, request, *args, **kwargs):
        """A national admin shows a hidden comment again, saying why."""
        return self._moderate(request, services.comment_unhide)
