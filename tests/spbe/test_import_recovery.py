# ruff: noqa: F811 (the import tests' fixtures are imported and used by name)
"""Imports that failed or lost their message come back: retried from the admin, requeued from the database."""

import datetime

import pytest
from django.utils import timezone

from spbe import imports
from spbe.models import Evaluation, ImportJob

from .test_import import _media, admin, check, eager, long_lines, upload  # noqa: F401

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/spbe/importjob/"


@pytest.fixture
def failed_job(admin, monkeypatch):
    """A checked import whose run failed for good (the database went away mid-write)."""
    _response, job = check(admin, upload(long_lines()))

    def fail(*, evaluations):
        raise RuntimeError("database went away")

    with monkeypatch.context() as patch:
        patch.setattr(imports, "evaluations_recompute", fail)
        with pytest.raises(RuntimeError):
            imports.import_run(job=job)
    job.refresh_from_db()
    return job


def test_a_failed_import_shows_its_error_to_national_admins_in_the_admin(admin, failed_job):
    listing = admin.get(CHANGELIST)
    detail = admin.get(f"{CHANGELIST}{failed_job.pk}/change/")

    assert failed_job.status == ImportJob.Status.FAILED
    assert "database went away" in listing.content.decode()
    assert "database went away" in detail.content.decode()


def test_the_admin_retry_action_runs_a_failed_import_again(
    admin,
    failed_job,
    eager,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            CHANGELIST, {"action": "retry", "_selected_action": [failed_job.pk]}, follow=True
        )

    failed_job.refresh_from_db()
    assert response.status_code == 200
    assert failed_job.status == ImportJob.Status.DONE
    assert failed_job.created == 1
    assert Evaluation.objects.filter(source=Evaluation.Source.OFFICIAL).count() == 1


def test_the_retry_action_leaves_a_finished_import_alone(admin, eager, django_capture_on_commit_callbacks):
    _response, job = check(admin, upload(long_lines()))
    with django_capture_on_commit_callbacks(execute=True):
        imports.import_queue(job=job)
    job.refresh_from_db()
    finished_at = job.finished_at

    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(CHANGELIST, {"action": "retry", "_selected_action": [job.pk]}, follow=True)

    job.refresh_from_db()
    assert "hanya impor yang gagal yang dicoba lagi" in response.content.decode()
    assert (job.status, job.finished_at) == (ImportJob.Status.DONE, finished_at)
    assert Evaluation.objects.count() == 1


def test_pemda_staff_cannot_see_or_retry_imports_in_the_admin(failed_job, sumedang_manager, client_for):
    staff = client_for(sumedang_manager)

    response = staff.post(CHANGELIST, {"action": "retry", "_selected_action": [failed_job.pk]})

    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    failed_job.refresh_from_db()
    assert failed_job.status == ImportJob.Status.FAILED


def test_a_job_whose_message_was_lost_is_queued_again_from_the_database(
    admin,
    eager,
    django_capture_on_commit_callbacks,
):
    _response, lost = check(admin, upload(long_lines()))
    _response, recent = check(admin, upload(long_lines("16.10")))
    with django_capture_on_commit_callbacks(execute=False):  # accepted, but the message never arrives
        imports.import_queue(job=lost)
        imports.import_queue(job=recent)
    ImportJob.objects.filter(pk=lost.pk).update(queued_at=timezone.now() - datetime.timedelta(minutes=20))

    with django_capture_on_commit_callbacks(execute=True):
        requeued = imports.import_requeue_stale(older_than=datetime.timedelta(minutes=15))
    with django_capture_on_commit_callbacks(execute=True):
        again = imports.import_requeue_stale(older_than=datetime.timedelta(minutes=15))

    lost.refresh_from_db()
    recent.refresh_from_db()
    assert requeued == [lost.pk]
    assert again == []  # done now
    assert lost.status == ImportJob.Status.DONE
    assert recent.status == ImportJob.Status.QUEUED  # not stale yet: its message may still arrive
    assert list(Evaluation.objects.values_list("regency_id", flat=True)) == ["32.11"]
