"""A real Celery worker process completes a task sent through Redis (run when REDIS_URL is set)."""

import pytest
from django.conf import settings

from livinglab.celery import ping

from ..celery_worker import celery_worker

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL (the embedded default is eager)"),
]


@pytest.fixture
def worker():
    with celery_worker() as process:
        yield process


def test_a_real_worker_completes_a_task_through_redis(worker):
    assert not ping.app.conf.task_always_eager

    result = ping.delay()

    assert result.get(timeout=60) == "pong"
    assert result.successful()
