import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from . import importers
from .models import Cohort, Membership, Province, Regency, RoleChange
from .permissions import NATIONAL_GROUPS

PILOT_COHORT = {
    "slug": "idsll-2022-pilot",
    "name": "IDSLL 2022 Pilot",
    "started_on": datetime.date(2022, 11, 1),
    "source_url": (
        "https://news.republika.co.id/berita/rko942380/"
        "pemkab-muba-terpilih-menjadi-pilot-project-indonesian-digital-service-living-lab"
    ),
    "description": (
        "Indonesian Digital Service Living Lab pilot, launched on 1 November 2022 by Kemendagri, "
        "KemenPANRB and Pemkab Sumedang; 62 heads of region signed the joint commitment in Bali "
        "on 21 November 2022. Public reporting names 30 of the 62 members (all of Jawa Barat, and "
        "Musi Banyuasin, Ogan Komering Ulu and Ogan Ilir); the others are added by admins."
    ),
}


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def changed(self):
        return bool(self.created or self.updated)


def _sync(model, rows, fields):
    """Create missing rows and update changed ones, keyed by primary key."""
    result = LoadResult()
    existing = model.objects.in_bulk([row["pk"] for row in rows])
    to_create, to_update = [], []
    for row in rows:
        obj = existing.get(row["pk"])
        if obj is None:
            to_create.append(model(pk=row["pk"], **{f: row[f] for f in fields}))
        elif any(getattr(obj, f) != row[f] for f in fields):
            for f in fields:
                setattr(obj, f, row[f])
            to_update.append(obj)
        else:
            result.unchanged += 1
    model.objects.bulk_create(to_create)
    model.objects.bulk_update(to_update, fields)
    result.created, result.updated = len(to_create), len(to_update)
    return result


def regions_load(*, directory=importers.REGIONS_DIR):
    """Load provinces and regencies from the shipped Kemendagri files, all or nothing.

    Raises importers.DataFileError (listing every bad line) before anything is written.
    """
    provinces = importers.parse_provinces(directory / "provinces.csv")
    regencies = importers.parse_regencies(directory / "regencies.csv", {p.code for p in provinces})
    with transaction.atomic():
        province_result = _sync(Province, [{"pk": p.code, "name": p.name} for p in provinces], ["name"])
        regency_result = _sync(
            Regency,
            [
                {"pk": r.code, "province_id": r.province_code, "name": r.name, "kind": r.kind}
                for r in regencies
            ],
            ["province_id", "name", "kind"],
        )
    return province_result, regency_result


def pilot_cohort_load(*, path=importers.PILOT_COHORT_FILE):
    """Create the 2022 pilot cohort and add its publicly named members.

    Members added by admins are kept: the file lists who must be in, not who may be.
    Returns (cohort, number of members added).
    """
    codes = importers.parse_cohort_members(path)
    found = set(Regency.objects.filter(code__in=codes).values_list("code", flat=True))
    missing = [c for c in codes if c not in found]
    if missing:
        raise importers.DataFileError(
            path,
            [_("unknown regency code %(code)s (load the regions first)") % {"code": c} for c in missing],
        )
    with transaction.atomic():
        defaults = {k: v for k, v in PILOT_COHORT.items() if k != "slug"}
        cohort, created = Cohort.objects.get_or_create(slug=PILOT_COHORT["slug"], defaults=defaults)
        present = set(cohort.members.values_list("code", flat=True))
        to_add = [c for c in codes if c not in present]
        cohort.members.add(*to_add)
    return cohort, len(to_add)


class StaffError(Exception):
    pass


def _ensure_another_manager(membership):
    """A pemda keeps at least one manager: without one nobody submits its self-assessments.

    Reads the stored role (a bound ModelForm has already changed the instance) under a row lock."""
    stored = Membership.objects.select_for_update().get(pk=membership.pk)
    if stored.role != Membership.Role.MANAGER:
        return
    others = Membership.objects.filter(regency_id=membership.regency_id, role=Membership.Role.MANAGER)
    if not others.exclude(pk=membership.pk).filter(user__is_active=True).exists():
        raise StaffError(
            _("%(regency)s must keep at least one manager: make someone else manager first.")
            % {"regency": membership.regency}
        )


@transaction.atomic
def membership_change_role(*, membership, role, by_user):
    if membership.user_id == by_user.pk:
        raise StaffError(_("You cannot change your own role."))
    if role != Membership.Role.MANAGER:
        _ensure_another_manager(membership)
    before = roles_of(membership.user)
    membership.role = role
    membership.save(update_fields=["role"])
    role_changes_record(user=membership.user, before=before, by_user=by_user)
    return membership


@transaction.atomic
def membership_remove(*, membership, by_user):
    """Detach a staff account from its pemda and disable its API token."""
    if membership.user_id == by_user.pk:
        raise StaffError(_("You cannot remove yourself."))
    _ensure_another_manager(membership)
    before = roles_of(membership.user)
    Token.objects.filter(user_id=membership.user_id).delete()
    membership.delete()
    role_changes_record(user=membership.user, before=before, by_user=by_user)


@dataclass(frozen=True)
class Roles:
    """The roles of one account that are logged when they change."""

    national_groups: frozenset = frozenset()
    pemda_role: str = ""  # "Kabupaten Sumedang (manager)"; empty without a membership


NO_ROLES = Roles()


def roles_of(user):
    """The account's roles as stored now (two queries)."""
    if user is None or user.pk is None:
        return NO_ROLES
    groups = user.groups.filter(name__in=NATIONAL_GROUPS).values_list("name", flat=True)
    membership = Membership.objects.filter(user_id=user.pk).select_related("regency").first()
    return Roles(
        national_groups=frozenset(groups),
        pemda_role=f"{membership.regency} ({membership.role})" if membership else "",
    )


def role_changes_record(*, user, before, by_user, after=None):
    """Log every grant and removal between `before` and the account's roles now (or `after`)."""
    after = roles_of(user) if after is None else after
    changes = [
        (RoleChange.Kind.NATIONAL_GROUP, name, "") for name in before.national_groups - after.national_groups
    ]
    changes += [
        (RoleChange.Kind.NATIONAL_GROUP, "", name) for name in after.national_groups - before.national_groups
    ]
    if before.pemda_role != after.pemda_role:
        changes.append((RoleChange.Kind.PEMDA_ROLE, before.pemda_role, after.pemda_role))
    RoleChange.objects.bulk_create(
        RoleChange(
            changed_by=by_user,
            changed_by_name=by_user.get_username() if by_user else "",
            user=user if user.pk else None,
            user_name=user.get_username(),
            kind=kind,
            before=old,
            after=new,
        )
        for kind, old, new in sorted(changes)
    )


@transaction.atomic
def api_token_rotate(*, user):
    """Replace the user's API token; the old one stops working at once."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


def api_token_for(*, user):
    token, _created = Token.objects.get_or_create(user=user)
    return token
