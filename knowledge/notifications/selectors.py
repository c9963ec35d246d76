"""Reads of notifications and follows."""

from django.core.cache import cache
from django.db.models import BooleanField, ExpressionWrapper, Q

from ..practices.models import Practice
from .models import Follow, Notification
from .services import unread_cache_key

UNREAD_CACHE_SECONDS = 300


def unread_count(user):
    """The user's unread notifications, from the cache (services forget it on every change)."""
    if not user.is_authenticated:
        return 0
    return cache.get_or_set(
        unread_cache_key(user.pk),
        lambda: Notification.objects.filter(recipient=user, read_at__isnull=True).count(),
        UNREAD_CACHE_SECONDS,
    )


def notification_list(user):
    """Unread first, then newest first."""
    unread = ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField())
    return Notification.objects.filter(recipient=user).order_by(unread.desc(), "-created_at", "-pk")


def is_following(user, target):
    if not user.is_authenticated:
        return False
    field = "practice" if isinstance(target, Practice) else "regency"
    return Follow.objects.filter(user=user, **{field: target}).exists()


def follows_of(user):
    return Follow.objects.filter(user=user).select_related("practice", "regency")
