"""The signature of a webhook body: what the portal sends and what a receiver checks."""

import hashlib
import hmac

HEADER = "X-LivingLab-Signature"
PREFIX = "sha256="


def sign(secret, body):
    """`sha256=<hex HMAC-SHA256 of the raw body bytes keyed with the endpoint's secret>`."""
    return PREFIX + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret, body, signature):
    """A receiver's check, in constant time."""
    return hmac.compare_digest(sign(secret, body), signature or "")
