"""The API throttle (and the log-in brake) count the client's real address: X-Forwarded-For is believed
only as far as the configured number of reverse proxies, so rotating it buys a client nothing."""

import pytest

pytestmark = pytest.mark.django_db


def _codes(client, forwarded_for, remote_addr="203.0.113.9"):
    return [
        client.get("/api/v1/provinces/", HTTP_X_FORWARDED_FOR=xff, REMOTE_ADDR=remote_addr).status_code
        for xff in forwarded_for
    ]


def test_without_a_trusted_proxy_a_rotated_forwarded_for_is_still_throttled(anon, settings):
    settings.API_ANON_THROTTLE_RATE = "3/minute"
    settings.TRUSTED_PROXY_COUNT = 0

    codes = _codes(anon, [f"198.51.100.{n}" for n in range(5)])

    assert codes == [200, 200, 200, 429, 429]


def test_behind_one_proxy_the_address_it_saw_is_the_client(anon, settings):
    settings.API_ANON_THROTTLE_RATE = "3/minute"
    settings.TRUSTED_PROXY_COUNT = 1

    # Five real clients behind the proxy (it appends each one's address): none is throttled.
    assert _codes(anon, [f"198.51.100.{n}" for n in range(5)], remote_addr="10.0.0.1") == [200] * 5
    # One client writing its own entries in front of what the proxy appends is one client.
    spoofed = [f"192.0.2.{n}, 198.51.100.77" for n in range(5)]
    assert _codes(anon, spoofed, remote_addr="10.0.0.1") == [200, 200, 200, 429, 429]


def test_the_setting_also_tells_drf(settings):
    from rest_framework.settings import api_settings

    assert api_settings.NUM_PROXIES == settings.TRUSTED_PROXY_COUNT
