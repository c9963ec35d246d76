from django.conf import settings
from rest_framework.throttling import AnonRateThrottle

from .client_ip import client_ip


class AnonymousThrottle(AnonRateThrottle):
    """Throttles anonymous clients; the rate is read per request so it follows settings."""

    def get_rate(self):
        return settings.API_ANON_THROTTLE_RATE

    def get_ident(self, request):
        # DRF's own reading trusts every X-Forwarded-For unless NUM_PROXIES is set: one rule for all.
        return client_ip(request)
