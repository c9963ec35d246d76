"""Reads of notifications and follows."""

from django.db.models import BooleanField, ExpressionWrapper, Q

from ..practices.models import Practice
from .models import Follow, Notification


def unread_count(user):
    """The user's unread notifications: one indexed count (recipient, read_at)."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


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
