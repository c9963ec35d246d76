"""A real Celery worker process for the tests marked `worker` (needs REDIS_URL)."""

import contextlib
import os
import subprocess
import sys

from django.conf import settings


@contextlib.contextmanager
def celery_worker(**env):
    """Run `celery -A livinglab worker` (one process, one task at a time) with extra environment."""
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
        ],  # fmt: skip
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "livinglab.settings", **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
