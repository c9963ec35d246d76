"""A task that fails for good is kept with its error for national admins, who can retry it once."""

import pytest

from livinglab.celery import app
from livinglab.models import FailedTask
from spbe import imports
from spbe.models import ImportJob
from spbe.tasks import import_run_task

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/livinglab/failedtask/"


@pytest.fixture
def job(db):
    return ImportJob.objects.create(original_name="hasil.csv", status=ImportJob.Status.QUEUED)


@pytest.fixture
def failing_import_task(monkeypatch):
    """The import task, run in-process, failing until the returned switch is turned off."""
    monkeypatch.setitem(app.conf, "task_always_eager", True)
    monkeypatch.setitem(app.conf, "task_eager_propagates", False)
    state = {"fail": True, "runs": []}

    def run_or_fail(*, job):
        state["runs"].append(job.pk)
        if state["fail"]:
            raise ValueError("the stored file could not be read")

    monkeypatch.setattr(imports, "import_run", run_or_fail)
    return state


def test_a_task_that_fails_for_good_is_recorded_with_its_error(job, failing_import_task):
    result = import_run_task.delay(job.pk)

    failed = FailedTask.objects.get()
    assert result.failed()
    assert failed.task_id == result.id
    assert failed.task_name == "spbe.tasks.import_run_task"
    assert failed.args == [job.pk]
    assert failed.error == "ValueError: the stored file could not be read"
    assert "Traceback" in failed.traceback
    assert failed.retried_at is None


def test_national_admins_see_failed_tasks_with_their_error(
    job, failing_import_task, national_admin, client_for
):
    import_run_task.delay(job.pk)

    response = client_for(national_admin).get(CHANGELIST)

    assert response.status_code == 200
    assert "ValueError: the stored file could not be read" in response.content.decode()


@pytest.mark.parametrize("actor", ["anon", "sumedang_manager"])
def test_others_cannot_see_or_retry_failed_tasks(job, failing_import_task, actor, request, client_for):
    import_run_task.delay(job.pk)
    failed = FailedTask.objects.get()
    client = (
        request.getfixturevalue("anon") if actor == "anon" else client_for(request.getfixturevalue(actor))
    )

    listing = client.get(CHANGELIST)
    retry = client.post(CHANGELIST, {"action": "retry", "_selected_action": [failed.pk]})

    assert listing.status_code == 302 and "/admin/login/" in listing["Location"]
    assert retry.status_code == 302
    failed.refresh_from_db()
    assert failed.retried_at is None
    assert len(failing_import_task["runs"]) == 1


def test_a_national_admin_retries_a_failed_task_once(
    job, failing_import_task, national_admin, client_for, django_capture_on_commit_callbacks
):
    import_run_task.delay(job.pk)
    failed = FailedTask.objects.get()
    failing_import_task["fail"] = False  # the cause is fixed
    admin = client_for(national_admin)

    with django_capture_on_commit_callbacks(execute=True):
        first = admin.post(CHANGELIST, {"action": "retry", "_selected_action": [failed.pk]}, follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        second = admin.post(CHANGELIST, {"action": "retry", "_selected_action": [failed.pk]}, follow=True)

    failed.refresh_from_db()
    assert first.status_code == second.status_code == 200
    assert failed.retried_by == national_admin
    assert failed.retry_task_id == f"retry-{failed.pk}-{failed.task_id}"
    assert len(failing_import_task["runs"]) == 2  # the failed run and one retry, not two
    assert FailedTask.objects.count() == 1  # the retry succeeded
