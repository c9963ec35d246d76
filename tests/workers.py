"""Real Celery worker and Redis processes for the drills, each in its own process group so that a
SIGKILL takes the whole worker (its pool processes too), as a lost host would."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time

from django.conf import settings
from django.db import connection


def database_url():
    """The test database, for a process of its own."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Process:
    def __init__(self, command, env, log_path):
        self.log_path = log_path
        self.log = open(log_path, "ab")  # noqa: SIM115 (closed in stop())
        self.popen = subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self):
        """SIGKILL to the whole process group: no warm shutdown, no acknowledgement, nothing."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout=30)

    def stop(self):
        if self.popen.poll() is None:
            try:
                os.killpg(self.popen.pid, signal.SIGTERM)
                self.popen.wait(timeout=20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                self.kill()
        self.log.close()

    def output(self):
        with open(self.log_path, errors="replace") as file:
            return file.read()


def start_worker(log_path, **env):
    return Process(
        [sys.executable, "-m", "celery", "-A", "livinglab", "worker", "--concurrency=1", "--loglevel=INFO",
         "--without-heartbeat", "--without-gossip", "--without-mingle", "-n", f"drill-{os.getpid()}@%h"],
        {**os.environ, "DJANGO_SETTINGS_MODULE": "livinglab.settings", "DATABASE_URL": database_url(), **env},
        log_path,
    )  # fmt: skip


def start_redis(port, log_path):
    """A Redis of the drill's own that keeps nothing on disk, like the one in production here."""
    process = Process(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        dict(os.environ),
        log_path,
    )
    wait_for(lambda: _answers(port), 20, f"redis on {port} did not start")
    return process


def _answers(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def empty_queue():
    """Leftovers of an earlier, interrupted run must not reach a drill's worker: the queued messages
    and those a killed worker left unacknowledged."""
    from livinglab.celery import app

    app.control.purge()
    with app.connection_for_write() as conn:
        client = conn.default_channel.client
        client.delete("unacked", "unacked_index", "unacked_mutex")


def wait_for(condition, seconds, message, every=0.2):
    """Return once `condition()` holds, asking every `every` seconds; fail with `message` after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(every)
    raise AssertionError(message)
