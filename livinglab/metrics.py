"""Figures for the operator at /metrics, in Prometheus text format.

The counts live in one Redis hash, so that every app instance, the worker and beat add to the same
figures and a scrape of any instance sees them all (without REDIS_URL: in this process's memory).
A Redis restart sets them back to zero, which Prometheus reads as a counter reset.
"""

import atexit
import hmac
import logging
import math
import os
import threading
import time
from functools import cache

import redis
from django.conf import settings
from django.http import HttpResponse, HttpResponseForbidden
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from regencies.permissions import is_national_admin

from .celery import app as celery_app
from .models import FailedTask

logger = logging.getLogger(__name__)

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, math.inf)
FLUSH_SECONDS = 1.0
SEPARATOR = "\x1f"  # between the parts of a field name; never in a route, method or task name


def _field(*parts):
    return SEPARATOR.join(str(part) for part in parts)


class RedisStore:
    """The shared hash. Counts are added up in the process and sent in one pipeline at most every
    FLUSH_SECONDS, by the request that finds them due or by a thread when the process goes quiet: a
    request does not wait on Redis. A scrape sends its own process's counts first; another process's
    arrive within FLUSH_SECONDS (a process killed outright loses at most that much)."""

    def __init__(self, url, key):
        # Short timeouts: a slow Redis must not hold up the page being measured.
        self.client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self.key = key
        self._reset()
        os.register_at_fork(after_in_child=self._reset)  # a child never sends its parent's counts
        atexit.register(self.flush)

    def _reset(self):
        self.pending, self.lock, self.sent_at, self.flusher_pid = {}, threading.Lock(), time.monotonic(), None

    def add(self, increments):
        with self.lock:
            for field, amount in increments.items():
                self.pending[field] = self.pending.get(field, 0.0) + amount
            due = time.monotonic() - self.sent_at >= FLUSH_SECONDS
            start_flusher = self.flusher_pid != os.getpid()  # one thread per process, also with threads
            self.flusher_pid = os.getpid()
        if start_flusher:
            threading.Thread(target=self._flush_now_and_then, name="metrics-flush", daemon=True).start()
        if due:
            self.flush()

    def _flush_now_and_then(self):
        while True:
            time.sleep(FLUSH_SECONDS)
            self.flush()

    def flush(self):
        with self.lock:
            pending, self.pending, self.sent_at = self.pending, {}, time.monotonic()
        if not pending:
            return
        try:
            pipe = self.client.pipeline(transaction=False)
            for field, amount in pending.items():
                pipe.hincrbyfloat(self.key, field, amount)
            pipe.execute()
        except redis.RedisError:
            # Measuring must never break what it measures; /health/ reports Redis as down.
            logger.warning("metrics: Redis unreachable, figures not recorded")

    def clear(self):
        """For tests: no figures, sent or not."""
        with self.lock:
            self.pending.clear()
        self.client.delete(self.key)

    def read(self):
        self.flush()
        return {field.decode(): float(value) for field, value in self.client.hgetall(self.key).items()}

    def queue_length(self, queue):
        return self.client.llen(queue)


class LocalStore:
    """Development without Redis: figures of this process only."""

    def __init__(self):
        self.values, self.lock = {}, threading.Lock()

    def add(self, increments):
        with self.lock:
            for field, amount in increments.items():
                self.values[field] = self.values.get(field, 0.0) + amount

    def read(self):
        with self.lock:
            return dict(self.values)

    def clear(self):
        with self.lock:
            self.values.clear()

    def queue_length(self, queue):
        return 0  # tasks run eagerly: nothing ever waits


@cache
def store():
    if settings.REDIS_URL:
        return RedisStore(settings.REDIS_URL, f"{settings.CACHES['default'].get('KEY_PREFIX', '')}:metrics")
    return LocalStore()


def _add(increments):
    store().add(increments)


def record_request(route, method, status, seconds):
    bucket = next(le for le in BUCKETS if seconds <= le)
    _add(
        {
            _field("req", route, method, status): 1,
            _field("lat_bucket", route, method, bucket): 1,
            _field("lat_sum", route, method): seconds,
        }
    )


def record_task(name, state):
    _add({_field("task", name, state): 1})


class MetricsMiddleware:
    """Counts each request and its duration under its route name (never the raw path: unbounded)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        route = match.view_name if match else "unmatched"
        record_request(route, request.method, response.status_code, time.perf_counter() - started)
        return response


# Celery signal receivers (connected in LivingLabConfig.ready) ----------------------------------------


def task_succeeded(sender=None, **kwargs):
    record_task(sender.name, "succeeded")


def task_failed(sender=None, **kwargs):
    record_task(sender.name, "failed")


def task_retried(sender=None, request=None, **kwargs):
    record_task(request.task if request else sender.name, "retried")


# The scrape ----------------------------------------------------------------------------------------


class _Collector:
    def __init__(self, values, queue_length, failed_tasks):
        self.values, self.queue_length, self.failed_tasks = values, queue_length, failed_tasks

    def collect(self):
        requests = CounterMetricFamily(
            "livinglab_http_requests",
            "HTTP requests answered, by route name, method and status.",
            labels=["route", "method", "status"],
        )
        tasks = CounterMetricFamily(
            "livinglab_celery_tasks",
            "Celery tasks finished, by task and outcome (succeeded, failed, retried).",
            labels=["task", "state"],
        )
        buckets, sums = {}, {}
        for field, value in sorted(self.values.items()):
            kind, *labels = field.split(SEPARATOR)
            if kind == "req":
                requests.add_metric(labels, value)
            elif kind == "task":
                tasks.add_metric(labels, value)
            elif kind == "lat_bucket":
                route, method, le = labels
                buckets.setdefault((route, method), {})[float(le)] = value
            elif kind == "lat_sum":
                sums[tuple(labels)] = value
        latency = HistogramMetricFamily(
            "livinglab_http_request_duration_seconds",
            "Time to answer a request, by route name and method.",
            labels=["route", "method"],
        )
        for labels, counts in sorted(buckets.items()):
            cumulative, rows = 0.0, []
            for le in BUCKETS:
                cumulative += counts.get(le, 0.0)
                rows.append(("+Inf" if le == math.inf else repr(le), cumulative))
            latency.add_metric(list(labels), rows, sum_value=sums.get(labels, 0.0))
        yield requests
        yield latency
        yield tasks
        yield GaugeMetricFamily(
            "livinglab_celery_queue_length", "Tasks waiting in the Celery queue.", value=self.queue_length
        )
        yield GaugeMetricFamily(
            "livinglab_failed_tasks",
            "Tasks that failed for good and were not retried yet.",
            value=self.failed_tasks,
        )


def _may_read(request):
    if is_national_admin(request.user):
        return True
    token = settings.METRICS_TOKEN
    offered = request.headers.get("Authorization", "")
    return bool(token) and hmac.compare_digest(offered.encode(), f"Bearer {token}".encode())


@never_cache
@require_GET
def metrics_view(request):
    if not _may_read(request):
        return HttpResponseForbidden("Forbidden\n", content_type="text/plain")
    try:
        values = store().read()
        queue_length = store().queue_length(celery_app.conf.task_default_queue)
    except redis.RedisError:
        logger.exception("metrics: Redis unreachable")
        return HttpResponse("Metrics store unreachable\n", status=503, content_type="text/plain")
    registry = CollectorRegistry()
    registry.register(_Collector(values, queue_length, FailedTask.objects.open().count()))
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
