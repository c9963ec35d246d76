"""/metrics: Prometheus figures for the operator, closed to everyone else."""

import os
import time

import pytest
from prometheus_client.parser import text_string_to_metric_families

from livinglab import metrics
from spbe.models import ImportJob
from spbe.tasks import import_run_task

pytestmark = pytest.mark.django_db

TOKEN = "scraper-token-0123456789"


@pytest.fixture(autouse=True)
def _fresh_figures(settings):
    settings.METRICS_TOKEN = TOKEN
    metrics.store().clear()


def scrape(client, **headers):
    response = client.get("/metrics", **headers)
    assert response.status_code == 200, response.status_code
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def test_anonymous_visitors_and_pemda_staff_get_403(anon, sumedang_manager, client_for):
    assert anon.get("/metrics").status_code == 403
    assert client_for(sumedang_manager).get("/metrics").status_code == 403
    assert anon.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong-token").status_code == 403


def test_without_a_configured_token_no_bearer_opens_it(anon, settings):
    settings.METRICS_TOKEN = ""

    assert anon.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 403


def test_a_scraper_with_the_token_and_a_national_admin_read_it(anon, national_admin, client_for):
    assert anon.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 200
    response = client_for(national_admin).get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")


def test_requests_are_counted_and_timed_by_route_name_not_path(anon, sumedang):
    anon.get("/regencies/32.11/")
    anon.get("/regencies/32.11/")
    anon.get("/regencies/99.99/")  # another path, the same route
    anon.get("/no-such-page/")

    figures = scrape(anon, HTTP_AUTHORIZATION=f"Bearer {TOKEN}")

    detail = {"route": "regencies:detail", "method": "GET"}
    assert figures[("livinglab_http_requests_total", tuple(sorted({**detail, "status": "200"}.items())))] == 2
    assert figures[("livinglab_http_requests_total", tuple(sorted({**detail, "status": "404"}.items())))] == 1
    unmatched = {"route": "unmatched", "method": "GET", "status": "404"}
    assert figures[("livinglab_http_requests_total", tuple(sorted(unmatched.items())))] == 1
    assert figures[("livinglab_http_request_duration_seconds_count", tuple(sorted(detail.items())))] == 3
    inf = tuple(sorted({**detail, "le": "+Inf"}.items()))
    assert figures[("livinglab_http_request_duration_seconds_bucket", inf)] == 3
    assert figures[("livinglab_http_request_duration_seconds_sum", tuple(sorted(detail.items())))] > 0
    assert not any("32.11" in str(labels) for _name, labels in figures)


def test_task_outcomes_failures_and_the_queue_are_reported(anon, monkeypatch):
    from livinglab.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)
    monkeypatch.setitem(app.conf, "task_eager_propagates", False)

    import_run_task.delay(999999)  # no such job: it succeeds doing nothing
    job = ImportJob.objects.create(original_name="hasil.csv", status=ImportJob.Status.QUEUED)
    monkeypatch.setattr("spbe.imports.import_run", _raise)
    import_run_task.delay(job.pk)

    figures = scrape(anon, HTTP_AUTHORIZATION=f"Bearer {TOKEN}")

    task = "spbe.tasks.import_run_task"
    assert figures[("livinglab_celery_tasks_total", (("state", "succeeded"), ("task", task)))] == 1
    assert figures[("livinglab_celery_tasks_total", (("state", "failed"), ("task", task)))] == 1
    assert figures[("livinglab_failed_tasks", ())] == 1
    assert ("livinglab_celery_queue_length", ()) in figures


def _raise(*args, **kwargs):
    raise ValueError("the file store is gone")


needs_redis = pytest.mark.skipif(
    not isinstance(metrics.store(), metrics.RedisStore),
    reason="figures are sent to Redis only with REDIS_URL",
)


@needs_redis
def test_a_request_is_counted_in_redis_soon_without_another_request(anon, sumedang):
    store = metrics.store()
    anon.get("/regencies/32.11/")

    field = metrics._field("req", "regencies:detail", "GET", 200)
    deadline = time.monotonic() + 3 * metrics.FLUSH_SECONDS
    while store.client.hget(store.key, field) is None and time.monotonic() < deadline:
        time.sleep(0.05)

    assert float(store.client.hget(store.key, field)) == 1


@needs_redis
def test_an_unreachable_redis_loses_figures_not_the_request(anon, sumedang, monkeypatch, caplog):
    store = metrics.RedisStore("redis://127.0.0.1:1/0", "unreachable:metrics")
    store.flusher_pid = os.getpid()  # no flush thread: this test sends the counts itself
    monkeypatch.setattr(metrics, "store", lambda: store)

    assert anon.get("/regencies/32.11/").status_code == 200
    store.flush()  # what the next due request or the flush thread does

    assert "figures not recorded" in caplog.text
    assert store.pending == {}
