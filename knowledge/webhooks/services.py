"""Webhook deliveries: recorded with the step (one per active endpoint), sent after commit, retried
with exponential back-off, at most MAX_ATTEMPTS times. A delivered delivery is never sent again."""

import datetime
import http.client
import json
import socket
from functools import partial

from django.db import transaction
from django.utils import timezone

from ..replications.models import STEP_DETAIL_FIELDS, Replication
from . import addresses, signing
from .models import MAX_ATTEMPTS, WebhookDelivery, WebhookEndpoint

EVENT = "replication.step"
TIMEOUT_SECONDS = 5
FIRST_RETRY = datetime.timedelta(minutes=1)  # then 2, 4, 8 minutes
# An attempt still "sending" after this long lost its worker (acks_late hands its message out again).
SENDING_LEASE = datetime.timedelta(minutes=2)
ERROR_MAX_LENGTH = 1000
# What a step records beyond its note, as receivers get it: all but the contact (a person's details
# stay in the portal).
STEP_FIELDS = tuple(name for name in STEP_DETAIL_FIELDS if name != "contact")


def backoff(attempts):
    """The wait before the next attempt after `attempts` failed ones: 1, 2, 4, 8 minutes."""
    return FIRST_RETRY * 2 ** (attempts - 1)


def step_payload(step):
    replication = Replication.objects.select_related("practice", "owner", "adopter").get(
        pk=step.replication_id
    )
    details = {name: getattr(step, name) for name in STEP_FIELDS}
    return json.loads(
        json.dumps(
            {
                "event": EVENT,
                "replication": {
                    "id": replication.pk,
                    "practice": {"id": replication.practice_id, "slug": replication.practice.slug},
                    "owner": replication.owner.code,
                    "adopter": replication.adopter.code,
                    "stage": step.to_stage,
                },
                "step": {
                    "id": step.pk,
                    "from": step.from_stage,
                    "to": step.to_stage,
                    "side": step.side,
                    "by_role": step.by_role,
                    "note": step.note,
                    "created_at": step.created_at,
                    **details,
                },
            },
            default=str,
        )
    )


def step_deliveries_create(step):
    """Record one delivery per active endpoint with the step (same transaction) and send them once it
    commits. Called by the replication services for every step."""
    endpoints = list(WebhookEndpoint.objects.filter(active=True).values_list("pk", flat=True))
    if not endpoints:
        return []
    payload = step_payload(step)
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(endpoint_id=pk, step=step, event=EVENT, payload=payload) for pk in endpoints
    )
    for delivery in deliveries:
        # robust: a broker outage does not undo the step for the person; the delivery stays pending and
        # the admin's retry action sends it.
        transaction.on_commit(lambda pk=delivery.pk: delivery_enqueue(pk, 1), robust=True)
    return deliveries


def delivery_enqueue(delivery_id, attempt, countdown=None):
    from .tasks import deliver

    deliver.apply_async((delivery_id, attempt), countdown=countdown)


def body_of(delivery):
    return json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address addresses.check_url approved, not to a fresh resolution of the name."""

    def __init__(self, target, timeout):
        super().__init__(target.host, target.port, timeout=timeout)
        self._ip = target.ip

    def connect(self):
        self.sock = socket.create_connection((self._ip, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, target, timeout):
        super().__init__(target.host, target.port, timeout=timeout)
        self._ip = target.ip

    def connect(self):
        sock = socket.create_connection((self._ip, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url, body, headers):
    """POST `body`; the response's status code. No proxy, no redirect followed (a 3xx is a failure)."""
    target = addresses.check_url(url)
    connection_class = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(target, TIMEOUT_SECONDS)
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(64 * 1024)
        return response.status
    finally:
        connection.close()


def _claim(delivery_id, attempt):
    """Lock the delivery for attempt number `attempt`; None if it was delivered, gave up, or this
    attempt already ran (a doubled or redelivered task message)."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(of=("self",))
            .select_related("endpoint")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status != WebhookDelivery.Status.PENDING:
            return None
        now = timezone.now()
        abandoned = (
            delivery.attempts == attempt
            and delivery.sending_since is not None
            and delivery.sending_since <= now - SENDING_LEASE
        )
        if delivery.attempts != attempt - 1 and not abandoned:
            return None
        delivery.attempts, delivery.next_attempt_at, delivery.sending_since = attempt, None, now
        delivery.save(update_fields=["attempts", "next_attempt_at", "sending_since"])
        return delivery


def delivery_attempt(delivery_id, attempt):
    """Send the delivery once. Returns the delay before the next attempt, or None (delivered, given up
    or nothing to do)."""
    delivery = _claim(delivery_id, attempt)
    if delivery is None:
        return None
    body = body_of(delivery)
    headers = {
        "Content-Type": "application/json",
        signing.HEADER: signing.sign(delivery.endpoint.secret, body),
        "X-LivingLab-Delivery": str(delivery.pk),
        "X-LivingLab-Event": delivery.event,
        "User-Agent": "LivingLab-Webhooks/1",
    }
    code, error = None, ""
    try:
        code = post(delivery.endpoint.url, body, headers)
        if not 200 <= code < 300:
            error = f"HTTP {code}"
    except addresses.UnsafeURL as refused:
        error = str(refused)
    except (OSError, http.client.HTTPException) as failed:
        error = f"{type(failed).__name__}: {failed}"
    delivery.last_status_code, delivery.last_error = code, error[:ERROR_MAX_LENGTH]
    fields = ["last_status_code", "last_error", "status", "delivered_at", "next_attempt_at", "sending_since"]
    now = timezone.now()
    delivery.sending_since = None
    delay = None
    if not error:
        delivery.status, delivery.delivered_at = WebhookDelivery.Status.DELIVERED, now
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = WebhookDelivery.Status.FAILED
    else:
        delay = backoff(delivery.attempts)
        delivery.next_attempt_at = now + delay
    delivery.save(update_fields=fields)
    return delay


def deliveries_retry(queryset):
    """The admin's "retry": one more attempt now for each delivery not delivered. Returns how many."""
    retried = 0
    for delivery in queryset.exclude(status=WebhookDelivery.Status.DELIVERED):
        with transaction.atomic():
            locked = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
            if locked.status == WebhookDelivery.Status.DELIVERED or (
                locked.sending_since and locked.sending_since > timezone.now() - SENDING_LEASE
            ):
                continue  # delivered, or an attempt is being sent right now
            locked.status, locked.next_attempt_at = WebhookDelivery.Status.PENDING, timezone.now()
            locked.save(update_fields=["status", "next_attempt_at"])
            transaction.on_commit(partial(delivery_enqueue, locked.pk, locked.attempts + 1))
        retried += 1
    return retried
