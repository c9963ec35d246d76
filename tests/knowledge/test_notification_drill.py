"""Drill with real processes: the worker is killed with SIGKILL in the middle of a batch of notification
e-mails, 20 times, and restarted; every notification is still e-mailed, and sent twice only when the
kill fell in the one window left open.

The worker's e-mail backend is tests/mail_sink.py: it stands for the mail server, taking a few ms per
message and writing each accepted message's Message-ID to a file it fsyncs. The service marks a
notification e-mailed before sending, in the transaction that holds its row lock, and commits after:
a kill before the sink accepted the message rolls the mark back (the retry sends it), a kill after the
COMMIT leaves it sent and marked. A kill between the two (the sink's fsync, the return, the COMMIT's
round trip: a few ms of each ~25 ms message) sends it again on retry, with the same Message-ID. No
design closes that window over SMTP, which has no way to ask "did you already take this message?";
the drill measures it: at the kill, a message the sink holds whose notification is not marked is one
"kill in the commit window", and the drill requires every duplicate to be exactly such a kill (at most
one per kill, same Message-ID) and no e-mail lost. Typical figures: 0 to 2 duplicates in 20 kills.
"""

import random
import time
from collections import Counter

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from knowledge.models import Notification
from knowledge.notifications.services import notification_message_id, notify

from ..mail_sink import handoffs
from ..regencies.factories import RegencyFactory
from ..workers import empty_queue, start_worker, wait_for

pytestmark = [
    pytest.mark.worker,
    pytest.mark.drill,
    pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL (the embedded default is eager)"),
    pytest.mark.django_db(transaction=True),  # the worker reads what the test commits
]

ROUNDS = 20
RECIPIENTS = 60  # a batch of 60 e-mails at about 25 ms each: a kill lands inside it
SMTP_MS = 15  # the sink's latency per message
VISIBILITY = 3  # seconds before the message of a killed worker is handed out again


@pytest.fixture
def recipients(db):
    """People who chose nothing: they are e-mailed at once."""
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"drill-{n:03d}", email=f"drill-{n:03d}@example.go.id")
        for n in range(RECIPIENTS)
    )
    return list(get_user_model().objects.filter(pk__in=[u.pk for u in users]).order_by("pk"))


def _marked(ids):
    return Notification.objects.filter(pk__in=ids, emailed_at__isnull=False).count()


def test_kill_9_mid_notification_batch_20_times_loses_no_email_and_resends_only_in_the_commit_window(
    recipients, tmp_path
):
    regency = RegencyFactory(code="32.11", name="Kabupaten Sumedang")
    sink = tmp_path / "sink.log"
    env = {
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY),
        "EMAIL_BACKEND": "tests.mail_sink.EmailBackend",
        "MAIL_SINK": str(sink),
        "MAIL_SINK_DELAY_MS": str(SMTP_MS),
    }
    rng = random.Random(9)
    empty_queue()
    log = tmp_path / "worker.log"
    worker = start_worker(log, **env)
    batches, at_kill, window, started = [], [], [], time.monotonic()
    try:
        for round_number in range(ROUNDS):
            rows = notify(  # commits, then enqueues send_notification_emails: the real path
                event="practice_updated",
                subject=regency,
                recipients=recipients,
                to_followers=False,
                data={"practice": f"Latihan {round_number}"},
            )
            ids = [row.pk for row in rows]
            assert len(ids) == RECIPIENTS
            batches.append(ids)
            # A random point in the batch: after a random number of e-mails, plus a random part of one.
            target = rng.randint(1, RECIPIENTS - 5)
            wait_for(
                lambda ids=ids, target=target: _marked(ids) >= target,
                90 if round_number == 0 else 60,
                f"round {round_number}: the batch never started",
            )
            time.sleep(rng.uniform(0, SMTP_MS * 2 / 1000))
            worker.kill()
            time.sleep(0.3)  # PostgreSQL finishes with the dead connection: its transaction aborted
            marked = _marked(ids)
            at_kill.append(marked)
            # Accepted by the sink but not marked: the kill fell between the hand-off and the COMMIT.
            handed = {message_id for message_id, _ in handoffs(sink)}
            unmarked = Notification.objects.filter(pk__in=ids, emailed_at__isnull=True)
            window += [notification_message_id(n) for n in unmarked if notification_message_id(n) in handed]
            time.sleep(VISIBILITY)  # the killed worker's message becomes visible again
            worker = start_worker(log, **env)
            wait_for(
                lambda ids=ids: _marked(ids) == len(ids), 120, f"round {round_number}: batch never finished"
            )
    finally:
        worker.stop()

    every = [pk for ids in batches for pk in ids]
    expected = {
        notification_message_id(n): n.recipient.email
        for n in Notification.objects.filter(pk__in=every).select_related("recipient")
    }
    accepted = handoffs(sink)
    counts = Counter(message_id for message_id, _ in accepted)
    duplicates = sorted(message_id for message_id, count in counts.items() for _ in range(count - 1))
    lost = set(expected) - set(counts)
    mid_batch = sum(0 < marked < RECIPIENTS for marked in at_kill)
    print(
        f"\nkill -9 notification drill: {ROUNDS} batches of {RECIPIENTS} e-mails ({len(every)} notifications), "
        f"worker killed once in each, {mid_batch} kills mid-batch (e-mails marked at the kill: {at_kill}); "
        f"{len(accepted)} hand-offs to the mail server, {len(counts)} distinct Message-IDs, "
        f"{len(lost)} lost, {len(duplicates)} duplicates {duplicates}, "
        f"{len(window)} kills in the commit window; {time.monotonic() - started:.0f} s"
    )
    assert not Notification.objects.filter(pk__in=every, emailed_at__isnull=True).exists()
    assert not lost, f"never handed to the mail server: {sorted(lost)[:10]}"
    assert set(counts) == set(expected)
    assert all(expected[message_id] == recipient for message_id, recipient in accepted)
    # Sent twice only when the kill fell between the mail server's acceptance and the COMMIT.
    assert duplicates == sorted(window), f"duplicates {duplicates}, kills in the commit window {window}"
    assert max(counts.values()) <= 2
    assert mid_batch == ROUNDS, f"some kills missed the batch: {at_kill}"
