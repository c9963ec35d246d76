"""Drills with real processes: the worker is killed with SIGKILL in the middle of imports, and Redis is
restarted with jobs in it; every accepted import still takes effect exactly once.

The same drill for a batch of notification e-mails is tests/knowledge/test_notification_drill.py."""

import hashlib
import os
import random
import subprocess
import sys
import time
from collections import Counter

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count
from django.utils import timezone

from livinglab.celery import app
from livinglab.models import AuditEvent
from regencies.models import Regency
from spbe import imports
from spbe.models import Evaluation, ImportJob, IndicatorScore, LevelChange
from spbe.published_data import Citation
from spbe.tasks import import_run_task

from ..regencies.factories import NationalAdminFactory
from ..workers import database_url, empty_queue, free_port, start_redis, start_worker, wait_for

pytestmark = [
    pytest.mark.worker,
    pytest.mark.drill,
    pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL (the embedded default is eager)"),
    pytest.mark.django_db(transaction=True),  # the worker reads what the test commits
]

FW = "permenpanrb-59-2020"
YEAR = 2024
ROUNDS = 20
PEMDA = 30  # 30 x 47 = 1,410 rows: an import of a few tenths of a second
KILL_WITHIN = 0.3  # seconds after the worker took the job
BATCH = 100  # pemda per import in the Redis restart drill
VISIBILITY = 3  # seconds before the message of a killed worker is handed out again
FINISHED = {ImportJob.Status.DONE, ImportJob.Status.UNCHANGED}


@pytest.fixture
def setting_up(regions, frameworks, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    codes = list(Regency.objects.order_by("code").values_list("code", flat=True))
    return {"admin": NationalAdminFactory(username="admin-drill"), "codes": codes}


def levels_file(round_number, codes):
    """Round n's results: every level differs from round n-1's, so each round updates every row."""
    lines = ["regency_code,year,framework,indicator_no,level"]
    for position, code in enumerate(codes):
        for number in range(1, 48):
            lines.append(f"{code},{YEAR},{FW},{number},{(round_number + position + number) % 5 + 1}")
    return SimpleUploadedFile(f"hasil-{round_number}.csv", ("\n".join(lines) + "\n").encode())


DRILL_SOURCE = Citation("KemenPANRB, drill", "", "official")


def checked_job(round_number, codes, admin):
    job = imports.import_check(upload=levels_file(round_number, codes), by_user=admin, citation=DRILL_SOURCE)
    assert job.status == ImportJob.Status.CHECKED, job.problems
    return job


def half_written():
    """Official evaluations of the drill's year without all 47 levels (an import cut in two)."""
    official = Evaluation.objects.filter(year=YEAR, source=Evaluation.Source.OFFICIAL)
    return official.annotate(n=Count("scores")).exclude(n=47).count()


def snapshot(jobs):
    official = Evaluation.objects.filter(year=YEAR, source=Evaluation.Source.OFFICIAL)
    state = {
        "evaluations": sorted(
            official.values_list("regency_id", "index", "predicate", "computed_index", "framework__code")
        ),
        "levels": sorted(
            IndicatorScore.objects.filter(evaluation__in=official).values_list(
                "evaluation__regency_id", "indicator__number", "level"
            )
        ),
        "history": Counter(
            LevelChange.objects.values_list(
                "score__evaluation__regency_id", "score__indicator__number", "old_level", "new_level"
            )
        ),
        "jobs": [
            ImportJob.objects.values_list("status", "created", "updated", "unchanged", "rows_done").get(pk=pk)
            for pk in jobs
        ],
    }
    digest = hashlib.md5(
        repr(
            sorted((k, sorted(v.items()) if isinstance(v, Counter) else v) for k, v in state.items())
        ).encode()
    )  # noqa: S324
    return state, digest.hexdigest()


def audit_events(jobs):
    """What the audit trail recorded for each job: (type of record, action) counted."""
    return [
        Counter(AuditEvent.objects.filter(via=f"SPBE import #{pk}").values_list("object_type", "action"))
        for pk in jobs
    ]


def test_kill_9_in_the_middle_of_imports_20_times_loses_and_duplicates_nothing(setting_up, tmp_path):
    codes, admin = setting_up["codes"][:PEMDA], setting_up["admin"]
    rng = random.Random(11)
    empty_queue()
    log = tmp_path / "worker.log"
    worker = start_worker(log, CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY), MEDIA_ROOT=str(settings.MEDIA_ROOT))
    jobs, hit, started = [], Counter(), time.monotonic()
    try:
        for round_number in range(ROUNDS):
            job = checked_job(round_number, codes, admin)
            imports.import_queue(job=job)  # autocommit: the message leaves now
            jobs.append(job.pk)
            # Killed at a random point of the run: once the worker has taken the job, within the
            # time an import of this size takes (it may finish first: then it counts as "done").
            wait_for(
                lambda pk=job.pk: _status(pk) != ImportJob.Status.QUEUED,
                90,
                f"round {round_number}: no worker took the job",
                every=0.01,
            )
            time.sleep(rng.uniform(0, KILL_WITHIN))
            worker.kill()
            hit[_status(job.pk)] += 1
            assert half_written() == 0, f"round {round_number}: an evaluation was half written"
            time.sleep(VISIBILITY)  # the killed worker's message becomes visible again
            worker = start_worker(
                log, CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY), MEDIA_ROOT=str(settings.MEDIA_ROOT)
            )
            wait_for(
                lambda pk=job.pk: _status(pk) in FINISHED, 120, f"round {round_number}: job never finished"
            )
    finally:
        worker.stop()
    killed, killed_digest = snapshot(jobs)
    killed_events = audit_events(jobs)

    # The clean run: the same files imported one after the other in this process, nothing killed.
    Evaluation.objects.filter(year=YEAR, source=Evaluation.Source.OFFICIAL).delete()
    clean_jobs = []
    for round_number in range(ROUNDS):
        job = checked_job(round_number, codes, admin)
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED)
        imports.import_run(job=job)
        clean_jobs.append(job.pk)
    clean, clean_digest = snapshot(clean_jobs)

    assert killed["jobs"] == clean["jobs"]
    assert [status for status, *_ in killed["jobs"]] == [ImportJob.Status.DONE] * ROUNDS
    assert killed["evaluations"] == clean["evaluations"]
    assert killed["levels"] == clean["levels"]
    assert killed["history"] == clean["history"]
    # Every round after the first changes every level once: one history row each, none twice.
    assert sum(killed["history"].values()) == (ROUNDS - 1) * PEMDA * 47
    assert killed_digest == clean_digest
    # The audit trail too: each job's events written once, with the job's own writes.
    assert killed_events == audit_events(clean_jobs)
    assert killed_events[0][("spbe.indicatorscore", "created")] == PEMDA * 47
    assert killed_events[1][("spbe.indicatorscore", "changed")] == PEMDA * 47
    assert hit[ImportJob.Status.RUNNING] >= 5, f"too few kills landed mid-import: {dict(hit)}"
    print(
        f"\nkill -9 drill: {ROUNDS} imports of {PEMDA * 47} rows, worker killed once in each "
        f"(job state at the kill: {dict(hit)}); all {ROUNDS} done exactly once: "
        f"{len(killed['evaluations'])} evaluations, {len(killed['levels'])} levels, "
        f"{sum(killed['history'].values())} level changes, none twice, "
        f"{sum(sum(c.values()) for c in killed_events)} audit events as in the clean run; state md5 {killed_digest} "
        f"= clean run {clean_digest}; {time.monotonic() - started:.0f} s"
    )


