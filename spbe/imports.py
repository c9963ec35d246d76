"""Importing official SPBE results from a file: a dry run, then one all-or-nothing run in a Celery task.

An import writes only evaluations with source "official"; self-assessments are never touched.
Every upload is logged in ImportJob, whether it is refused, unchanged or imported.
"""

import os
from collections import Counter, defaultdict

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from livinglab import audit
from livinglab.bulk_work import cycle_collector_paused
from regencies.models import Regency

from . import importers, level_writes, scoring, sources, tasks
from .models import CheckedRecords, Evaluation, Framework, ImportJob, IndicatorScore, LevelChange
from .published_data import Citation
from .services import SpbeError, evaluation_scored, evaluations_recompute
from .uploads import safe_stem

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
FINISHED = {ImportJob.Status.DONE, ImportJob.Status.UNCHANGED, ImportJob.Status.INVALID}
QUEUEABLE = {ImportJob.Status.CHECKED, ImportJob.Status.FAILED}
PROGRESS_TIMEOUT = 6 * 60 * 60


def catalogue_load():
    """What the file is checked against: regency codes and each framework's indicators, scale, predicates."""
    frameworks = Framework.objects.prefetch_related("indicators", "predicate_bands")
    return importers.Catalogue(
        regency_codes=frozenset(Regency.objects.values_list("code", flat=True)),
        frameworks=tuple(
            importers.FrameworkSpec(
                code=framework.code,
                name=framework.name,
                level_min=framework.level_min,
                level_max=framework.level_max,
                indicators=frozenset(indicator.number for indicator in framework.indicators.all()),
                predicates=tuple(band.name for band in framework.predicate_bands.all()),
                first_year=framework.first_year,
                last_year=framework.last_year,
            )
            for framework in frameworks
        ),
    )


def import_check(*, upload, by_user, citation):
    """Dry run: read and check an uploaded file, log it, and say what importing it would change.

    `citation` (a published_data.Citation) is the source every imported result will carry; without
    a title nothing is imported. The job keeps how the first rows were read and, for indicator
    levels added to a result with a published index, both indices to confirm before the run.
    """
    data = upload.read(importers.MAX_BYTES + 1)
    name = os.path.basename(upload.name or "")[:255]
    catalogue = catalogue_load()
    checked = importers.check(name, data, catalogue)
    if not citation.title.strip():
        checked.problems.insert(0, importers.Problem(None, "", "no_source"))
    job = ImportJob(
        uploaded_by=by_user,
        by_script=by_user is None,
        original_name=name,
        layout=checked.layout,
        rows_total=checked.rows_total,
        problems=[problem.as_dict() for problem in checked.problems],
        source_title=citation.title.strip(),
        source_url=citation.url.strip(),
        certainty=citation.certainty,
        preview=checked.preview,
    )
    if checked.ok:
        batch = _Batch(checked.records, job)
        counts = batch.counts()
        job.status = ImportJob.Status.CHECKED
        job.created, job.updated, job.unchanged = counts[CREATED], counts[UPDATED], counts[UNCHANGED]
        job.warnings = batch.detail_warnings()
    else:
        job.status = ImportJob.Status.INVALID
        job.finished_at = timezone.now()
    if len(data) <= importers.MAX_BYTES:
        job.file.save(_stored_name(name), ContentFile(data), save=False)
    job.save()
    if checked.ok:
        CheckedRecords.objects.create(
            job=job, catalogue=catalogue.digest(), records=importers.records_data(checked.records)
        )
    return job


def _stored_name(name):
    extension = os.path.splitext(name)[1].lower()
    return safe_stem(name, "upload") + (extension if extension in importers.EXTENSIONS else ".bin")


