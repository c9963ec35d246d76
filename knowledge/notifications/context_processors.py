from .selectors import unread_count


def notifications(request):
    """The unread count for the menu: read lazily (only if a template asks), from the cache."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": lambda: unread_count(user)}
