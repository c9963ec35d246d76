"""A real Celery worker process completes a task sent through Redis (run when REDIS_URL is set)."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

from livinglab.celery import ping

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL (the embedded default is eager)"),
]


@pytest.fixture
def worker():
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "livinglab",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--loglevel=INFO",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "livinglab.settings"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def test_a_real_worker_completes_a_task_through_redis(worker):
    assert not ping.app.conf.task_always_eager

    result = ping.delay()

    assert result.get(timeout=60) == "pong"
    assert result.successful()
