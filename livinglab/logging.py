"""Logs an operator can search: one JSON object per line, each carrying the id of the request (or
Celery task) it belongs to, and one line per request with its method, path, status and duration."""

import contextvars
import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

from django.conf import settings

request_id_var = contextvars.ContextVar("request_id", default="-")
access_logger = logging.getLogger("livinglab.request")

# What a proxy may hand us as a request id: short, and nothing that could forge a log line.
SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,128}$")
REQUEST_FIELDS = ("method", "path", "status", "duration_ms")


class RequestIdFilter(logging.Filter):
    """Stamps every record with the current request or task id."""

    def filter(self, record):
        record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id_var.get()),
        }
        for field in REQUEST_FIELDS:
            if hasattr(record, field):
                entry[field] = getattr(record, field)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _incoming_request_id(request):
    # Only a trusted reverse proxy (nginx sets $request_id) may name the request; a client may not.
    behind_proxy = getattr(settings, "TRUSTED_PROXY_COUNT", 0) or settings.SECURE_PROXY_SSL_HEADER
    if not behind_proxy:
        return None
    candidate = request.headers.get("X-Request-ID", "")
    return candidate if SANE_REQUEST_ID.match(candidate) else None


class RequestLogMiddleware:
    """Gives each request an id (the proxy's, else a new one), returns it as `X-Request-ID` and logs
    one line per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = _incoming_request_id(request) or uuid.uuid4().hex
        # Not reset when the response leaves: Django logs a failed request after the last middleware.
        request_id_var.set(request.id)
        started = time.perf_counter()
        response = self.get_response(request)
        response["X-Request-ID"] = request.id
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        access_logger.log(
            logging.ERROR if response.status_code >= 500 else logging.INFO,
            "%s %s %s %.1fms",
            request.method,
            request.path,
            response.status_code,
            duration_ms,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration_ms,
            },
        )
        return response


def task_started(task_id=None, **kwargs):
    """Celery's task_prerun: what the task logs carries the task's id, as a request's lines do."""
    request_id_var.set(task_id or "-")


def task_finished(**kwargs):
    request_id_var.set("-")
