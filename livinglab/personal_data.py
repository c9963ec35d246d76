"""What the portal holds about a person, for UU PDP 27/2022: each person can download it, and a national
admin can erase a departed staff member's personal data while the pemda's records stay.

Each app registers a provider in its AppConfig.ready(): a name, a function returning what the app holds
about a user (JSON-ready), and optionally a function erasing what must not outlive the person's role.
Records a pemda made through its staff (evaluations, evidence, imports, level history) are kept: they
point at the anonymised account, shown as "staf sebelumnya".
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from . import audit
from .models import AuditEvent

FORMER_STAFF_PREFIX = "staf-sebelumnya-"


@dataclass(frozen=True)
class Provider:
    name: str
    export: Callable
    erase: Callable | None = None


_providers = {}


def register(provider):
    _providers[provider.name] = provider


class ErasureRefused(Exception):
    pass


def _account(user):
    token = Token.objects.filter(user=user).values_list("created", flat=True).first()
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "is_active": user.is_active,
        "is_staff": user.is_staff,
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "api_token_created": token,  # the token itself is on the profile page, never in a file
        "admin_actions": [
            {"when": when, "object": obj, "change": message}
            for when, obj, message in LogEntry.objects.filter(user=user)
            .order_by("action_time")
            .values_list("action_time", "object_repr", "change_message")
        ],
        # What the audit trail records they did (the values changed are the records', not theirs).
        "audit_trail": [
            {"when": when, "action": action, "record_type": kind, "record": label, "through": via}
            for when, action, kind, label, via in AuditEvent.objects.filter(actor=user)
            .order_by("at", "id")
            .values_list("at", "action", "object_type", "object_label", "via")
        ],
    }


ACCOUNT = Provider("account", _account)  # registered by LivingLabConfig.ready(), before the apps' own


def person_export(user):
    """Everything every app holds about the user, by app."""
    return {
        "generated_at": timezone.now(),
        "about": "Living Lab: personal data held about you (UU PDP 27/2022, right of access)",
        **{name: provider.export(user) for name, provider in _providers.items()},
    }


def is_former_staff(user):
    return is_former_staff_name(user.username)


def is_former_staff_name(username):
    return username.startswith(FORMER_STAFF_PREFIX)


@transaction.atomic
def person_erase(*, user, by_user):
    """Erase a departed staff member's personal data; the pemda's records keep pointing at the account.

    The account is deactivated and renamed "staf-sebelumnya-XXXXXXXX", names and e-mail cleared, the
    password made unusable, the API token deleted; each app erases what it registered (the pemda
    membership). Raises ErasureRefused, changing nothing, when a rule forbids it."""
    from regencies.permissions import can_grant_national_groups
    from regencies.services import NO_ROLES, Roles, role_changes_record, roles_of

    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    if user.pk == by_user.pk:
        raise ErasureRefused(_("You cannot erase your own account."))
    if user.is_superuser and not by_user.is_superuser:
        raise ErasureRefused(_("Only a superuser can erase a superuser's account."))
    before = roles_of(user)
    if before.national_groups and not can_grant_national_groups(by_user):
        # Separation of duties: only a superuser removes a national role, erasure included.
        raise ErasureRefused(_("Only a superuser can erase an account that holds a national role."))
    old_username = user.username
    for provider in _providers.values():
        if provider.erase:
            provider.erase(user, by_user=by_user)
    Token.objects.filter(user=user).delete()
    user.username = _former_staff_username()
    user.first_name = user.last_name = user.email = ""
    user.set_unusable_password()
    user.is_active = user.is_staff = user.is_superuser = False
    user.last_login = None
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    # The national groups' end is logged here (the membership's by its own service), under the
    # erased name: the log keeps that roles ended, not who held them.
    role_changes_record(
        user=user, before=Roles(national_groups=before.national_groups), after=NO_ROLES, by_user=by_user
    )
    audit.person_forget(user=user, old_username=old_username)
    return user


def _former_staff_username():
    users = get_user_model().objects
    while True:
        name = FORMER_STAFF_PREFIX + secrets.token_hex(4)
        if not users.filter(username=name).exists():
            return name