@transaction.atomic
def import_queue(*, job, confirm_detail=False):
    """Queue a checked import; the task starts once this transaction commits.

    `confirm_detail`: the importer confirmed adding indicator detail to published results."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status not in QUEUEABLE:
        raise SpbeError(
            _("This import cannot be started: it is %(status)s.") % {"status": job.get_status_display()}
        )
    if job.warnings and not confirm_detail:
        raise SpbeError(_("Confirm that the file adds indicator detail to published results."))
    job.status = ImportJob.Status.QUEUED
    job.rows_done = 0
    job.detail_confirmed = confirm_detail
    job.queued_at = timezone.now()
    job.message = ""
    job.save(update_fields=["status", "rows_done", "detail_confirmed", "queued_at", "message"])
    # robust: an unreachable broker must not turn a committed request into an error page;
    # the job then stays visibly "queued" until import_requeue_stale sends it again.
    transaction.on_commit(lambda: tasks.import_run_task.delay(job.pk), robust=True)
    return job


def import_requeue_stale(*, older_than):
    """Send again every job queued or running since before `older_than` ago; returns their ids.

    Redis keeps queued messages in memory only, and a worker can die mid-run: the job row in the
    database is what was promised, so it is what brings the work back. Running a job twice is safe
    (import_run waits for a running copy's lock, then leaves a finished job alone)."""
    cutoff = timezone.now() - older_than
    with transaction.atomic():
        stale = list(
            ImportJob.objects.select_for_update(skip_locked=True)
            .filter(status__in=[ImportJob.Status.QUEUED, ImportJob.Status.RUNNING], queued_at__lt=cutoff)
            .values_list("pk", flat=True)
        )
        ImportJob.objects.filter(pk__in=stale).update(queued_at=timezone.now())
        for pk in stale:
            transaction.on_commit(lambda pk=pk: tasks.import_run_task.delay(pk), robust=True)
    return stale


def import_run(*, job):
    """Run a checked import in one transaction: every row is written, or none is.

    Safe to run twice: a finished job is left alone, a second worker waits for the first one's
    lock, and writing the same values again changes nothing. What the file holds is checked
    against the database again, since it may have changed since the dry run (_checked).
    """
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status in FINISHED:
            return job
        job.status, job.rows_done = ImportJob.Status.RUNNING, 0
        job.save(update_fields=["status", "rows_done"])
    try:
        with transaction.atomic():
            job = ImportJob.objects.select_for_update().get(pk=job.pk)
            if job.status != ImportJob.Status.RUNNING:
                return job
            with (
                audit.acting_as(job.uploaded_by, via=f"SPBE import #{job.pk}"),
                audit.collecting(),
                cycle_collector_paused(),
            ):
                _run(job)
    except Exception as error:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED, message=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    finally:
        cache.delete(_progress_key(job.pk))
    return job


def import_progress(job):
    """The job's state for the progress endpoint and page."""
    rows_done = job.rows_done
    if job.status == ImportJob.Status.RUNNING:
        rows_done = cache.get(_progress_key(job.pk), rows_done)
    return {
        "id": job.pk,
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "rows_total": job.rows_total,
        "rows_done": rows_done,
        "percent": round(100 * rows_done / job.rows_total) if job.rows_total else 0,
        "finished": job.status in FINISHED or job.status == ImportJob.Status.FAILED,
        "created": job.created,
        "updated": job.updated,
        "unchanged": job.unchanged,
    }


def _checked(job):
    """The dry run's records, if the file was checked against what the database holds now;
    otherwise the stored file read and checked again (a kabupaten/kota may be gone since)."""
    catalogue = catalogue_load()
    kept = CheckedRecords.objects.filter(job=job, catalogue=catalogue.digest()).first()
    if kept is not None:
        records = importers.records_from_data(job.layout, kept.records)
        return importers.Checked(layout=job.layout, rows_total=job.rows_total, records=records)
    with job.file.open("rb") as stored:
        data = stored.read(importers.MAX_BYTES + 1)
    return importers.check(job.original_name, data, catalogue)


def _run(job):
    checked = _checked(job)
    job.rows_total, job.layout = checked.rows_total, checked.layout
    if checked.ok and not job.source_title:
        checked.problems.append(importers.Problem(None, "", "no_source"))
    batch = _Batch(checked.records, job) if checked.ok else None
    if batch is not None:
        # The database may have changed since the dry run: detail added to a published result
        # that nobody confirmed is refused.
        job.warnings = batch.detail_warnings()
        if job.warnings and not job.detail_confirmed:
            checked.problems.extend(
                importers.Problem(None, "", "detail_not_confirmed", warning) for warning in job.warnings
            )
    if not checked.ok:
        job.status = ImportJob.Status.INVALID
        job.problems = [problem.as_dict() for problem in checked.problems]
    else:
        progress = _Progress(job)
        if job.layout == "long":
            counts = _write_levels(batch, progress, by_user=job.uploaded_by)
        else:
            counts = _write_indexes(batch, progress)
        job.created, job.updated, job.unchanged = counts[CREATED], counts[UPDATED], counts[UNCHANGED]
        job.rows_done = job.rows_total
        job.status = ImportJob.Status.DONE if job.created or job.updated else ImportJob.Status.UNCHANGED
    job.finished_at = timezone.now()
    job.save()
    CheckedRecords.objects.filter(job=job).delete()  # a finished job is not run again


def result_message(job):
    """The job's result as a sentence in the reader's language, made from its status and counts
    (a worker may run in another language than the page that shows the result)."""
    counts = {"created": job.created, "updated": job.updated, "unchanged": job.unchanged}
    if job.status == ImportJob.Status.CHECKED:
        return _("Checked: no problems.")
    if job.status == ImportJob.Status.INVALID:
        return ngettext(
            "%(count)s problem found; nothing was imported.",
            "%(count)s problems found; nothing was imported.",
            len(job.problems),
        ) % {"count": len(job.problems)}
    if job.status == ImportJob.Status.DONE:
        return (
            _("Imported: %(created)s evaluation(s) created, %(updated)s updated, %(unchanged)s unchanged.")
            % counts
        )
    if job.status == ImportJob.Status.UNCHANGED:
        return ngettext(
            "Nothing changed: the evaluation in this file is already up to date.",
            "Nothing changed: all %(count)s evaluations in this file are already up to date.",
            job.unchanged,
        ) % {"count": job.unchanged}
    if job.status == ImportJob.Status.FAILED:
        return _("The import failed: %(error)s") % {"error": job.message}
    return ""


def _progress_key(pk):
    return f"spbe:import:{pk}:rows_done"


class _Progress:
    """Counts rows written. The counts go to the cache: inside the import's transaction a write to
    the job row would stay invisible to the progress page until the very end."""

    def __init__(self, job):
        self.job = job
        self.step = max(1, job.rows_total // 100)
        self.reported = 0

    def advance(self, rows):
        self.job.rows_done += rows
        if self.job.rows_done - self.reported >= self.step:
            cache.set(_progress_key(self.job.pk), self.job.rows_done, PROGRESS_TIMEOUT)
            self.reported = self.job.rows_done


class _Batch:
    """A file's records beside what the database already holds for them (a fixed number of queries).

    `job` gives the source the imported results cite."""

    def __init__(self, records, job):
        self.records = records
        self.citation = Citation(job.source_title, job.source_url, job.certainty)
        self.frameworks = {
            framework.code: framework
            for framework in Framework.objects.filter(
                code__in={r.framework_code for r in records}
            ).prefetch_related("indicators", "predicate_bands")
        }
        official = Evaluation.objects.select_related("regency").filter(
            source=Evaluation.Source.OFFICIAL,
            regency_id__in={r.regency_code for r in records},
            year__in={r.year for r in records},
            framework__code__in=self.frameworks,
        )
        by_pk = {framework.pk: framework for framework in self.frameworks.values()}
        self.existing = {}
        for evaluation in official:
            # Share the prefetched framework: evaluations_recompute then needs no query for it.
            evaluation.framework = by_pk[evaluation.framework_id]
            self.existing[(evaluation.regency_id, evaluation.year, evaluation.framework.code)] = evaluation
        self.regencies = None
        self.levels = defaultdict(dict)  # {evaluation id: {indicator number: (score id, level)}}
        if records and isinstance(records[0], importers.LevelsRecord):
            for evaluation_id, number, score_id, level in IndicatorScore.objects.filter(
                evaluation__in=list(self.existing.values())
            ).values_list("evaluation_id", "indicator__number", "id", "level"):
                self.levels[evaluation_id][number] = (score_id, level)

    def evaluation(self, record):
        return self.existing.get((record.regency_code, record.year, record.framework_code))

    def outcome(self, record):
        evaluation = self.evaluation(record)
        if evaluation is None:
            return CREATED
        if isinstance(record, importers.LevelsRecord):
            stored = {number: level for number, (_id, level) in self.levels[evaluation.pk].items()}
            same = stored == record.levels
        else:
            fields = self.published_fields(record)
            same = all(getattr(evaluation, name) == value for name, value in fields.items())
        return UNCHANGED if same else UPDATED

    def counts(self):
        return Counter(self.outcome(record) for record in self.records)

    def cited(self, record):
        """The import's source; a wide row's own link, when it has one, replaces the form's."""
        url = getattr(record, "source_url", "") or self.citation.url
        return {"source_title": self.citation.title, "source_url": url, "certainty": self.citation.certainty}

    def published_fields(self, record):
        """Wide layout: what one row says about a published result."""
        return {
            "published_index": record.index,
            "published_predicate": record.predicate,
            **self.cited(record),
        }

    def detail_warnings(self):
        """Indicator levels that a long file adds to (or changes on) an official result published
        with its own index: the index the levels give beside the published one, which stays."""
        warnings = []
        for record in self.records:
            evaluation = self.evaluation(record)
            if (
                not isinstance(record, importers.LevelsRecord)
                or evaluation is None
                or evaluation.published_index is None
                or self.outcome(record) == UNCHANGED
            ):
                continue
            framework = self.frameworks[record.framework_code]
            weights = {indicator.number: indicator.weight for indicator in framework.indicators.all()}
            computed = scoring.weighted_index((level, weights[n]) for n, level in record.levels.items())
            warnings.append(
                {
                    "regency": evaluation.regency.name,
                    "regency_code": record.regency_code,
                    "year": record.year,
                    "framework": framework.name,
                    "computed": str(computed),
                    "published": str(evaluation.published_index),
                }
            )
        return warnings

    def new_evaluation(self, record, **fields):
        if self.regencies is None:  # read once: the audit labels of the new levels name their pemda
            self.regencies = Regency.objects.in_bulk({r.regency_code for r in self.records})
        return Evaluation(
            regency=self.regencies[record.regency_code],
            year=record.year,
            framework=self.frameworks[record.framework_code],
            source=Evaluation.Source.OFFICIAL,
            status=Evaluation.Status.PUBLISHED,
            **self.cited(record),
            **fields,
        )

    def cite_also(self, evaluation):
        """Add the import's source to a result that already cites its own (its published index
        keeps its source; the indicator detail is cited beside it)."""
        titles = sources.split(evaluation.source_title)
        if self.citation.title in titles:
            return
        evaluation.source_title = sources.SEPARATOR.join([*titles, self.citation.title])
        if self.citation.url:
            evaluation.source_url = sources.SEPARATOR.join(
                [*sources.split(evaluation.source_url), self.citation.url]
            )
        evaluation.certainty = evaluation.certainty or self.citation.certainty


def _write_levels(batch, progress, *, by_user):
    """Long layout: levels for every indicator, then the computed index of each evaluation."""
    indicators = {
        (code, indicator.number): indicator
        for code, framework in batch.frameworks.items()
        for indicator in framework.indicators.all()
    }
    counts, new, changed = Counter(), [], []
    for record in batch.records:
        outcome = batch.outcome(record)
        counts[outcome] += 1
        if outcome == CREATED:
            new.append(record)
        elif outcome == UPDATED:
            changed.append((batch.evaluation(record), record))
        else:
            progress.advance(record.rows)
    # New results get their index from their levels before they are written: no recompute for them.
    weights = {key: indicator.weight for key, indicator in indicators.items()}
    created = Evaluation.objects.bulk_create(
        [
            evaluation_scored(
                evaluation=batch.new_evaluation(record),
                pairs=[(level, weights[(record.framework_code, n)]) for n, level in record.levels.items()],
            )
            for record in new
        ]
    )
    levels, new_levels, history = [], [], []
    for evaluation, record in [*zip(created, new, strict=True), *changed]:
        stored = batch.levels[evaluation.pk]
        for number, level in record.levels.items():
            if number not in stored:
                levels.append((evaluation, indicators[(record.framework_code, number)], level))
            elif stored[number][1] != level:
                score_id, old_level = stored[number]
                new_levels.append(IndicatorScore(pk=score_id, level=level))
                # Changes of an official level keep their history like a self-assessment's do.
                history.append(
                    LevelChange(score_id=score_id, changed_by=by_user, old_level=old_level, new_level=level)
                )
    level_writes.levels_create(levels)
    IndicatorScore.objects.bulk_update(new_levels, ["level"], batch_size=2000)
    LevelChange.objects.bulk_create(history, batch_size=5000)
    for evaluation, _record in changed:
        batch.cite_also(evaluation)
    Evaluation.objects.bulk_update(
        [evaluation for evaluation, _record in changed], ["source_title", "source_url", "certainty"]
    )
    evaluations_recompute(evaluations=[evaluation for evaluation, _record in changed])
    progress.advance(sum(record.rows for _evaluation, record in [*zip(created, new, strict=True), *changed]))
    return counts


WIDE_FIELDS = ("published_index", "published_predicate", "source_title", "source_url", "certainty")


def _write_indexes(batch, progress):
    """Wide layout: published index, predicate (blank: computed) and source of each result."""
    counts, created, changed = Counter(), [], []
    for record in batch.records:
        outcome = batch.outcome(record)
        counts[outcome] += 1
        fields = batch.published_fields(record)
        if outcome == CREATED:
            created.append(
                batch.new_evaluation(
                    record, published_index=record.index, published_predicate=record.predicate
                )
            )
        elif outcome == UPDATED:
            evaluation = batch.evaluation(record)
            for name, value in fields.items():
                setattr(evaluation, name, value)
            changed.append(evaluation)
        else:
            progress.advance(record.rows)
    # The published fields of changed results in one bulk update; updated_at is set by the recompute.
    Evaluation.objects.bulk_update(changed, list(WIDE_FIELDS), batch_size=1000)
    touched = [*Evaluation.objects.bulk_create(created), *changed]
    evaluations_recompute(evaluations=touched)
    progress.advance(len(touched))
    return counts
