"""Webhooks: every replication step is POSTed, signed, to each active endpoint; a failing receiver is
retried with exponential back-off up to 5 attempts; a delivered delivery is never sent again."""

import datetime
import hashlib
import hmac
import json

import pytest

from knowledge.replications import services as replication_services
from knowledge.webhooks import services, signing
from knowledge.webhooks.models import WebhookDelivery, WebhookEndpoint

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("celery_eager")]

SECRET = "rahasia-kementerian-123"


@pytest.fixture
def allow_private(settings):
    settings.WEBHOOK_ALLOW_PRIVATE = True


def _request(published, ogan_ilir_editor, capture):
    with capture(execute=True):
        replication = replication_services.replication_request(
            practice=published, by_user=ogan_ilir_editor, message="Kami ingin mereplikasi."
        )
    return replication


def test_a_step_is_posted_signed_to_each_active_endpoint_and_not_to_inactive_ones(
    allow_private, receiver, published, ogan_ilir_editor, django_capture_on_commit_callbacks
):
    first, second, off = receiver(), receiver(), receiver()
    for one in (first, second):
        WebhookEndpoint.objects.create(url=one.url, secret=SECRET)
    WebhookEndpoint.objects.create(url=off.url, secret=SECRET, active=False)

    replication = _request(published, ogan_ilir_editor, django_capture_on_commit_callbacks)

    step = replication.steps.get()
    deliveries = WebhookDelivery.objects.filter(step=step)
    assert deliveries.count() == 2 and set(deliveries.values_list("status", flat=True)) == {"delivered"}
    assert off.requests == []
    path, headers, body = first.requests[0]
    # What a receiver does: HMAC-SHA256 of the raw body with the shared secret.
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-LivingLab-Signature"] == expected
    assert headers["Content-Type"] == "application/json"
    assert headers["X-LivingLab-Delivery"] in {str(pk) for pk in deliveries.values_list("pk", flat=True)}
    payload = json.loads(body)
    assert payload["event"] == "replication.step"
    assert payload["replication"] == {
        "id": replication.pk,
        "practice": {"id": published.pk, "slug": "e-office"},
        "owner": "32.11",
        "adopter": "16.10",
        "stage": "requested",
    }
    assert payload["step"]["id"] == step.pk and payload["step"]["to"] == "requested"
    assert path == "/hooks/livinglab"


def test_a_forged_body_fails_the_receivers_check():
    body = b'{"event":"replication.step"}'
    signature = signing.sign(SECRET, body)

    assert signing.verify(SECRET, body, signature)
    assert not signing.verify(SECRET, body + b" ", signature)
    assert not signing.verify("another-secret", body, signature)


def test_no_endpoint_no_delivery(published, ogan_ilir_editor, django_capture_on_commit_callbacks):
    _request(published, ogan_ilir_editor, django_capture_on_commit_callbacks)

    assert not WebhookDelivery.objects.exists()


@pytest.fixture
def countdowns(monkeypatch):
    """The back-off of each scheduled retry, in seconds (eager tasks run them at once)."""
    seen = []
    real = services.delivery_enqueue

    def record(delivery_id, attempt, countdown=None):
        if countdown is not None:
            seen.append(countdown)
        real(delivery_id, attempt, countdown=countdown)

    monkeypatch.setattr(services, "delivery_enqueue", record)
    return seen


def test_two_failures_then_success_is_delivered_after_three_attempts(
    allow_private, receiver, countdowns, published, ogan_ilir_editor, django_capture_on_commit_callbacks
):
    server = receiver([500, 500, 200])
    WebhookEndpoint.objects.create(url=server.url, secret=SECRET)

    _request(published, ogan_ilir_editor, django_capture_on_commit_callbacks)

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 3, 200)
    assert delivery.delivered_at is not None and delivery.last_error == ""
    assert len(server.requests) == 3
    assert countdowns == [60, 120]
    # Every attempt carries the same delivery id: a receiver can drop a duplicate.
    assert len({headers["X-LivingLab-Delivery"] for _, headers, _ in server.requests}) == 1


def test_a_receiver_that_always_fails_gives_up_after_five_attempts(
    allow_private, receiver, countdowns, published, ogan_ilir_editor, django_capture_on_commit_callbacks
):
    server = receiver([500])
    WebhookEndpoint.objects.create(url=server.url, secret=SECRET)

    _request(published, ogan_ilir_editor, django_capture_on_commit_callbacks)

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("failed", 5, 500)
    assert delivery.last_error == "HTTP 500" and delivery.delivered_at is None
    assert len(server.requests) == 5
    assert countdowns == [60, 120, 240, 480]
    assert [services.backoff(n) for n in (1, 2, 3, 4)] == [
        datetime.timedelta(minutes=m) for m in (1, 2, 4, 8)
    ]


