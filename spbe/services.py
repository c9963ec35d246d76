import random
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regencies.models import Cohort, Regency
from regencies.permissions import is_assessor, is_national_admin, membership_of

from . import framework_files, published_data, scoring
from .models import (
    ActorRole,
    Aspect,
    Domain,
    Evaluation,
    Framework,
    Indicator,
    IndicatorScore,
    Level,
    LevelChange,
    LevelCriterion,
    NationalIndex,
    PredicateBand,
    Scale,
    SelfAssessmentEvent,
)


class SpbeError(Exception):
    """A domain rule was broken; the message is for the user."""


# Frameworks -------------------------------------------------------------------------------


def frameworks_load(*, directory=framework_files.FRAMEWORKS_DIR, data_dir=framework_files.DATA_DIR):
    """Load every framework manifest in `directory`, all or nothing.

    Every file is read and checked before anything is written; returns {code: created|updated|unchanged}.
    Raises FrameworkFileError naming the file and its bad rows.
    """
    specs = [framework_files.read_framework(path, data_dir) for path in framework_files.manifests(directory)]
    results = {}
    with transaction.atomic():
        for spec in specs:
            results[spec.code] = _framework_save(spec)
    return results


def _framework_save(spec):
    framework = Framework.objects.filter(code=spec.code).first()
    if framework and framework.fingerprint == spec.fingerprint:
        return "unchanged"
    outcome = "updated" if framework else "created"
    framework, _created = Framework.objects.update_or_create(
        code=spec.code,
        defaults={
            "name": spec.name,
            "title": spec.title,
            "first_year": spec.first_year,
            "last_year": spec.last_year,
            "level_min": spec.level_min,
            "level_max": spec.level_max,
            "provisional": spec.provisional,
            "sources": spec.sources,
            "sources_en": spec.sources_en,
            "weight_note": spec.weight_note,
            "weight_note_en": spec.weight_note_en,
            "fingerprint": spec.fingerprint,
        },
    )
    domains = {}
    for d in spec.domains:
        domains[d.number], _c = Domain.objects.update_or_create(
            framework=framework,
            number=d.number,
            defaults={"name": d.name, "name_en": d.name_en, "weight": d.weight},
        )
    aspects = {}
    for a in spec.aspects:
        aspects[a.number], _c = Aspect.objects.update_or_create(
            framework=framework,
            number=a.number,
            defaults={
                "name": a.name,
                "name_en": a.name_en,
                "weight": a.weight,
                "domain": domains.get(a.domain),
            },
        )
    scales = {}
    for s in spec.scales:
        scales[s.code], _c = Scale.objects.update_or_create(
            framework=framework, code=s.code, defaults={"name": s.name}
        )
        for value, (name, description, description_en) in s.levels.items():
            Level.objects.update_or_create(
                scale=scales[s.code],
                value=value,
                defaults={"name": name, "description": description, "description_en": description_en},
            )
    for i in spec.indicators:
        indicator, _c = Indicator.objects.update_or_create(
            framework=framework,
            number=i.number,
            defaults={
                "name": i.name,
                "name_en": i.name_en,
                "weight": i.weight,
                "aspect": aspects[i.aspect],
                "scale": scales[i.scale],
                "evidence_required": i.evidence,
                "evidence_required_en": i.evidence_en,
            },
        )
        for level, text in i.criteria.items():
            LevelCriterion.objects.update_or_create(indicator=indicator, level=level, defaults={"text": text})
    PredicateBand.objects.filter(framework=framework).delete()
    PredicateBand.objects.bulk_create(
        PredicateBand(
            framework=framework, name=name, min_index=minimum if minimum is not None else Decimal(0)
        )
        for minimum, name in spec.predicates
    )
    return outcome


def current_framework():
    return Framework.objects.filter(provisional=False).order_by("-first_year").first()


# Index arithmetic on stored evaluations ----------------------------------------------------


def _bands(framework):
    return [(b.min_index, b.name) for b in framework.predicate_bands.all()]


def _recomputed(evaluation, pairs):
    """Set the computed index, the effective index and the predicate from the (level, weight) pairs
    of all its indicators; returns the evaluation (unsaved)."""
    complete = len(pairs) == len(evaluation.framework.indicators.all())
    evaluation.computed_index = scoring.weighted_index(pairs) if pairs and complete else None
    evaluation.index = (
        evaluation.published_index if evaluation.published_index is not None else evaluation.computed_index
    )
    evaluation.predicate = evaluation.published_predicate or scoring.predicate(
        evaluation.index, _bands(evaluation.framework)
    )
    return evaluation


