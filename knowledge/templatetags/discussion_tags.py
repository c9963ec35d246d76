from django import template

from ..discussion.views import discussion_context
from ..notifications.selectors import is_following

register = template.Library()


@register.inclusion_tag("knowledge/discussion/_discussion.html", takes_context=True)
def practice_discussion(context, practice):
    """The practice page's discussion: the newest threads with their replies and the form to write,
    in a fixed number of queries (see tests/knowledge/test_discussion_queries.py)."""
    return discussion_context(context["request"], practice)


@register.inclusion_tag("knowledge/notifications/_follow_button.html", takes_context=True)
def follow_button(context, target):
    """Follow / stop following a practice or a pemda (one query); a log-in link for visitors."""
    request = context["request"]
    return {
        "target": target,
        "kind": "practice" if hasattr(target, "slug") else "regency",
        "following": is_following(request.user, target),
        "user": request.user,
        "next": request.get_full_path(),
    }
