import functools

from .selectors import unread_count


def notifications(request):
    """The unread count for the menu: one query, made only if a template asks, and once per page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": functools.cache(lambda: unread_count(user))}
