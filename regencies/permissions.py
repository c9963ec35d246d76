"""Every permission rule of the portal, used by the HTML views and the API alike.

National admins are Django staff in the group "Admin Kementerian" (or superusers).
Pemda staff have one Membership: editors write for their own pemda, managers also
manage their own pemda's staff.
"""

from rest_framework import permissions

from .models import Membership, Regency

NATIONAL_ADMIN_GROUP = "Admin Kementerian"


def _group_names(user):
    # Read once per user object (one request): several rules ask about groups on one page.
    if not hasattr(user, "_livinglab_group_names"):
        user._livinglab_group_names = frozenset(user.groups.values_list("name", flat=True))
    return user._livinglab_group_names


def is_national_admin(user):
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return user.is_staff and NATIONAL_ADMIN_GROUP in _group_names(user)


def membership_of(user):
    if not (user.is_authenticated and user.is_active):
        return None
    try:
        return user.membership
    except Membership.DoesNotExist:
        return None


def can_edit_regency(user, regency):
    if is_national_admin(user):
        return True
    membership = membership_of(user)
    return membership is not None and membership.regency_id == regency.pk


def can_manage_staff(user, regency):
    if is_national_admin(user):
        return True
    membership = membership_of(user)
    return (
        membership is not None
        and membership.regency_id == regency.pk
        and membership.role == Membership.Role.MANAGER
    )


class ReadOnlyOrRegencyEditor(permissions.BasePermission):
    """Anyone reads; writes need an authenticated user allowed to edit the object's pemda.

    Objects say which pemda they belong to through a `regency` attribute (or are one).
    """

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_authenticated)

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        regency = obj if isinstance(obj, Regency) else getattr(obj, "regency", None)
        return regency is not None and can_edit_regency(request.user, regency)


# SPBE -------------------------------------------------------------------------------------
ASSESSOR_GROUP = "Asesor"


def is_assessor(user):
    """National assessors (group "Asesor") verify or return submitted self-assessments."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or ASSESSOR_GROUP in _group_names(user)


# Membership of these groups is national power: only a superuser grants or removes it, and only a
# superuser changes the accounts that hold it (else a ministry admin could make itself an assessor, or
# set an assessor's password and review as them).
NATIONAL_GROUPS = (NATIONAL_ADMIN_GROUP, ASSESSOR_GROUP)


def can_grant_national_groups(user):
    return user.is_authenticated and user.is_active and user.is_superuser


def can_manage_account(user, account, account_groups):
    """May `user` change or delete `account` in the admin (`account_groups`: the names of its groups)?

    Beyond the admin's own model permissions: a superuser's account, or one holding a national group,
    is the superusers' alone; everyone may still edit their own.
    """
    if can_grant_national_groups(user) or account.pk == user.pk:
        return True
    return not account.is_superuser and not set(account_groups) & set(NATIONAL_GROUPS)


def can_import_spbe(user):
    return is_national_admin(user)


def can_fill_self_assessment(user, regency):
    """Editors and managers of the pemda fill levels, explanations and evidence."""
    membership = membership_of(user)
    return membership is not None and membership.regency_id == regency.pk


def can_submit_self_assessment(user, regency):
    membership = membership_of(user)
    return (
        membership is not None
        and membership.regency_id == regency.pk
        and membership.role == Membership.Role.MANAGER
    )


def can_see_internal_records(user, regency):
    """A pemda's self-assessment records beyond what is public: evidence not marked public and the
    names of the staff in its history are for its own staff, assessors and national admins."""
    return can_fill_self_assessment(user, regency) or is_assessor(user) or is_national_admin(user)


def can_review_self_assessment(user, evaluation):
    """Assessors review, but never their own pemda's self-assessment: no one verifies their own work."""
    if not is_assessor(user):
        return False
    membership = membership_of(user)
    return membership is None or membership.regency_id != evaluation.regency_id


