"""Reads of replications: what a person may see, the lists, one replication with its timeline."""

from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils.translation import gettext as _

from regencies.permissions import can_see_replication, is_national_admin, membership_of

from .models import Replication, ReplicationStep
from .stages import RUNNING, VERIFIED

LIST_RELATED = ("practice", "owner", "adopter")


def replications_visible_to(user):
    """National admins see all; pemda staff their own pemda's (either side) and the public ones;
    everyone else the public ones."""
    queryset = Replication.objects.all()
    if is_national_admin(user):
        return queryset
    membership = membership_of(user)
    if membership is None:
        return queryset.public()
    return queryset.filter(
        Q(pk__in=Replication.objects.public().values("pk"))
        | Q(owner_id=membership.regency_id)
        | Q(adopter_id=membership.regency_id)
    )


def replication_list(user):
    """The API's list: every replication the person may see, newest step first; 2 queries a page
    (count, rows with practice and both pemda)."""
    return replications_visible_to(user).select_related(*LIST_RELATED).order_by("-stage_changed_at", "-pk")


def my_replications(regency_id, direction=""):
    """A pemda's replications: `incoming` (of its practices), `outgoing` (it replicates) or both."""
    queryset = Replication.objects.select_related(*LIST_RELATED).order_by("-stage_changed_at", "-pk")
    if direction == "incoming":
        return queryset.filter(owner_id=regency_id)
    if direction == "outgoing":
        return queryset.filter(adopter_id=regency_id)
    return queryset.of_regency(regency_id)


def replication_for_user(user, pk):
    """One replication with its practice, pemda, contact and timeline; 404 for a replication the
    person may not see (its existence is not revealed)."""
    steps = ReplicationStep.objects.select_related("by", "by_regency", "contact")
    replication = (
        Replication.objects.select_related("practice", "owner", "adopter", "contact", "derived_practice")
        .prefetch_related(Prefetch("steps", queryset=steps))
        .filter(pk=pk)
        .first()
    )
    if replication is None or not can_see_replication(user, replication):
        raise Http404(_("No such replication."))
    return replication


def active_replication(practice, regency_id):
    return Replication.objects.active().filter(practice=practice, adopter_id=regency_id).first()


def verified_adopters(practice):
    """The pemda that replicate `practice` as both sides confirmed: accepted or later, not declined or
    stopped, of a practice anyone may open; one query, by pemda name."""
    return (
        Replication.objects.public()
        .filter(practice=practice, stage__in=VERIFIED)
        .select_related("adopter")
        .order_by("adopter__name", "pk")
    )


def running_adopter_names(practice_ids):
    """{practice id: names of the pemda running it (live or evaluated)}: publiccode.yml's usedBy."""
    names = {}
    rows = (
        Replication.objects.public()
        .filter(practice_id__in=practice_ids, stage__in=RUNNING)
        .order_by("adopter__name")
        .values_list("practice_id", "adopter__name")
    )
    for practice_id, name in rows:
        names.setdefault(practice_id, []).append(name)
    return names
