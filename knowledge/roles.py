"""Who someone is on the portal, as the public sees it: a role and a pemda, never a name."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from regencies.permissions import is_assessor, is_national_admin, membership_of


class PublicRole(models.TextChoices):
    EDITOR = "editor", _("Editor")
    MANAGER = "manager", _("Manager")
    ASSESSOR = "assessor", _("Assessor")
    NATIONAL_ADMIN = "national_admin", _("National admin")


def public_role(user):
    """(role, regency or None) of a person now; (None, None) for someone with no role."""
    if user is None:
        return None, None
    membership = membership_of(user)
    if membership is not None:
        return PublicRole(membership.role), membership.regency
    if is_national_admin(user):
        return PublicRole.NATIONAL_ADMIN, None
    if is_assessor(user):
        return PublicRole.ASSESSOR, None
    return None, None


def role_label(role, regency_name=""):
    """ "Editor, Kabupaten Ogan Ilir" in the active language."""
    if not role:
        return str(_("Living Lab"))
    label = str(PublicRole(role).label) if role in PublicRole.values else role
    return f"{label}, {regency_name}" if regency_name else label