# Practices (knowledge) --------------------------------------------------------------------
# regencies never imports knowledge: practices come in duck-typed, as anything with a `regency_id`
# and a `status`. Editors and managers alike write their own pemda's practices; national admins
# moderate (edit, publish, archive) any; assessors have no special rights over practices.
PRACTICE_DRAFT = "draft"


def can_create_practice(user, regency):
    return can_edit_regency(user, regency)


def can_edit_practice(user, practice):
    """Edit, publish, archive and manage documents: staff of the owner pemda and national admins."""
    if is_national_admin(user):
        return True
    membership = membership_of(user)
    return membership is not None and membership.regency_id == practice.regency_id


def can_see_practice(user, practice):
    """Published and archived practices are public; a draft is seen only by those who may edit it."""
    return practice.status != PRACTICE_DRAFT or can_edit_practice(user, practice)


# Discussion and follows (knowledge) -------------------------------------------------------
# Comments are for people who work on digital government: pemda staff, assessors and national
# admins. Any logged-in person may report a comment; only national admins hide one; the owner
# pemda's staff (editors and managers) mark the answer to a question on their practice.


def can_comment(user):
    return membership_of(user) is not None or is_assessor(user) or is_national_admin(user)


def can_report_comment(user):
    return bool(user.is_authenticated and user.is_active)


def can_moderate_comments(user):
    return is_national_admin(user)


def can_mark_answer(user, practice):
    membership = membership_of(user)
    return membership is not None and membership.regency_id == practice.regency_id


def can_follow(user):
    return bool(user.is_authenticated and user.is_active)


# Replications (knowledge) ------------------------------------------------------------------
# Duck-typed: a replication is anything with `owner_id`, `adopter_id` and `is_public`. Staff (editors
# and managers) of another pemda request a published practice; each side's staff take that side's
# steps (the table in knowledge/replications/stages.py). The two pemda and national admins see the
# whole replication; anyone sees an accepted one (pemda names, stages, dates), without its notes and
# people. National admins watch but take no step: a replication is confirmed by the two governments.
PRACTICE_PUBLISHED = "published"
REPLICATION_OWNER, REPLICATION_ADOPTER = "owner", "adopter"


def can_request_replication(user, practice):
    membership = membership_of(user)
    return (
        membership is not None
        and practice.status == PRACTICE_PUBLISHED
        and membership.regency_id != practice.regency_id
    )


def replication_side(user, replication):
    """ "owner", "adopter" or None: the side whose steps `user` may take."""
    membership = membership_of(user)
    if membership is None:
        return None
    if membership.regency_id == replication.owner_id:
        return REPLICATION_OWNER
    if membership.regency_id == replication.adopter_id:
        return REPLICATION_ADOPTER
    return None


def can_see_replication_details(user, replication):
    """The message, notes and people: the two pemda and national admins."""
    return replication_side(user, replication) is not None or is_national_admin(user)


def can_see_replication(user, replication):
    return replication.is_public or can_see_replication_details(user, replication)


def can_add_step_document(user, replication, step, *, latest):
    """Staff of either pemda add evidence to a step of their side, or to the latest step."""
    side = replication_side(user, replication)
    return side is not None and (step.side == side or latest)


def can_see_step_documents(user, replication):
    """Step documents are never public: the two pemda and national admins."""
    return can_see_replication_details(user, replication)


# Study visits (knowledge) -----------------------------------------------------------------
# Anyone sees recorded visits (pemda, date, practices seen). Staff of the visiting or the host pemda
# and national admins record one; only the visiting pemda's staff turn a commitment into a request
# (they are the adopter of the replication).
def can_record_visit(user, visitor_id, host_id):
    if is_national_admin(user):
        return True
    membership = membership_of(user)
    return membership is not None and membership.regency_id in (visitor_id, host_id)


def can_follow_up_visit(user, visit):
    membership = membership_of(user)
    return membership is not None and membership.regency_id == visit.visitor_id
