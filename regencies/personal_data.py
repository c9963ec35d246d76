"""The pemda membership in a person's data: shown in their download, removed when they are erased."""

from livinglab.personal_data import ErasureRefused, Provider

from .models import Membership
from .services import StaffError, membership_remove


def _export(user):
    membership = Membership.objects.select_related("regency").filter(user=user).first()
    if membership is None:
        return {"membership": None}
    return {
        "membership": {
            "regency_code": membership.regency_id,
            "regency": membership.regency.name,
            "role": membership.role,
            "since": membership.created_at,
        }
    }


def _erase(user, *, by_user):
    membership = Membership.objects.filter(user=user).first()
    if membership is None:
        return
    try:
        membership_remove(membership=membership, by_user=by_user)
    except StaffError as error:  # e.g. the pemda's last manager: someone else must be made manager first
        raise ErasureRefused(str(error)) from error


PROVIDER = Provider("regencies", _export, _erase)
