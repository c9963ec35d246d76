from django.conf import settings
from rest_framework.throttling import AnonRateThrottle

from . import api_answers
from .client_ip import client_ip


class AnonymousThrottle(AnonRateThrottle):
    """Throttles anonymous clients; the rate is read per request so it follows settings.

    A counter per client and fixed window of the rate's period (e.g. a minute), one cache increment per
    request, shared by every app instance through the cache. DRF's own throttle keeps the time of
    every request in the period, read and written whole at each request. A client may get up to twice
    the rate across the boundary of two windows; never more."""

    def get_rate(self):
        return settings.API_ANON_THROTTLE_RATE

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_end = (window + 1) * self.duration
        return self._count(f"{key}:{window}", request) <= self.num_requests

    def _count(self, key, request):
        timeout = self.duration + 1  # the counter outlives its window, never by much
        if hasattr(self.cache, "count"):  # livinglab.redis_cache: one round trip, with the answer's lookup
            lookup = api_answers.lookup(request)
            if lookup is None:
                return self.cache.count(key, timeout)
            count, found = self.cache.count(key, timeout, then_get=lookup.keys)
            lookup.found = found
            return count
        try:
            return self.cache.incr(key)
        except ValueError:  # the window's first request
            return 1 if self.cache.add(key, 1, timeout) else self.cache.incr(key)

    def wait(self):
        return max(self.window_end - self.now, 1)

    def get_ident(self, request):
        # DRF's own reading trusts every X-Forwarded-For unless NUM_PROXIES is set: one rule for all.
        return client_ip(request)
