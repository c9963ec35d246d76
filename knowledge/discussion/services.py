"""Writes of the discussion: comments, replies, the owner's answer, reports and moderation.

Who may act is checked by the views and the API with regencies.permissions; the rules of the
discussion itself (an open practice, a reply to a question, one report each...) are checked here and
raise DiscussionError naming the field.
"""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from regencies.permissions import NATIONAL_ADMIN_GROUP

from ..notifications.services import notify
from ..roles import public_role
from .models import BODY_MAX_LENGTH, Comment, CommentModeration, CommentReport


class DiscussionError(Exception):
    """A change the rules refuse; `field` names the input it is about."""

    def __init__(self, message, field="non_field_errors"):
        super().__init__(message)
        self.field = field


def _text(value, *, field, max_length):
    value = (value or "").strip()
    if not value:
        raise DiscussionError(_("This field may not be blank."), field)
    if len(value) > max_length:
        raise DiscussionError(
            _("Ensure this field has no more than %(max)s characters (it has %(length)s).")
            % {"max": max_length, "length": len(value)},
            field,
        )
    return value


def _lock(comment):
    return Comment.objects.select_for_update().select_related("practice__regency").get(pk=comment.pk)


def _owner_staff(practice):
    return list(get_user_model().objects.filter(membership__regency_id=practice.regency_id, is_active=True))


def _national_admins():
    return list(
        get_user_model()
        .objects.filter(
            Q(is_superuser=True) | Q(is_staff=True, groups__name=NATIONAL_ADMIN_GROUP), is_active=True
        )
        .distinct()
    )


@transaction.atomic
def comment_create(*, practice, author, body, kind=Comment.Kind.COMMENT, parent=None):
    """A question or comment on a published practice, or a reply under one (replies are comments)."""
    if practice.status != practice.Status.PUBLISHED:
        raise DiscussionError(_("Only a published practice can be discussed."), "practice")
    body = _text(body, field="body", max_length=BODY_MAX_LENGTH)
    if parent is not None:
        if parent.practice_id != practice.pk or parent.parent_id is not None:
            raise DiscussionError(_("Reply to a question or comment of this practice."), "parent")
        if parent.is_hidden:
            raise DiscussionError(_("This comment was hidden: it takes no replies."), "parent")
        kind = Comment.Kind.COMMENT
    if kind not in Comment.Kind.values:
        raise DiscussionError(_("Choose a question or a comment."), "kind")
    role, regency = public_role(author)
    if role is None:
        raise DiscussionError(_("Only pemda staff, assessors and national admins take part."), "author")
    comment = Comment.objects.create(
        practice=practice,
        parent=parent,
        kind=kind,
        author=author,
        author_role=role,
        author_regency=regency,
        body=body,
    )
    if parent is not None:
        event, recipients = "reply_posted", [parent.author] if parent.author else []
    elif kind == Comment.Kind.QUESTION:
        event, recipients = "question_asked", _owner_staff(practice)  # they are the ones to answer
    else:
        event, recipients = "comment_posted", []
    notify(event=event, subject=comment, actor=author, recipients=recipients)
    return comment


@transaction.atomic
def comment_mark_answer(*, comment, by_user, is_answer=True):
    """The owner pemda marks a reply as the answer to its question (one answer per question), or
    takes the mark back."""
    comment = _lock(comment)
    parent = comment.parent
    if parent is None or parent.kind != Comment.Kind.QUESTION:
        raise DiscussionError(_("Only a reply to a question can be its answer."), "comment")
    if is_answer and comment.is_hidden:
        raise DiscussionError(_("A hidden comment cannot be the answer."), "comment")
    if comment.is_answer == is_answer:
        return comment
    if is_answer:
        Comment.objects.filter(parent=parent, is_answer=True).update(is_answer=False)
    comment.is_answer = is_answer
    comment.save(update_fields=["is_answer"])
    if is_answer:
        people = [user for user in (comment.author, parent.author) if user is not None]
        notify(event="answer_marked", subject=comment, actor=by_user, recipients=people)
    return comment


@transaction.atomic
def comment_report(*, comment, reporter, reason):
    """A person reports a comment to the national admins; once per person and comment."""
    reason = _text(reason, field="reason", max_length=CommentReport._meta.get_field("reason").max_length)
    if comment.author_id == reporter.pk:
        raise DiscussionError(_("You cannot report your own comment."), "comment")
    if comment.is_hidden:
        raise DiscussionError(_("This comment is already hidden."), "comment")
    try:
        with transaction.atomic():
            report = CommentReport.objects.create(comment=comment, reporter=reporter, reason=reason)
    except IntegrityError:
        raise DiscussionError(_("You have already reported this comment."), "comment") from None
    notify(
        event="comment_reported",
        subject=comment,
        actor=reporter,
        recipients=_national_admins(),
        to_followers=False,
        data={"reason": reason},
    )
    return report


def _moderation_reason(reason):
    return _text(reason, field="reason", max_length=Comment._meta.get_field("hidden_reason").max_length)


@transaction.atomic
def comment_hide(*, comment, by_user, reason):
    """A national admin hides a comment with a reason shown in its place; the text is kept."""
    reason = _moderation_reason(reason)
    comment = _lock(comment)
    if comment.is_hidden:
        raise DiscussionError(_("This comment is already hidden."), "comment")
    comment.hidden_at, comment.hidden_by, comment.hidden_reason = timezone.now(), by_user, reason
    comment.is_answer = False
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "is_answer"])
    CommentModeration.objects.create(
        comment=comment, action=CommentModeration.Action.HIDE, by=by_user, reason=reason
    )
    if comment.author is not None:
        notify(
            event="comment_hidden",
            subject=comment,
            actor=by_user,
            recipients=[comment.author],
            to_followers=False,
            data={"reason": reason},
        )
    return comment


@transaction.atomic
def comment_unhide(*, comment, by_user, reason):
    """A national admin shows a hidden comment again; the reason is kept in the moderation log."""
    reason = _moderation_reason(reason)
    comment = _lock(comment)
    if not comment.is_hidden:
        raise DiscussionError(_("This comment is not hidden."), "comment")
    comment.hidden_at, comment.hidden_by, comment.hidden_reason = None, None, ""
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    CommentModeration.objects.create(
        comment=comment, action=CommentModeration.Action.UNHIDE, by=by_user, reason=reason
    )
    return comment


@transaction.atomic
def comment_edit(*, comment, by_user, body):
    """The author corrects their comment while it is visible."""
    comment = _lock(comment)
    if comment.author_id != by_user.pk:
        raise DiscussionError(_("Only the author edits a comment."), "comment")
    if comment.is_hidden:
        raise DiscussionError(_("A hidden comment cannot be edited."), "comment")
    comment.body = _text(body, field="body", max_length=BODY_MAX_LENGTH)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at"])
    return comment
