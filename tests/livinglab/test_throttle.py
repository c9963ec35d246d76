"""The anonymous API throttle: a counter per client and window, kept in the shared cache."""

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache

from livinglab.api_throttling import AnonymousThrottle

pytestmark = pytest.mark.django_db
URL = "/api/v1/provinces/"


@pytest.fixture
def clock(monkeypatch):
    now = {"t": 6_000_000.0}  # the start of a minute
    monkeypatch.setattr(AnonymousThrottle, "timer", lambda self: now["t"])
    return now


def test_a_throttled_client_is_served_again_in_the_next_window(anon, settings, clock):
    settings.API_ANON_THROTTLE_RATE = "2/minute"
    assert [anon.get(URL).status_code for _ in range(3)] == [200, 200, 429]

    clock["t"] += 45
    refused = anon.get(URL)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) == 15  # the seconds left of the window

    clock["t"] += 15
    assert [anon.get(URL).status_code for _ in range(3)] == [200, 200, 429]


def test_each_client_has_its_own_count(anon, settings, clock):
    settings.API_ANON_THROTTLE_RATE = "1/minute"
    first = [anon.get(URL, REMOTE_ADDR="203.0.113.1").status_code for _ in range(2)]
    second = [anon.get(URL, REMOTE_ADDR="203.0.113.2").status_code for _ in range(2)]

    assert first == second == [200, 429]


on_redis = pytest.mark.skipif(
    "redis_cache" not in django_settings.CACHES["default"]["BACKEND"],
    reason="the embedded cache is in memory",
)


@on_redis
def test_the_count_expires_with_its_window(anon, settings, clock):
    """Nothing is left behind in Redis for every client ever seen."""
    settings.API_ANON_THROTTLE_RATE = "5/minute"
    anon.get(URL)
    redis = cache._cache.get_client()
    keys = list(redis.scan_iter(cache.make_key("throttle_anon_*")))

    assert len(keys) == 1
    assert 0 < redis.ttl(keys[0]) <= 61


@on_redis
def test_the_redis_cache_keeps_its_client():
    client = cache._cache.get_client(write=True)

    assert cache._cache.get_client(write=True) is client
    cache.set("kept-client", 1)
    assert cache.get("kept-client") == 1