def test_a_delivered_delivery_is_never_sent_again(
    allow_private, receiver, published, ogan_ilir_editor, django_capture_on_commit_callbacks
):
    server = receiver([200])
    WebhookEndpoint.objects.create(url=server.url, secret=SECRET)
    _request(published, ogan_ilir_editor, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()

    # A redelivered task message, a doubled one, and the admin's retry.
    from knowledge.webhooks.tasks import deliver

    deliver.delay(delivery.pk, 1)
    deliver.delay(delivery.pk, 2)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.deliveries_retry(WebhookDelivery.objects.all()) == 0

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, len(server.requests)) == ("delivered", 1, 1)


def test_the_admins_retry_gives_a_failed_delivery_one_more_attempt(
    allow_private, receiver, published, ogan_ilir_editor, django_capture_on_commit_callbacks
):
    server = receiver([500, 500, 500, 500, 500, 200])
    WebhookEndpoint.objects.create(url=server.url, secret=SECRET)
    _request(published, ogan_ilir_editor, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        services.deliveries_retry(WebhookDelivery.objects.all())

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, len(server.requests)) == ("delivered", 6, 6)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_delivery_refuses_the_portals_own_network(
    host, receiver, published, ogan_ilir_editor, django_capture_on_commit_callbacks
):
    server = receiver([200])
    port = server.url.split(":")[2].split("/")[0]
    # Registered while it was allowed (or written straight into the database): refused when sent.
    WebhookEndpoint.objects.create(url=f"http://{host}:{port}/hook", secret=SECRET)

    _request(published, ogan_ilir_editor, django_capture_on_commit_callbacks)

    delivery = WebhookDelivery.objects.get()
    assert server.requests == []
    assert delivery.status == "failed" and delivery.attempts == 5
    assert "127.0.0.1" in delivery.last_error and delivery.last_status_code is None


def test_a_name_that_later_resolves_to_loopback_is_refused_at_delivery(
    resolve, receiver, published, ogan_ilir_editor, django_capture_on_commit_callbacks
):
    server = receiver([200])
    port = server.url.split(":")[2].split("/")[0]
    WebhookEndpoint.objects.create(url=f"http://hooks.example.org:{port}/", secret=SECRET)
    resolve({"hooks.example.org": "127.0.0.1"})  # DNS changed after registration

    _request(published, ogan_ilir_editor, django_capture_on_commit_callbacks)

    assert server.requests == []
    assert "127.0.0.1" in WebhookDelivery.objects.get().last_error


def test_every_later_step_is_delivered_too(
    allow_private, receiver, make_replication, sumedang_editor, django_capture_on_commit_callbacks
):
    server = receiver([200])
    WebhookEndpoint.objects.create(url=server.url, secret=SECRET)
    replication = make_replication("requested")

    with django_capture_on_commit_callbacks(execute=True):
        step = replication_services.replication_advance(
            replication=replication, to="accepted", by_user=sumedang_editor, contact=sumedang_editor
        )

    payload = json.loads(server.requests[0][2])
    assert WebhookDelivery.objects.get().step == step
    assert (payload["replication"]["stage"], payload["step"]["from"], payload["step"]["to"]) == (
        "accepted",
        "requested",
        "accepted",
    )


def test_a_broker_outage_leaves_the_delivery_pending_and_the_step_taken(
    monkeypatch, published, ogan_ilir_editor, django_capture_on_commit_callbacks
):
    WebhookEndpoint.objects.create(url="https://hooks.example.org/", secret=SECRET)

    def broker_down(*args, **kwargs):
        raise OSError("broker unreachable")

    monkeypatch.setattr(services, "delivery_enqueue", broker_down)

    replication = _request(published, ogan_ilir_editor, django_capture_on_commit_callbacks)

    assert replication.steps.count() == 1
    assert WebhookDelivery.objects.get().status == "pending"


def test_an_attempt_whose_worker_died_is_taken_over_after_the_lease_only(
    allow_private, receiver, make_replication
):
    from django.utils import timezone

    from knowledge.webhooks.tasks import deliver

    from .replication_factories import ReplicationStepFactory

    server = receiver([200])
    endpoint = WebhookEndpoint.objects.create(url=server.url, secret=SECRET)
    step = ReplicationStepFactory(replication=make_replication("requested"))
    sending = WebhookDelivery.objects.create(
        endpoint=endpoint, step=step, event="replication.step", payload={}, attempts=1
    )

    # Attempt 1 is being sent by a live worker: its redelivered message does nothing.
    WebhookDelivery.objects.filter(pk=sending.pk).update(sending_since=timezone.now())
    deliver.delay(sending.pk, 1)
    assert server.requests == []

    # Its worker died long ago: the redelivered message sends attempt 1 again.
    WebhookDelivery.objects.filter(pk=sending.pk).update(
        sending_since=timezone.now() - services.SENDING_LEASE - datetime.timedelta(seconds=1)
    )
    deliver.delay(sending.pk, 1)
    sending.refresh_from_db()
    assert len(server.requests) == 1
    assert (sending.status, sending.attempts, sending.sending_since) == ("delivered", 1, None)
