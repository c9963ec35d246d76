import pytest

from livinglab.celery import app as celery_app

pytestmark = pytest.mark.django_db


def test_health_is_ok_when_every_part_is_reachable(anon):
    response = anon.get("/health/")

    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert body["down"] == []
    assert body["checks"]["database"] == {"status": "ok"}
    assert body["checks"]["cache"] == {"status": "ok"}
    expected_broker = "eager" if celery_app.conf.task_always_eager else "ok"
    assert body["checks"]["broker"] == {"status": expected_broker}


def test_the_embedded_default_reports_the_broker_as_eager(anon, monkeypatch):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)

    body = anon.get("/health/").json()

    assert body["checks"]["broker"] == {"status": "eager"}
    assert body["status"] == "ok"


def test_a_dead_broker_gives_503_naming_it(anon, monkeypatch):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    monkeypatch.setitem(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")

    response = anon.get("/health/")

    body = response.json()
    assert response.status_code == 503
    assert body["status"] == "down"
    assert body["down"] == ["broker"]
    assert body["checks"]["broker"] == {"status": "down"}  # the reason is logged, not published
    assert "127.0.0.1" not in response.content.decode()
    assert body["checks"]["database"] == {"status": "ok"}


def test_a_dead_cache_gives_503_naming_it(anon, monkeypatch):
    from django.core.cache import cache

    def broken(*args, **kwargs):
        raise ConnectionError("cache unreachable")

    monkeypatch.setattr(cache, "set", broken)

    response = anon.get("/health/")

    assert response.status_code == 503
    assert response.json()["down"] == ["cache"]
