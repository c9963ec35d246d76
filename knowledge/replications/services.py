"""Writes of the replication pipeline: the request and every later step.

Which side takes which step is stages.py's table; this module applies it under a row lock, so two
concurrent steps on one replication cannot both pass, records the step and notifies the other side's
staff and (once the replication is public) the practice's followers.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regencies.permissions import (
    can_add_step_document,
    can_request_replication,
    membership_of,
    replication_side,
)

from ..notifications.models import Notification
from ..notifications.services import notify
from ..practices import documents
from ..practices.models import Practice
from ..practices.services import practice_save
from ..roles import public_role
from ..webhooks.services import step_deliveries_create
from . import stages
from .events import event_name
from .models import (
    MESSAGE_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    OUTCOME_MAX_LENGTH,
    OUTCOME_RATINGS,
    STEP_DETAIL_FIELDS,
    AgreementKind,
    Replication,
    ReplicationDocument,
    ReplicationStep,
)
from .stages import PUBLISHES_VERSION, Side, Stage

DATE_FIELDS = ("agreement_date", "handover_date", "training_start", "training_end", "go_live_date")
DETAIL_FIELDS = STEP_DETAIL_FIELDS


class ReplicationError(Exception):
    """A request or step the rules refuse; `field` names the input it is about (a 400)."""

    def __init__(self, message, field="non_field_errors"):
        super().__init__(message)
        self.field = field


class NotYourReplication(ReplicationError):
    """The person is staff of neither pemda of the replication (a 403)."""


class StepRefused(ReplicationError):
    """The step is not allowed from the current stage for this side (a 409); `allowed` lists the steps
    that are."""

    def __init__(self, message, *, stage, allowed):
        super().__init__(message, "to")
        self.stage, self.allowed = stage, allowed


def _text(value, *, field, max_length, required):
    value = (value or "").strip()
    if required and not value:
        raise ReplicationError(_("This field may not be blank."), field)
    if len(value) > max_length:
        raise ReplicationError(
            _("Ensure this field has no more than %(max)s characters (it has %(length)s).")
            % {"max": max_length, "length": len(value)},
            field,
        )
    return value


def _staff(regency_id):
    return list(get_user_model().objects.filter(membership__regency_id=regency_id, is_active=True))


def _notify(replication, stage, actor, side):
    other = replication.owner_id if side == Side.ADOPTER else replication.adopter_id
    notify(
        event=event_name(stage),
        subject=replication,
        actor=actor,
        recipients=_staff(other),
        # Followers hear of a replication from its acceptance on: a request and its refusal stay
        # between the two pemda.
        to_followers=replication.is_public,
        data={"owner": replication.owner.name, "adopter": replication.adopter.name},
    )


def _record(replication, *, from_stage, to, side, by_user, note="", **details):
    role, regency = public_role(by_user)
    step = ReplicationStep.objects.create(
        replication=replication,
        from_stage=from_stage,
        to_stage=to,
        side=side,
        by=by_user,
        by_role=role or "",
        by_regency=regency,
        note=note,
        **details,
    )
    step_deliveries_create(step)  # webhooks: recorded with the step, sent once it commits
    return step


@transaction.atomic
def replication_request(*, practice, by_user, message):
    """Staff of another pemda ask the owner to help them replicate a published practice."""
    membership = membership_of(by_user)
    if membership is None:
        raise NotYourReplication(_("Only staff of a pemda request a replication."), "practice")
    if membership.regency_id == practice.regency_id:
        raise ReplicationError(_("A pemda cannot replicate its own practice."), "practice")
    if not can_request_replication(by_user, practice):
        raise ReplicationError(_("Only a published practice can be replicated."), "practice")
    message = _text(message, field="message", max_length=MESSAGE_MAX_LENGTH, required=True)
    existing = (
        Replication.objects.active().filter(practice=practice, adopter_id=membership.regency_id).first()
    )
    if existing is None:
        try:
            with transaction.atomic():
                replication = Replication.objects.create(
                    practice=practice,
                    owner_id=practice.regency_id,
                    adopter_id=membership.regency_id,
                    message=message,
                    requested_by=by_user,
                )
        except IntegrityError:  # a colleague's request for the same practice committed first
            existing = (
                Replication.objects.active()
                .filter(practice=practice, adopter_id=membership.regency_id)
                .first()
            )
    if existing is not None:
        raise ReplicationError(
            _("Your pemda already has an active replication of this practice (#%(id)s, %(stage)s).")
            % {"id": existing.pk, "stage": existing.get_stage_display()},
            "practice",
        )
    _record(replication, from_stage="", to=Stage.REQUESTED, side=Side.ADOPTER, by_user=by_user)
    replication = Replication.objects.select_related("practice", "owner", "adopter").get(pk=replication.pk)
    _notify(replication, Stage.REQUESTED, by_user, Side.ADOPTER)
    return replication


def _details(replication, to, from_stage, note, details):
    """The step's fields this step uses, checked; raises ReplicationError naming the field."""
    required = stages.required_fields(from_stage, to)
    note = _text(note, field="note", max_length=NOTE_MAX_LENGTH, required="note" in required)
    kept = {name: details.get(name) for name in required if name != "note"}
    for name, value in kept.items():
        if value in (None, ""):
            raise ReplicationError(_("This step needs this field."), name)
    today = timezone.localdate()
    for name in DATE_FIELDS:
        if name in kept and kept[name] > today:
            raise ReplicationError(
                _("A step records what happened: this date may not be in the future."), name
            )
    if "training_end" in kept and kept["training_end"] < kept["training_start"]:
        raise ReplicationError(_("The training cannot end before it starts."), "training_end")
    if "training_participants" in kept and kept["training_participants"] < 1:
        raise ReplicationError(_("Give the number of people trained (at least 1)."), "training_participants")
    if "outcome" in kept:
        kept["outcome"] = _text(
            kept["outcome"], field="outcome", max_length=OUTCOME_MAX_LENGTH, required=True
        )
    if "outcome_rating" in kept and not OUTCOME_RATINGS[0] <= kept["outcome_rating"] <= OUTCOME_RATINGS[1]:
        raise ReplicationError(
            _("Rate the outcome from %(low)s to %(high)s.")
            % {"low": OUTCOME_RATINGS[0], "high": OUTCOME_RATINGS[1]},
            "outcome_rating",
        )
    if "agreement_kind" in kept and kept["agreement_kind"] not in AgreementKind.values:
        raise ReplicationError(_("Choose an MoU or a PKS."), "agreement_kind")
    if "contact" in kept:
        contact = kept["contact"]
        if not (
            contact.is_active and getattr(membership_of(contact), "regency_id", None) == replication.owner_id
        ):
            raise ReplicationError(
                _("The contact person must be a staff member of %(owner)s.")
                % {"owner": replication.owner.name},
                "contact",
            )
    return note, kept


