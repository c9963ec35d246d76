"""Logs: one JSON object per line with the request's id, returned to the client as X-Request-ID."""

import json
import logging

import pytest

from livinglab.logging import JsonFormatter, RequestIdFilter

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_lines():
    """What the portal's log handler writes while the test runs, one parsed JSON object per line."""
    lines = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(json.loads(self.format(record)))

    handler = Collect()
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield lines
    root.removeHandler(handler)


def test_each_request_gets_an_id_and_one_json_log_line(anon, json_lines):
    response = anon.get("/health/")

    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    [line] = [entry for entry in json_lines if entry["logger"] == "livinglab.request"]
    assert line["request_id"] == request_id
    assert (line["method"], line["path"], line["status"]) == ("GET", "/health/", 200)
    assert line["duration_ms"] >= 0
    assert line["level"] == "INFO"
    assert set(line) >= {"time", "level", "logger", "message", "request_id"}


def test_log_lines_written_during_the_request_carry_its_id(anon, json_lines, monkeypatch):
    monkeypatch.setattr("livinglab.views._check_broker", _broken_broker)

    response = anon.get("/health/")

    ids = {entry["request_id"] for entry in json_lines}
    assert ids == {response["X-Request-ID"]}
    [failure] = [entry for entry in json_lines if entry["logger"] == "livinglab.views"]
    assert "broker is down" in failure["message"]
    assert "RuntimeError: no broker" in failure["exception"]


def _broken_broker():
    raise RuntimeError("no broker")


def test_a_client_cannot_choose_its_request_id_without_a_trusted_proxy(anon, settings):
    settings.SECURE_PROXY_SSL_HEADER = None

    response = anon.get("/health/", HTTP_X_REQUEST_ID="chosen-by-the-client-123")

    assert response["X-Request-ID"] != "chosen-by-the-client-123"


@pytest.mark.parametrize(
    ("incoming", "kept"),
    [
        ("0af7651916cd43dd8448eb211c80319c", True),  # nginx's $request_id
        ("short", False),
        ('x" forged="1', False),
        ("a" * 500, False),
    ],
)
def test_behind_the_proxy_a_sane_request_id_is_kept(anon, settings, incoming, kept):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    response = anon.get("/health/", HTTP_X_REQUEST_ID=incoming, HTTP_X_FORWARDED_PROTO="https")

    assert (response["X-Request-ID"] == incoming) is kept
