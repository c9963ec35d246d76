"""The address a request really comes from, for the API throttle and the log-in brake alike."""

from django.conf import settings


def client_ip(request):
    """REMOTE_ADDR, unless settings.TRUSTED_PROXY_COUNT reverse proxies stand in front of the portal.

    Each trusted proxy appends the address it received the request from to X-Forwarded-For, so the
    client is that many entries from the right; anything further left was written by the client and
    proves nothing. With no trusted proxy the header is ignored: anyone can send one.
    """
    remote_addr = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded.strip():
        return remote_addr
    hops = [hop.strip() for hop in forwarded.split(",")]
    return hops[-min(proxies, len(hops))] or remote_addr