RECOMPUTED_FIELDS = ["computed_index", "index", "predicate", "updated_at"]


def evaluation_scored(*, evaluation, pairs):
    """Set the indices and the predicate of an evaluation not yet saved from the (level, weight) pairs
    it will be saved with (an import creating it with its levels): no recompute after."""
    return _recomputed(evaluation, pairs)


def evaluation_recompute(*, evaluation):
    """Refresh the computed index, the effective index and the predicate of one evaluation."""
    _recomputed(evaluation, list(evaluation.scores.values_list("level", "indicator__weight")))
    evaluation.save(update_fields=RECOMPUTED_FIELDS)
    return evaluation


def evaluations_recompute(*, evaluations):
    """`evaluation_recompute` for many at once, in a fixed number of queries whatever their number:
    their levels in one query, the results in one bulk update. Their frameworks should come with
    their indicators and predicate bands prefetched (as an import's do)."""
    evaluations = list(evaluations)
    pairs = defaultdict(list)
    for evaluation_id, level, weight in IndicatorScore.objects.filter(evaluation__in=evaluations).values_list(
        "evaluation_id", "level", "indicator__weight"
    ):
        pairs[evaluation_id].append((level, weight))
    now = timezone.now()
    for evaluation in evaluations:
        _recomputed(evaluation, pairs[evaluation.pk]).updated_at = now
    Evaluation.objects.bulk_update(evaluations, RECOMPUTED_FIELDS, batch_size=1000)
    return evaluations


# Self-assessment workflow ------------------------------------------------------------------

EDITABLE = {Evaluation.Status.DRAFT, Evaluation.Status.RETURNED}
Event = SelfAssessmentEvent.Kind


def _actor(by_user, role=None):
    """Who acted, and in which role and pemda: the public history shows the role and pemda only.

    No user is a script (an import, a command); `role` names the role the action needs when
    someone holds several (an assessor is also a pemda's staff member)."""
    if by_user is None:
        return {"by_user": None, "by_role": ActorRole.SYSTEM, "by_regency_id": None}
    membership = membership_of(by_user)
    if role is None:
        if membership is not None:
            role = ActorRole.PEMDA_STAFF
        elif is_assessor(by_user) and not is_national_admin(by_user):
            role = ActorRole.ASSESSOR
        else:
            role = ActorRole.NATIONAL_ADMIN
    regency_id = membership.regency_id if membership is not None and role == ActorRole.PEMDA_STAFF else None
    return {"by_user": by_user, "by_role": role, "by_regency_id": regency_id}


def _history(evaluation, by_user, entries, role=None):
    """Record [(kind, {field: value})] as one actor's steps in the evaluation's history."""
    actor = _actor(by_user, role)
    now = timezone.now()
    SelfAssessmentEvent.objects.bulk_create(
        SelfAssessmentEvent(evaluation=evaluation, kind=kind, at=now, **actor, **fields)
        for kind, fields in entries
    )


def self_assessment_year_problem(*, year, framework):
    """Why a self-assessment of `framework` cannot be for `year`, or None when it can."""
    if year > timezone.now().year + 1:
        return _("A self-assessment cannot be for a year that far ahead.")
    if not framework.covers(year):
        return framework.not_covered_message(year)
    return None


@transaction.atomic
def self_assessment_create(*, regency, year, framework, by_user=None, synthetic=False):
    problem = self_assessment_year_problem(year=year, framework=framework)
    if problem:
        raise SpbeError(problem)
    evaluation, created = Evaluation.objects.get_or_create(
        regency=regency,
        year=year,
        framework=framework,
        source=Evaluation.Source.SELF_ASSESSMENT,
        defaults={"status": Evaluation.Status.DRAFT, "synthetic": synthetic},
    )
    if not created:
        raise SpbeError(
            _("%(regency)s already has a self-assessment for %(year)s.") % {"regency": regency, "year": year}
        )
    _history(evaluation, by_user, [(Event.CREATED, {})])
    return evaluation


def _lock(evaluation):
    """Lock the evaluation's row until the transaction ends and take its stored status: two requests
    cannot both act on one state (a level saved after the submission, two assessors reviewing)."""
    evaluation.status = (
        Evaluation.objects.select_for_update().values_list("status", flat=True).get(pk=evaluation.pk)
    )
    return evaluation


