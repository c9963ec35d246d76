"""Notifications through a real Celery worker process and Redis (run when REDIS_URL is set).

The worker is a separate process: it reads the test database (committed data: transactional_db) and
writes e-mail with Django's file backend into a temporary folder, which the test reads.
"""

import time

import pytest
from django.conf import settings

from knowledge.models import NotificationPreference
from knowledge.notifications import tasks
from knowledge.practices.services import practice_save
from livinglab.celery import app

from ..celery_worker import celery_worker
from ..regencies.factories import MembershipFactory, RegencyFactory, UserFactory
from .discussion_factories import FollowFactory
from .factories import PracticeFactory

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL (the embedded default is eager)"),
]


def _database_url():
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"  # the test database


@pytest.fixture
def mail_dir(tmp_path):
    return tmp_path


@pytest.fixture
def worker(transactional_db, mail_dir):
    app.control.purge()  # messages left by other tests must not run against this database
    with celery_worker(
        DATABASE_URL=_database_url(),
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(mail_dir),
    ) as process:
        yield process


def _emails(mail_dir, count, timeout=60):
    """The e-mails the worker wrote, once there are `count` of them (or the timeout passed)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        files = sorted(mail_dir.glob("*.log"))
        if len(files) >= count:
            time.sleep(1)  # anything more that is still on its way
            return [path.read_text() for path in sorted(mail_dir.glob("*.log"))]
        time.sleep(0.25)
    return [path.read_text() for path in sorted(mail_dir.glob("*.log"))]


def test_a_change_to_a_followed_practice_is_emailed_by_the_worker(worker, mail_dir):
    assert not app.conf.task_always_eager
    owner = RegencyFactory(code="32.11", name="Kabupaten Sumedang")
    editor = MembershipFactory(user=UserFactory(username="editor-sumedang"), regency=owner).user
    practice = PracticeFactory(regency=owner, title="Super Aplikasi e-Office")
    follower = UserFactory(username="pengikut", email="pengikut@example.go.id")
    FollowFactory(user=follower, practice=practice)

    practice.summary = "Ringkasan baru"
    practice_save(practice=practice, by_user=editor)  # commits: the e-mail task goes to Redis

    emails = _emails(mail_dir, 1)
    assert len(emails) == 1
    assert "To: pengikut@example.go.id" in emails[0]
    assert "Editor, Kabupaten Sumedang memperbarui praktik" in emails[0]
    assert follower.notifications.get().emailed_at is not None  # marked by the worker


def test_the_daily_digest_sends_one_email_for_several_notifications_once(worker, mail_dir):
    owner = RegencyFactory(code="32.11", name="Kabupaten Sumedang")
    editor = MembershipFactory(user=UserFactory(username="editor-sumedang"), regency=owner).user
    practice = PracticeFactory(regency=owner, title="Super Aplikasi e-Office")
    reader = UserFactory(username="pembaca-harian", email="harian@example.go.id")
    NotificationPreference.objects.create(user=reader, frequency="daily", language="en")
    FollowFactory(user=reader, practice=practice)
    for summary in ("Satu", "Dua", "Tiga"):
        practice.summary = summary
        practice_save(practice=practice, by_user=editor)
    assert reader.notifications.count() == 3

    assert tasks.send_digests.delay("daily").get(timeout=60) == 1
    tasks.send_digests.delay("daily").get(timeout=60)  # beat fired twice: nothing more to send

    emails = _emails(mail_dir, 2, timeout=10)
    assert len(emails) == 1
    assert "To: harian@example.go.id" in emails[0]
    assert "Subject: Living Lab: 3 new notifications" in emails[0]
    assert emails[0].count("updated the practice") >= 3  # in the text and the HTML part
    assert not reader.notifications.filter(emailed_at__isnull=True).exists()


def test_a_replication_request_and_its_answer_are_emailed_to_the_other_side_by_the_worker(worker, mail_dir):
    from knowledge.replications.services import replication_advance, replication_request

    owner = RegencyFactory(code="32.11", name="Kabupaten Sumedang")
    adopter = RegencyFactory(code="16.10", name="Kabupaten Ogan Ilir")
    owner_editor = MembershipFactory(
        user=UserFactory(username="editor-sumedang", email="sumedang@example.go.id"), regency=owner
    ).user
    adopter_editor = MembershipFactory(
        user=UserFactory(username="editor-ogan-ilir", email="oganilir@example.go.id"), regency=adopter
    ).user
    practice = PracticeFactory(regency=owner, title="Super Aplikasi e-Office")

    replication = replication_request(practice=practice, by_user=adopter_editor, message="Kami ingin meniru.")
    first = _emails(mail_dir, 1)
    replication_advance(replication=replication, to="accepted", by_user=owner_editor, contact=owner_editor)
    emails = _emails(mail_dir, 2)

    assert len(first) == 1 and "To: sumedang@example.go.id" in first[0]  # the owner hears of the request
    assert len(emails) == 2
    assert sum("To: oganilir@example.go.id" in email for email in emails) == 1  # the adopter, of the answer
    assert not any("To: oganilir@example.go.id" in email for email in first)  # never the one who acted