def check_step(replication, to, side, expected_stage=None):
    """Refuse (StepRefused, listing the allowed steps) a step the table does not allow `side` from the
    replication's stage, or one taken on a stage the person did not see."""
    stage = replication.stage
    allowed = stages.next_stages(stage, side)
    if expected_stage and expected_stage != stage:
        raise StepRefused(
            _("This replication moved on to “%(stage)s” meanwhile: look at its timeline again.")
            % {"stage": replication.get_stage_display()},
            stage=stage,
            allowed=allowed,
        )
    if to not in Stage.values:
        raise ReplicationError(_("“%(value)s” is not a stage.") % {"value": to}, "to")
    if not stages.is_allowed(stage, to, side):
        raise StepRefused(
            _("%(side)s cannot move this replication from “%(stage)s” to “%(to)s”.")
            % {"side": Side(side).label, "stage": replication.get_stage_display(), "to": Stage(to).label},
            stage=stage,
            allowed=allowed,
        )


@transaction.atomic
def replication_advance(*, replication, to, by_user, note="", expected_stage=None, **details):
    """Take the step to stage `to` as `by_user`'s side. `expected_stage`, when given, is the stage the
    person saw: if another step passed meanwhile, this one is refused rather than applied to a stage
    they did not see. `details`: contact, agreement_kind and the dates of DETAIL_FIELDS; only those the
    step records are kept."""
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"unknown step details {sorted(unknown)}")
    replication = (
        Replication.objects.select_for_update(of=("self",))
        .select_related("practice", "owner", "adopter")
        .get(pk=replication.pk)
    )
    side = replication_side(by_user, replication)
    if side is None:
        raise NotYourReplication(
            _("Only staff of %(owner)s or %(adopter)s take steps of this replication.")
            % {"owner": replication.owner.name, "adopter": replication.adopter.name}
        )
    check_step(replication, to, side, expected_stage)
    stage = replication.stage
    note, kept = _details(replication, to, stage, note, details)
    now = timezone.now()
    step = _record(replication, from_stage=stage, to=to, side=side, by_user=by_user, note=note, **kept)
    replication.stage, replication.stage_changed_at = to, now
    fields = ["stage", "stage_changed_at"]
    if to == Stage.ACCEPTED:
        replication.accepted_at, replication.contact = now, kept["contact"]
        fields += ["accepted_at", "contact"]
    replication.save(update_fields=fields)
    _notify(replication, to, by_user, side)
    return step


