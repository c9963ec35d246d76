"""Reads of the discussion: a practice's threads (a question or comment with its replies) and its
flat comment list for the API, each in a fixed number of queries."""

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _

from ..practices.models import Practice
from .models import Comment, CommentReport


def practice_for_discussion(slug):
    """A published or archived practice (archived ones keep their discussion, closed); 404 for a
    draft, whose existence is not revealed."""
    practice = Practice.objects.public().select_related("regency").filter(slug=slug).first()
    if practice is None:
        raise Http404(_("No such practice."))
    return practice


def comment_of(practice, pk):
    comment = (
        Comment.objects.filter(practice=practice, pk=pk).select_related("parent", "author_regency").first()
    )
    if comment is None:
        raise Http404(_("No such comment."))
    return comment


def threads(practice):
    """Top-level questions and comments, newest first, each with its replies (oldest first) and the
    number of visible comments; 2 queries for any page."""
    replies = Comment.objects.select_related("author_regency").order_by("created_at", "pk")
    return (
        Comment.objects.threads()
        .filter(practice=practice)
        .select_related("author_regency")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("-created_at", "-pk")
    )


def comment_list(practice):
    """Every comment of the practice, threads and replies, oldest first (the API's list)."""
    return (
        Comment.objects.filter(practice=practice)
        .select_related("author_regency")
        .order_by("created_at", "pk")
    )


def reported_by(user, practice):
    """Ids of the practice's comments this person has reported (to show "reported" instead of the button)."""
    if not user.is_authenticated:
        return set()
    return set(
        CommentReport.objects.filter(reporter=user, comment__practice=practice).values_list(
            "comment_id", flat=True
        )
    )
