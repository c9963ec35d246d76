from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousThrottle(AnonRateThrottle):
    """Throttles anonymous clients; the rate is read per request so it follows settings."""

    def get_rate(self):
        return settings.API_ANON_THROTTLE_RATE