# A second run within this window (a retried or doubled beat task) reminds no one twice.
REMIND_EVERY = datetime.timedelta(days=6)


def stalled_reminders_send(*, now=None):
    """Remind both pemda's staff of each stalled replication, at most once a week. Returns how many
    replications were reminded."""
    now = now or timezone.now()
    content_type = ContentType.objects.get_for_model(Replication)
    reminded = 0
    # Replications recorded from public reporting (demo) are never stalled, so they remind no one.
    stalled = Replication.objects.stalled(now)
    for pk in stalled.order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            # The row lock makes two concurrent runs take turns; the second sees the first's reminder.
            replication = (
                Replication.objects.select_for_update(of=("self",))
                .select_related("practice", "owner", "adopter")
                .stalled(now)
                .filter(pk=pk)
                .first()
            )
            already = Notification.objects.filter(
                event=event_name("stalled"),
                subject_type=content_type,
                subject_id=str(pk),
                created_at__gt=now - REMIND_EVERY,
            )
            if replication is None or already.exists():
                continue
            notify(
                event=event_name("stalled"),
                subject=replication,
                recipients=_staff(replication.owner_id) + _staff(replication.adopter_id),
                to_followers=False,
                data={"owner": replication.owner.name, "adopter": replication.adopter.name},
            )
        reminded += 1
    return reminded


# What the adopter's version starts from: the origin's description of what it is and takes (not its
# dates, figures, contacts or sources, which are the origin's own).
VERSION_FIELDS = (
    "title_en",
    "summary",
    "summary_en",
    "body",
    "kind",
    "problem",
    "hosting",
    "national_platforms",
    "regulations_needed",
    "skills_needed",
    "adoption_effort",
    "repository_url",
    "license",
    "development_status",
    "software_type",
    "platforms",
    "dependencies",
    "available_languages",
    "maintenance_type",
)


@transaction.atomic
def replication_publish_version(*, replication, by_user):
    """From `deployed` on, the adopter's staff start their own version of the practice: a draft of the
    adopter pemda, prefilled from the origin, "based on" it and linked to the replication. Asking
    again returns the version already started."""
    replication = (
        Replication.objects.select_for_update(of=("self",))
        .select_related("practice", "adopter", "derived_practice")
        .get(pk=replication.pk)
    )
    if replication_side(by_user, replication) != Side.ADOPTER:
        raise NotYourReplication(
            _("Only staff of %(adopter)s publish their version of this practice.")
            % {"adopter": replication.adopter.name}
        )
    if replication.derived_practice is not None:
        return replication.derived_practice
    if replication.stage not in PUBLISHES_VERSION:
        raise ReplicationError(
            _("Your version can be published once the replication is deployed (it is at “%(stage)s”).")
            % {"stage": replication.get_stage_display()},
            "stage",
        )
    origin = replication.practice
    version = Practice(
        regency=replication.adopter,
        based_on=origin,
        title=f"{origin.title} ({replication.adopter.name})",
        **{name: getattr(origin, name) for name in VERSION_FIELDS},
    )
    version.title = version.title[: Practice._meta.get_field("title").max_length]
    version = practice_save(
        practice=version,
        by_user=by_user,
        rb_themes=list(origin.rb_themes.all()),
        tags=list(origin.tags.values_list("name", flat=True)),
    )
    replication.derived_practice = version
    replication.save(update_fields=["derived_practice"])
    return version


@transaction.atomic
def step_document_add(*, step, by_user, title, upload):
    """Attach evidence to a step after the portal's one upload check (content and size). Raises
    NotYourReplication for a person who may not add it, ReplicationError(field="file") for a refused file."""
    replication = step.replication
    latest = replication.steps.order_by("-created_at", "-pk").values_list("pk", flat=True).first()
    if not can_add_step_document(by_user, replication, step, latest=step.pk == latest):
        raise NotYourReplication(_("Staff of a pemda add documents to its own steps or to the latest step."))
    title = _text(title, field="title", max_length=200, required=True)
    try:
        documents.validate_document(upload)
    except ValidationError as error:
        raise ReplicationError(error.messages[0], "file") from None
    file_type = documents.prepare(upload)
    return ReplicationDocument.objects.create(
        step=step, title=title, file=upload, file_type=file_type, size=upload.size, uploaded_by=by_user
    )