@transaction.atomic
def score_set(*, evaluation, indicator, level, explanation="", by_user=None):
    """Set one indicator's level on a draft; every change of level is kept in the history."""
    return scores_set(evaluation=evaluation, levels=[(indicator, level, explanation)], by_user=by_user)[0]


@transaction.atomic
def scores_set(*, evaluation, levels, by_user=None):
    """Set several (indicator, level, explanation) at once, all or none, recomputing the index once.

    An explanation of None keeps the one already written."""
    _lock(evaluation)
    if evaluation.source != Evaluation.Source.SELF_ASSESSMENT or evaluation.status not in EDITABLE:
        raise SpbeError(_("This evaluation can no longer be changed."))
    framework = evaluation.framework
    existing = {s.indicator_id: s for s in IndicatorScore.objects.filter(evaluation=evaluation)}
    scores, events = [], []
    for indicator, level, explanation in levels:
        if indicator.framework_id != evaluation.framework_id:
            raise SpbeError(
                _("Indicator %(number)s is not part of this framework.") % {"number": indicator.number}
            )
        if not framework.level_min <= level <= framework.level_max:
            raise SpbeError(
                _("Level must be between %(min)s and %(max)s.")
                % {"min": framework.level_min, "max": framework.level_max}
            )
        score = existing.get(indicator.pk)
        old_level = score.level if score else None
        old_explanation = score.explanation if score else ""
        if score is None:
            score = IndicatorScore.objects.create(
                evaluation=evaluation, indicator=indicator, level=level, explanation=explanation or ""
            )
        else:
            score.level = level
            if explanation is not None:  # None keeps the explanation already written
                score.explanation = explanation
            score.save(update_fields=["level", "explanation"])
        if old_level != level:
            LevelChange.objects.create(score=score, changed_by=by_user, old_level=old_level, new_level=level)
            events.append((Event.LEVEL, {"indicator": indicator, "old_level": old_level, "new_level": level}))
        if score.explanation != old_explanation:
            events.append((Event.EXPLANATION, {"indicator": indicator, "detail": score.explanation}))
        scores.append(score)
    _history(evaluation, by_user, events)
    evaluation_recompute(evaluation=evaluation)
    return scores


@transaction.atomic
def evidence_add(*, evidence, by_user):
    """Keep a piece of evidence (its score set) and say so in the history."""
    evaluation = _lock(evidence.score.evaluation)
    if evaluation.status not in EDITABLE:
        raise SpbeError(_("This evaluation can no longer be changed."))
    evidence.added_by = by_user
    evidence.save()
    _history(
        evaluation,
        by_user,
        [(Event.EVIDENCE_ADDED, {"indicator_id": evidence.score.indicator_id, "detail": evidence.title})],
    )
    return evidence


@transaction.atomic
def evidence_set_public(*, evidence, public, by_user):
    """Open a document to everyone once the self-assessment is verified, or keep it to assessors and
    the pemda's staff. Allowed at every stage: the pemda decides what it publishes."""
    if evidence.public == public:
        return evidence
    evidence.public = public
    evidence.save(update_fields=["public"])
    _history(
        evidence.score.evaluation,
        by_user,
        [
            (
                Event.EVIDENCE_VISIBILITY,
                {"indicator_id": evidence.score.indicator_id, "detail": evidence.title},
            )
        ],
    )
    return evidence


@transaction.atomic
def self_assessment_submit(*, evaluation, by_user):
    _lock(evaluation)
    if evaluation.status not in EDITABLE:
        raise SpbeError(_("Only a draft or returned self-assessment can be submitted."))
    missing = evaluation.framework.indicators.exclude(scores__evaluation=evaluation).count()
    if missing:
        raise SpbeError(_("%(count)s indicator(s) still have no level.") % {"count": missing})
    evaluation.status = Evaluation.Status.SUBMITTED
    evaluation.submitted_by, evaluation.submitted_at = by_user, timezone.now()
    evaluation.save(update_fields=["status", "submitted_by", "submitted_at", "updated_at"])
    _history(evaluation, by_user, [(Event.SUBMITTED, {})], role=ActorRole.PEMDA_STAFF)
    return evaluation


