"""Who did something, in words: a name for those who may see names, else the role and pemda; a step
without a user is "system" (a script or import) or "deleted account"."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


def _name(user):
    return user.get_full_name() or user.get_username()


@register.simple_tag
def event_actor(event, show_name):
    """The actor of a self-assessment history entry."""
    if event.by_system:
        return _("system")
    role = event.get_by_role_display()
    if event.by_regency_id:
        role = f"{role}, {event.by_regency.name}"
    if event.by_user_id is None:
        return f"{_('deleted account')} ({role})"
    return f"{_name(event.by_user)} ({role})" if show_name else role


@register.simple_tag
def job_actor(job):
    """Who ran an import (only national admins see imports, so names are shown)."""
    if job.uploaded_by_id is not None:
        return _name(job.uploaded_by)
    return _("system") if job.by_script else _("deleted account")


@register.simple_tag
def person(user, show_name, role):
    """Who submitted or reviewed: the name for insiders, the role for everyone else."""
    if user is None:
        return f"{_('deleted account')} ({role})"
    return _name(user) if show_name else role
