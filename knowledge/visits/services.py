"""Writes of study visits: recording one with its commitments, and turning a commitment into a
replication request."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regencies.permissions import can_follow_up_visit, can_record_visit

from ..practices.models import Practice
from ..replications.services import ReplicationError, replication_request
from .models import NOTES_MAX_LENGTH, StudyVisit, VisitCommitment


class VisitError(Exception):
    """Input the rules refuse; `field` names it (a 400)."""

    def __init__(self, message, field="non_field_errors"):
        super().__init__(message)
        self.field = field


class NotYourVisit(VisitError):
    """The person may not do this for these pemda (a 403)."""


def _host_practices(host, practices, field):
    practices = list(practices)
    for practice in practices:
        if practice.regency_id != host.pk or practice.status != Practice.Status.PUBLISHED:
            raise VisitError(
                _("“%(practice)s” is not a published practice of %(host)s.")
                % {"practice": practice.title, "host": host.name},
                field,
            )
    return practices


@transaction.atomic
def visit_record(*, by_user, visitor, host, visited_on, participants, practices=(), commitments=(), notes=""):
    """Record a visit of `visitor` to `host`; `practices` seen and `commitments` (practices the visitors
    commit to replicate) are published practices of the host."""
    if visitor.pk == host.pk:
        raise VisitError(_("The visiting pemda and the host must differ."), "host")
    if not can_record_visit(by_user, visitor.pk, host.pk):
        raise NotYourVisit(_("Only staff of the visiting or the host pemda record a visit."), "visitor")
    if visited_on > timezone.localdate():
        raise VisitError(
            _("Record a visit once it took place: the date may not be in the future."), "visited_on"
        )
    if participants is None or participants < 1:
        raise VisitError(_("Give the number of participants (at least 1)."), "participants")
    notes = (notes or "").strip()
    if len(notes) > NOTES_MAX_LENGTH:
        raise VisitError(
            _("Ensure this field has no more than %(max)s characters (it has %(length)s).")
            % {"max": NOTES_MAX_LENGTH, "length": len(notes)},
            "notes",
        )
    practices = _host_practices(host, practices, "practices")
    commitments = _host_practices(host, dict.fromkeys(commitments), "commitments")
    visit = StudyVisit.objects.create(
        visitor=visitor,
        host=host,
        visited_on=visited_on,
        participants=participants,
        notes=notes,
        recorded_by=by_user,
    )
    visit.practices.set(practices)
    VisitCommitment.objects.bulk_create(VisitCommitment(visit=visit, practice=p) for p in commitments)
    return visit


@transaction.atomic
def commitment_request(*, commitment, by_user):
    """Ask the host to replicate the committed practice (replication_request) and link the request to
    the commitment. Refused when it is linked already or the replication rules refuse."""
    commitment = (
        VisitCommitment.objects.select_for_update(of=("self",))
        .select_related("visit__visitor", "visit__host", "practice")
        .get(pk=commitment.pk)
    )
    visit = commitment.visit
    if not can_follow_up_visit(by_user, visit):
        raise NotYourVisit(
            _("Only staff of %(visitor)s turn its commitments into requests.")
            % {"visitor": visit.visitor.name},
            "commitment",
        )
    if commitment.replication_id is not None:
        raise VisitError(_("This commitment has its replication request already."), "commitment")
    message = _(
        "Following our study visit to %(host)s on %(date)s, we would like to replicate this practice."
    ) % {
        "host": visit.host.name,
        "date": visit.visited_on.isoformat(),
    }
    try:
        replication = replication_request(practice=commitment.practice, by_user=by_user, message=message)
    except ReplicationError as error:
        raise VisitError(str(error), "commitment") from None
    commitment.replication = replication
    commitment.save(update_fields=["replication"])
    return replication