@transaction.atomic
def self_assessment_review(*, evaluation, by_user, verify, comments=None):
    """Verify a submitted self-assessment, or return it with a comment per indicator."""
    _lock(evaluation)
    if evaluation.status != Evaluation.Status.SUBMITTED:
        raise SpbeError(_("Only a submitted self-assessment can be reviewed."))
    comments = comments or {}
    if not verify and not any(text.strip() for text in comments.values()):
        raise SpbeError(_("Say what to revise: add a comment to at least one indicator."))
    events = []
    for score in evaluation.scores.all():
        text = comments.get(score.indicator_id, "").strip()
        if text != score.reviewer_comment:
            score.reviewer_comment = text
            score.save(update_fields=["reviewer_comment"])
        if text and not verify:
            events.append((Event.COMMENT, {"indicator_id": score.indicator_id, "detail": text}))
    evaluation.status = Evaluation.Status.VERIFIED if verify else Evaluation.Status.RETURNED
    evaluation.reviewed_by, evaluation.reviewed_at = by_user, timezone.now()
    evaluation.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])
    events.append((Event.VERIFIED if verify else Event.RETURNED, {}))
    _history(evaluation, by_user, events, role=ActorRole.ASSESSOR)
    return evaluation


# Demo data ---------------------------------------------------------------------------------


@transaction.atomic
def synthetic_self_assessments_generate(*, cohort_slug="idsll-2022-pilot", year=None, seed=2022):
    """Create flagged synthetic self-assessments for a cohort, for demonstrations only.

    Idempotent: members that already have one for the year are skipped. Returns the number created.
    """
    framework = current_framework()
    cohort = Cohort.objects.filter(slug=cohort_slug).first()
    if framework is None or cohort is None:
        return 0
    year = year or timezone.now().year
    rng = random.Random(seed)
    indicators = list(framework.indicators.all())
    existing = set(
        Evaluation.objects.filter(
            year=year, framework=framework, source=Evaluation.Source.SELF_ASSESSMENT
        ).values_list("regency_id", flat=True)
    )
    created = 0
    for regency in cohort.members.order_by("code"):
        if regency.code in existing:
            continue
        evaluation = Evaluation.objects.create(
            regency=regency,
            year=year,
            framework=framework,
            source=Evaluation.Source.SELF_ASSESSMENT,
            status=Evaluation.Status.VERIFIED,  # shown in demos, always labelled synthetic
            synthetic=True,
            note=_("Synthetic demo data, generated; not an official figure."),
        )
        base = rng.uniform(framework.level_min + 0.5, framework.level_max - 1)
        IndicatorScore.objects.bulk_create(
            IndicatorScore(
                evaluation=evaluation,
                indicator=indicator,
                level=min(framework.level_max, max(framework.level_min, round(rng.gauss(base, 0.8)))),
                explanation=_("Synthetic demo data."),
            )
            for indicator in indicators
        )
        evaluation_recompute(evaluation=evaluation)
        created += 1
    return created


def regency_by_name(name):
    return Regency.objects.filter(name=name).first()


# Published figures -------------------------------------------------------------------------


def framework_for_year(year):
    """The non-provisional framework in force for an evaluation year."""
    for framework in Framework.objects.filter(provisional=False).order_by("-first_year"):
        if (framework.first_year or 0) <= year <= (framework.last_year or 9999):
            return framework
    return None


@transaction.atomic
def published_results_load():
    """Load the national index by year and the published kabupaten/kota results, each with its source.

    Idempotent; returns (national rows added, pemda evaluations added or re-cited, names not found).
    An official result already stored keeps its figures; its source, certainty and note follow the file.
    """
    national = 0
    for row in published_data.national_rows():
        _obj, created = NationalIndex.objects.update_or_create(
            year=row.year,
            defaults={
                "index": row.index,
                "predicate": row.predicate,
                "framework_name": row.framework_name,
                "note": row.note,
                **row.citation.as_fields(),
            },
        )
        national += created
    rows = published_data.pemda_rows()
    regencies = {r.name: r for r in Regency.objects.filter(name__in={row.name for row in rows})}
    written, missing = 0, []
    for row in rows:
        regency, framework = regencies.get(row.name), framework_for_year(row.year)
        if regency is None or framework is None:
            missing.append(row.name)
            continue
        cited = {"note": row.note, **row.citation.as_fields()}
        evaluation, created = Evaluation.objects.get_or_create(
            regency=regency,
            year=row.year,
            framework=framework,
            source=Evaluation.Source.OFFICIAL,
            defaults={"published_index": row.index, "published_predicate": row.predicate, **cited},
        )
        if created:
            evaluation_recompute(evaluation=evaluation)
            written += 1
        elif any(getattr(evaluation, name) != value for name, value in cited.items()):
            for name, value in cited.items():
                setattr(evaluation, name, value)
            evaluation.save(update_fields=[*cited, "updated_at"])
            written += 1
    return national, written, missing