def _status(pk):
    return ImportJob.objects.values_list("status", flat=True).get(pk=pk)


def test_a_redis_restart_mid_run_loses_no_accepted_import(setting_up, tmp_path):
    codes, admin = setting_up["codes"], setting_up["admin"]
    port = free_port()
    broker = f"redis://127.0.0.1:{port}/0"
    redis = start_redis(port, tmp_path / "redis.log")
    worker = start_worker(tmp_path / "worker.log", REDIS_URL=broker, MEDIA_ROOT=str(settings.MEDIA_ROOT))
    # Four imports of 100 new pemda each (4,700 levels): the first is still running, or has just
    # finished, when Redis goes.
    batches = [codes[i * BATCH : (i + 1) * BATCH] for i in range(4)]
    try:
        jobs = [checked_job(0, batch, admin) for batch in batches]
        for job in jobs:
            ImportJob.objects.filter(pk=job.pk).update(
                status=ImportJob.Status.QUEUED, queued_at=timezone.now()
            )
        with app.connection_for_write(broker) as conn:  # accepted: in the database and in Redis
            for job in jobs:
                import_run_task.apply_async((job.pk,), connection=conn)
        wait_for(
            lambda: _status(jobs[0].pk) != ImportJob.Status.QUEUED, 90, "the worker never started", every=0.01
        )

        redis.kill()  # Redis keeps nothing on disk: every queued message is gone
        redis = start_redis(port, tmp_path / "redis.log")
        time.sleep(3)
        waiting = [job.pk for job in jobs if _status(job.pk) not in FINISHED]
        requeue = subprocess.run(
            [sys.executable, "manage.py", "requeue_stale_jobs", "--minutes", "0"],
            cwd=settings.BASE_DIR,
            env={**os.environ, "REDIS_URL": broker, "DATABASE_URL": database_url(), "DEBUG": "1"},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert requeue.returncode == 0, requeue.stderr
        for job in jobs:
            wait_for(lambda pk=job.pk: _status(pk) in FINISHED, 120, f"import {job.pk} was lost")
    finally:
        worker.stop()
        redis.stop()

    official = Evaluation.objects.filter(year=YEAR, source=Evaluation.Source.OFFICIAL)
    assert len(waiting) >= 3, "Redis was restarted after the imports were done: nothing was tested"
    assert [_status(job.pk) for job in jobs] == [ImportJob.Status.DONE] * 4
    assert [ImportJob.objects.get(pk=job.pk).created for job in jobs] == [BATCH] * 4
    assert official.count() == 4 * BATCH
    assert IndicatorScore.objects.filter(evaluation__in=official).count() == 4 * BATCH * 47
    assert half_written() == 0
    print(
        f"\nRedis restart drill: 4 imports accepted, Redis restarted while the first ran, "
        f"{len(waiting)} not finished then; after requeue_stale_jobs all 4 done once "
        f"({official.count()} evaluations, {4 * BATCH * 47} levels). {requeue.stdout.strip()}"
    )
