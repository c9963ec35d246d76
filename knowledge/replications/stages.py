"""The stages of a replication and who takes each step: the one table of the pipeline (no database).

A replication goes requested → accepted → agreement (MoU/PKS) → handover (hibah + BAST) →
assistance & training → deployed → live → evaluated; the owner may decline a request, and either side
may stop it, with a reason, from any open stage. Training may be skipped (handover → deployed) with a
reason. Everything else is refused, with the steps that are allowed.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Stage(models.TextChoices):
    REQUESTED = "requested", pgettext_lazy("replication stage", "Requested")
    ACCEPTED = "accepted", pgettext_lazy("replication stage", "Accepted")
    AGREEMENT = "agreement", pgettext_lazy("replication stage", "Agreement signed (MoU/PKS)")
    HANDOVER = "handover", pgettext_lazy("replication stage", "Handed over (hibah + BAST)")
    TRAINING = "training", pgettext_lazy("replication stage", "Assistance and training")
    DEPLOYED = "deployed", pgettext_lazy("replication stage", "Deployed")
    LIVE = "live", pgettext_lazy("replication stage", "Live")
    EVALUATED = "evaluated", pgettext_lazy("replication stage", "Evaluated")
    DECLINED = "declined", pgettext_lazy("replication stage", "Declined")
    STOPPED = "stopped", pgettext_lazy("replication stage", "Stopped")


class Side(models.TextChoices):
    OWNER = "owner", _("Owner pemda")
    ADOPTER = "adopter", _("Adopter pemda")


OWNER, ADOPTER, BOTH = frozenset({Side.OWNER}), frozenset({Side.ADOPTER}), frozenset(Side)

# (from, to): the sides that may take the step. Stopping is added below for every open stage.
STEPS = {
    (Stage.REQUESTED, Stage.ACCEPTED): OWNER,
    (Stage.REQUESTED, Stage.DECLINED): OWNER,
    (Stage.ACCEPTED, Stage.AGREEMENT): BOTH,  # both heads sign; either side records it
    (Stage.AGREEMENT, Stage.HANDOVER): OWNER,  # the giver confirms the hibah and its BAST
    (Stage.HANDOVER, Stage.TRAINING): OWNER,  # the owner's experts assist and train
    (Stage.HANDOVER, Stage.DEPLOYED): ADOPTER,  # training skipped: a reason is required
    (Stage.TRAINING, Stage.DEPLOYED): ADOPTER,
    (Stage.DEPLOYED, Stage.LIVE): ADOPTER,
    (Stage.LIVE, Stage.EVALUATED): ADOPTER,
}
CLOSED = frozenset({Stage.EVALUATED, Stage.DECLINED, Stage.STOPPED})
OPEN = tuple(stage for stage in Stage if stage not in CLOSED)
STEPS.update({(stage, Stage.STOPPED): BOTH for stage in OPEN})

# Inactive replications do not block a new request for the same practice by the same pemda.
INACTIVE = (Stage.DECLINED, Stage.STOPPED)
# The main path, in order (the timeline's progress bar and the order of the stages in lists).
PATH = (
    Stage.REQUESTED,
    Stage.ACCEPTED,
    Stage.AGREEMENT,
    Stage.HANDOVER,
    Stage.TRAINING,
    Stage.DEPLOYED,
    Stage.LIVE,
    Stage.EVALUATED,
)

# From `deployed` on, the adopter may publish its adapted version "based on" the practice.
PUBLISHES_VERSION = (Stage.DEPLOYED, Stage.LIVE, Stage.EVALUATED)
# Verified adopters (the practice page, publiccode.yml's usedBy): accepted by the owner and not closed
# without success; usedBy lists only those running it.
VERIFIED = tuple(stage for stage in PATH if stage != Stage.REQUESTED)
RUNNING = (Stage.LIVE, Stage.EVALUATED)

# What a step must record besides who and when (the fields of the step form and of the API).
REQUIRED = {
    Stage.ACCEPTED: ("contact",),
    Stage.DECLINED: ("note",),
    Stage.AGREEMENT: ("agreement_kind", "agreement_date"),
    Stage.HANDOVER: ("handover_date",),
    Stage.TRAINING: ("training_start", "training_end", "training_participants"),
    Stage.LIVE: ("go_live_date",),
    Stage.EVALUATED: ("outcome", "outcome_rating"),
    Stage.STOPPED: ("note",),
}
SKIPPED_TRAINING = (Stage.HANDOVER, Stage.DEPLOYED)  # the note says why there was no training


def next_stages(stage, side=None):
    """The stages reachable from `stage` (by `side`, or by anyone), in the order of the path."""
    reachable = {
        to for (origin, to), sides in STEPS.items() if origin == stage and (side is None or side in sides)
    }
    return [to for to in Stage if to in reachable]


def is_allowed(stage, to, side):
    return side in STEPS.get((stage, to), ())


def required_fields(stage, to):
    fields = REQUIRED.get(to, ())
    if (stage, to) == SKIPPED_TRAINING:
        fields = (*fields, "note")
    return fields
