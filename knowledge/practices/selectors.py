"""Reads of practices: the one list every page and endpoint filters, a practice with what its page
shows, and the owner pemda's own SPBE levels beside the indicators the practice improved."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from regencies.permissions import is_national_admin, membership_of
from spbe.models import Evaluation, IndicatorScore

from .models import Practice, PracticeIndicator

DETAIL_REVISIONS = 10


def practices_visible_to(user):
    """Published and archived practices for everyone; drafts for their own pemda's staff and national
    admins (the rule of regencies.permissions.can_see_practice, as a query)."""
    if is_national_admin(user):
        return Practice.objects.all()
    membership = membership_of(user)
    if membership is None:
        return Practice.objects.public()
    return Practice.objects.filter(~Q(status=Practice.Status.DRAFT) | Q(regency_id=membership.regency_id))


def practice_list(*, user):
    """The practices `user` may see, with their owner pemda and province, newest first.

    The list page and the API filter this one queryset with filters.PracticeFilter (which shows
    published practices unless a status is asked for)."""
    return practices_visible_to(user).select_related("regency__province").order_by("-published_at", "-pk")


def regency_practices(*, regency, user):
    """A pemda's practices for its page: public ones, and its drafts for those who may see them."""
    return practices_visible_to(user).filter(regency=regency).order_by("status", "-published_at", "-pk")


def practice_detail(*, user, slug):
    """The practice with everything its page shows, in a fixed number of queries; None if `user` may
    not see it (a draft of another pemda) or it does not exist."""
    User = get_user_model()
    return (
        practices_visible_to(user)
        .filter(slug=slug)
        .select_related("regency__province")
        .prefetch_related(
            "rb_themes",
            "tags",
            Prefetch("contacts", queryset=User.objects.select_related("membership").order_by("first_name")),
            "documents",
            Prefetch(
                "indicator_links",
                queryset=PracticeIndicator.objects.select_related("indicator__framework").order_by(
                    "indicator__framework__first_year", "indicator__number"
                ),
            ),
        )
        .first()
    )


def practice_revisions(practice):
    return practice.revisions.select_related("changed_by", "by_regency")


def latest_revisions(practice, limit=DETAIL_REVISIONS):
    return list(practice_revisions(practice)[:limit])


@dataclass(frozen=True)
class OwnerLevel:
    """The owner pemda's own latest public level on an indicator."""

    level: int
    year: int
    source: str
    synthetic: bool
    evaluation_id: int

    @property
    def kind_label(self):
        if self.source == Evaluation.Source.OFFICIAL:
            return _("official result")
        return _("verified self-assessment")


def owner_levels(practice, indicator_ids):
    """{indicator id: OwnerLevel} from the owner's latest public evaluation with a level on each
    indicator (an official result before a verified self-assessment of the same year). One query."""
    rows = (
        IndicatorScore.objects.filter(
            indicator_id__in=list(indicator_ids),
            evaluation__in=Evaluation.objects.public().filter(regency_id=practice.regency_id),
        )
        .order_by("indicator_id", "-evaluation__year", "evaluation__source")
        .values_list(
            "indicator_id",
            "level",
            "evaluation__year",
            "evaluation__source",
            "evaluation__synthetic",
            "evaluation_id",
        )
    )
    levels = {}
    for indicator_id, level, year, source, synthetic, evaluation_id in rows:
        levels.setdefault(indicator_id, OwnerLevel(level, year, source, synthetic, evaluation_id))
    return levels
