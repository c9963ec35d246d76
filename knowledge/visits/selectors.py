"""Reads of study visits: the lists (with the follow-up flag), one visit, a pemda's visits."""

import datetime

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Prefetch, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ..practices.models import Practice
from .models import FOLLOW_UP_DAYS, StudyVisit, VisitCommitment


def follow_up_due_before(today=None):
    """Visits on or before this date whose commitments have no replication are flagged: day 90 after
    the visit is still in time, day 91 is late."""
    return (today or timezone.localdate()) - datetime.timedelta(days=FOLLOW_UP_DAYS + 1)


def _with_flag(queryset):
    pending = VisitCommitment.objects.filter(visit=OuterRef("pk"), replication__isnull=True)
    return queryset.annotate(
        pending_commitments=Count("commitments", filter=Q(commitments__replication__isnull=True)),
        commitment_count=Count("commitments"),
        overdue=ExpressionWrapper(
            Q(Exists(pending), visited_on__lte=follow_up_due_before()), output_field=BooleanField()
        ),
    )


def visit_list(regency_id=None):
    """Visits newest first, with both pemda, commitment counts and the `overdue` flag; 2 queries a page
    (count, rows)."""
    queryset = StudyVisit.objects.select_related("visitor", "host")
    if regency_id is not None:
        queryset = queryset.filter(Q(visitor_id=regency_id) | Q(host_id=regency_id))
    return _with_flag(queryset).order_by("-visited_on", "-pk")


def visits_to_follow_up(regency_id):
    """The pemda's own visits (as visitors) with commitments not yet requested."""
    return visit_list().filter(visitor_id=regency_id, pending_commitments__gt=0)


def visit_detail(pk):
    commitments = VisitCommitment.objects.select_related("practice", "replication")
    visit = (
        _with_flag(StudyVisit.objects.select_related("visitor", "host", "recorded_by"))
        .prefetch_related(
            Prefetch("practices", queryset=Practice.objects.select_related("regency")),
            Prefetch("commitments", queryset=commitments),
        )
        .filter(pk=pk)
        .first()
    )
    if visit is None:
        raise Http404(_("No such study visit."))
    return visit
