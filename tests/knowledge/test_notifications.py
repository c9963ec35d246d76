"""Follows, notifications on the portal and by e-mail at each person's frequency, digests and the
monthly freshness reminder. Celery runs eagerly here; test_notification_worker.py uses a real worker."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from knowledge.models import Follow, FreshnessReminder, Notification, NotificationPreference, Practice
from knowledge.notifications import services, tasks
from knowledge.practices.services import practice_archive, practice_publish, practice_save

from ..regencies.factories import MembershipFactory, UserFactory
from .discussion_factories import FollowFactory, NotificationFactory
from .factories import PracticeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("celery_eager")]


def _follower(username, frequency=None, language="id", **target):
    user = UserFactory(username=username)
    FollowFactory(user=user, **target)
    if frequency:
        NotificationPreference.objects.create(user=user, frequency=frequency, language=language)
    return user


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs what services enqueue on commit (e-mail tasks) at the end of the block,
    as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def edit(committed):
    """Change a practice through the practices service, as the edit page does."""

    def _edit(practice, by_user, **changes):
        for name, value in changes.items():
            setattr(practice, name, value)
        with committed():
            return practice_save(practice=practice, by_user=by_user)

    return _edit


# Following ------------------------------------------------------------------------------------------
def test_a_logged_in_person_follows_and_unfollows_a_practice_and_a_pemda(
    client_for, published, ogan_ilir_editor
):
    client = client_for(ogan_ilir_editor)
    page = client.get(published.get_absolute_url()).content.decode()
    assert "Ikuti praktik ini" in page

    client.post(f"/notifications/follow/practice/{published.slug}/", {"follow": "True", "next": "/"})
    client.post(f"/notifications/follow/regency/{published.regency.code}/", {"follow": "True"})
    client.post(f"/notifications/follow/practice/{published.slug}/", {"follow": "True"})  # twice: one follow

    assert Follow.objects.filter(user=ogan_ilir_editor).count() == 2
    assert "Berhenti mengikuti" in client.get(published.get_absolute_url()).content.decode()
    assert "Berhenti mengikuti" in client.get(published.regency.get_absolute_url()).content.decode()
    response = client.post(f"/notifications/follow/practice/{published.slug}/", {"follow": "False"})
    assert response["Location"] == published.get_absolute_url()
    assert list(Follow.objects.filter(user=ogan_ilir_editor).values_list("regency_id", flat=True)) == [
        "32.11"
    ]


def test_visitors_are_asked_to_log_in_and_drafts_cannot_be_followed(anon, client_for, draft, sumedang_editor):
    response = anon.post(f"/notifications/follow/practice/{draft.slug}/", {"follow": "True"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")

    # Even its own pemda's staff: a draft has no news for anyone.
    assert (
        client_for(sumedang_editor)
        .post(f"/notifications/follow/practice/{draft.slug}/", {"follow": "True"})
        .status_code
        == 404
    )
    assert not Follow.objects.exists()


def test_a_follow_names_exactly_one_target(published, ogan_ilir_editor):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(user=ogan_ilir_editor, practice=published, regency=published.regency)
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(user=ogan_ilir_editor)


def test_an_offsite_next_address_is_ignored(client_for, published, ogan_ilir_editor):
    response = client_for(ogan_ilir_editor).post(
        f"/notifications/follow/practice/{published.slug}/",
        {"follow": "True", "next": "https://evil.example/"},
    )
    assert response["Location"] == published.get_absolute_url()


# Who is told --------------------------------------------------------------------------------------
def test_followers_of_the_practice_and_of_its_pemda_are_told_of_a_change_but_not_the_actor(
    published, sumedang_editor, ogan_ilir, edit
):
    practice_follower = _follower("pengikut-praktik", practice=published)
    pemda_follower = _follower("pengikut-pemda", regency=published.regency)
    _follower("pengikut-lain", regency=ogan_ilir)
    FollowFactory(user=sumedang_editor, practice=published)  # the actor follows too

    edit(published, sumedang_editor, summary="Ringkasan baru")

    notifications = Notification.objects.order_by("recipient__username")
    assert [n.recipient.username for n in notifications] == ["pengikut-pemda", "pengikut-praktik"]
    assert (
        notifications[0].text == "Editor, Kabupaten Sumedang memperbarui praktik “Super Aplikasi e-Office”."
    )
    assert notifications[0].url == published.get_absolute_url()
    assert {m.to[0] for m in mail.outbox} == {practice_follower.email, pemda_follower.email}


def test_a_drafts_changes_tell_nobody_and_publishing_and_archiving_do(
    draft, sumedang_manager, edit, committed
):
    follower = _follower("pengikut-pemda", regency=draft.regency)

    edit(draft, sumedang_manager, summary="Masih draf")
    assert not Notification.objects.exists()

    with committed():
        practice_publish(practice=draft, by_user=sumedang_manager)
        practice_archive(practice=draft, by_user=sumedang_manager)

    events = list(follower.notifications.order_by("created_at", "pk").values_list("event", flat=True))
    assert events == ["practice_published", "practice_archived"]


def test_archiving_a_draft_tells_nobody(draft, sumedang_manager):
    _follower("pengikut-pemda", regency=draft.regency)

    practice_archive(practice=draft, by_user=sumedang_manager)

    assert not Notification.objects.exists()


def test_publishing_through_the_page_tells_the_pemdas_followers(
    client_for, draft, sumedang_manager, committed
):
    follower = _follower("pengikut-pemda", regency=draft.regency)

    with committed():
        client_for(sumedang_manager).post(f"/practices/{draft.slug}/publish/", {"confirm": "on"})

    assert follower.notifications.get().event == "practice_published"
    assert len(mail.outbox) == 1 and "e-SAKIP Baru" in mail.outbox[0].body


def test_a_question_tells_the_owner_pemdas_staff_and_the_practices_followers(
    client_for, published, ogan_ilir_editor, sumedang_editor, sumedang_manager
):
    follower = _follower("pengikut-praktik", practice=published)

    client_for(ogan_ilir_editor).post(
        f"/practices/{published.slug}/discussion/", {"kind": "question", "body": "Biaya?"}
    )

    told = set(
        Notification.objects.filter(event="question_asked").values_list("recipient__username", flat=True)
    )
    assert told == {sumedang_editor.username, sumedang_manager.username, follower.username}
    assert not ogan_ilir_editor.notifications.exists()


# E-mail at each person's frequency ----------------------------------------------------------------
def test_each_person_gets_email_at_their_frequency_in_their_language(published, sumedang_editor, edit):
    at_once = _follower("segera", practice=published)
    english = _follower("english", "immediately", "en", practice=published)
    daily = _follower("harian", "daily", practice=published)
    never = _follower("tidak-pernah", "never", practice=published)

    edit(published, sumedang_editor, summary="Ringkasan baru")

    assert sorted(m.to[0] for m in mail.outbox) == sorted([at_once.email, english.email])
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert "memperbarui praktik" in by_recipient[at_once.email].body
    assert "Editor, Kabupaten Sumedang updated the practice" in by_recipient[english.email].body
    assert "Editor, Kabupaten Sumedang updated the practice" in by_recipient[english.email].subject
    html = by_recipient[english.email].alternatives[0]
    assert html.mimetype == "text/html" and "http://127.0.0.1:8000/practices/e-office/" in html.content
    # Everyone, whatever their frequency, sees it on the portal.
    assert Notification.objects.filter(recipient__in=[daily, never]).count() == 2
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 2


def test_the_immediate_email_task_run_twice_sends_once(published, sumedang_editor, edit):
    _follower("segera", practice=published)
    edit(published, sumedang_editor, summary="Ringkasan baru")
    ids = list(Notification.objects.values_list("pk", flat=True))
    assert len(mail.outbox) == 1

    assert tasks.send_notification_emails.delay(ids).get() == 0

    assert len(mail.outbox) == 1


def test_a_daily_digest_holds_every_news_in_one_email_once(
    published, sumedang_editor, sumedang_manager, edit
):
    daily = _follower("harian", "daily", practice=published)
    weekly = _follower("mingguan", "weekly", practice=published)
    edit(published, sumedang_editor, summary="Ringkasan baru")
    edit(published, sumedang_manager, hosting="Pusat data nasional")
    NotificationFactory(recipient=daily, created_at=timezone.now())
    read = NotificationFactory(recipient=daily, read_at=timezone.now())
    assert mail.outbox == []

    assert tasks.send_digests.delay("daily").get() == 1
    assert tasks.send_digests.delay("daily").get() == 0  # a second run finds nothing left to send

    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == [daily.email]
    assert digest.subject == "Living Lab: 3 pemberitahuan baru"
    assert (
        "Editor, Kabupaten Sumedang memperbarui" in digest.body
        and "Pengelola, Kabupaten Sumedang memperbarui" in digest.body
    )
    assert not daily.notifications.filter(emailed_at__isnull=True).exclude(pk=read.pk).exists()

    assert tasks.send_digests.delay("weekly").get() == 1
    assert [m.to for m in mail.outbox[1:]] == [[weekly.email]]


def test_a_digest_task_run_twice_for_the_same_person_sends_once(published, sumedang_editor, edit):
    daily = _follower("harian", "daily", practice=published)
    edit(published, sumedang_editor, summary="Ringkasan baru")

    assert tasks.send_digest.delay(daily.pk, "daily").get() == 1
    assert tasks.send_digest.delay(daily.pk, "daily").get() == 0

    assert len(mail.outbox) == 1


def test_old_news_is_not_sent_to_someone_who_turns_on_a_digest(sumedang_editor):
    daily = _follower("harian", "daily", regency=sumedang_editor.membership.regency)
    old = NotificationFactory(recipient=daily)
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=30))

    assert tasks.send_digests.delay("daily").get() == 0
    assert mail.outbox == []


# The notifications page ---------------------------------------------------------------------------
def test_the_page_lists_unread_first_and_marks_read(client_for, ogan_ilir_editor):
    older_unread = NotificationFactory(recipient=ogan_ilir_editor, data={"practice": "Lama"})
    newer_read = NotificationFactory(
        recipient=ogan_ilir_editor, data={"practice": "Dibaca"}, read_at=timezone.now()
    )
    newest = NotificationFactory(recipient=ogan_ilir_editor, data={"practice": "Baru"})
    someone_elses = NotificationFactory()
    client = client_for(ogan_ilir_editor)

    page = client.get("/notifications/")
    content = page.content.decode()
    assert [n.pk for n in page.context["page"].object_list] == [newest.pk, older_unread.pk, newer_read.pk]
    assert "2 pemberitahuan belum dibaca." in content
    assert 'class="badge"' in content and ">2</span>" in content  # the menu's count

    client.post(f"/notifications/{newest.pk}/read/")
    assert client.post(f"/notifications/{someone_elses.pk}/read/").status_code == 404
    assert ">1</span>" in client.get("/").content.decode()
    client.post("/notifications/read-all/")

    assert not ogan_ilir_editor.notifications.filter(read_at__isnull=True).exists()
    assert someone_elses.read_at is None and Notification.objects.get(pk=someone_elses.pk).read_at is None
    assert 'class="badge"' not in client.get("/").content.decode()


def test_the_page_is_for_logged_in_people(anon):
    response = anon.get("/notifications/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert anon.post("/notifications/read-all/").status_code == 302


def test_preferences_are_saved_and_bad_values_are_refused_next_to_the_field(client_for, ogan_ilir_editor):
    client = client_for(ogan_ilir_editor)

    bad = client.post("/notifications/", {"frequency": "hourly", "language": "fr"})
    assert (
        'id="id_frequency_error"' in bad.content.decode() and 'id="id_language_error"' in bad.content.decode()
    )
    assert not NotificationPreference.objects.exists()

    client.post("/notifications/", {"frequency": "weekly", "language": "en"})
    preference = NotificationPreference.objects.get(user=ogan_ilir_editor)
    assert (preference.frequency, preference.language) == ("weekly", "en")


def test_the_notification_text_follows_the_readers_language(client_for, ogan_ilir_editor):
    NotificationFactory(
        recipient=ogan_ilir_editor,
        event="practice_updated",
        data={"practice": "e-Office", "actor_role": "manager", "actor_regency": "Kabupaten Sumedang"},
    )
    client = client_for(ogan_ilir_editor)

    assert (
        "Pengelola, Kabupaten Sumedang memperbarui praktik “e-Office”."
        in client.get("/notifications/").content.decode()
    )
    client.cookies["django_language"] = "en"
    assert (
        "Manager, Kabupaten Sumedang updated the practice “e-Office”."
        in client.get("/notifications/").content.decode()
    )


# Freshness reminders -------------------------------------------------------------------------------
def test_owners_of_practices_not_reviewed_for_a_year_are_reminded_once_a_month(
    sumedang, sumedang_editor, sumedang_manager
):
    today = datetime.date(2026, 12, 1)
    stale = PracticeFactory(regency=sumedang, title="Lama", reviewed_on=datetime.date(2025, 11, 30))
    never_reviewed = PracticeFactory(
        regency=sumedang,
        title="Tak pernah ditinjau",
        published_at=timezone.make_aware(datetime.datetime(2025, 6, 1)),
    )
    PracticeFactory(regency=sumedang, title="Segar", reviewed_on=datetime.date(2026, 6, 1))
    PracticeFactory(
        regency=sumedang,
        title="Baru terbit",
        published_at=timezone.make_aware(datetime.datetime(2026, 10, 1)),
    )
    PracticeFactory(regency=sumedang, title="Arsip", status="archived", reviewed_on=datetime.date(2020, 1, 1))
    follower = _follower("pengikut", practice=stale)

    assert services.freshness_reminders_send(today=today) == 2
    assert services.freshness_reminders_send(today=today.replace(day=15)) == 0  # same month: nothing again

    reminded = Notification.objects.filter(event="practice_stale")
    assert sorted(reminded.values_list("practice__title", "recipient__username")) == sorted(
        (title, user.username)
        for title in ("Lama", "Tak pernah ditinjau")
        for user in (sumedang_editor, sumedang_manager)
    )
    assert not follower.notifications.exists()
    assert "lebih dari 12 bulan" in reminded.first().text
    assert FreshnessReminder.objects.filter(
        practice=never_reviewed, month=datetime.date(2026, 12, 1)
    ).exists()

    assert services.freshness_reminders_send(today=datetime.date(2027, 1, 1)) == 2  # next month, again


def test_the_monthly_task_reminds_by_email(sumedang, sumedang_editor, committed):
    PracticeFactory(
        regency=sumedang, title="Lama", reviewed_on=timezone.localdate() - datetime.timedelta(days=400)
    )

    with committed():
        assert tasks.send_freshness_reminders.delay().get() == 1
    assert tasks.send_freshness_reminders.delay().get() == 0

    assert [m.to for m in mail.outbox] == [[sumedang_editor.email]]


def test_the_beat_schedule_runs_digests_and_reminders_in_jakarta_time(settings):
    from livinglab.celery import app

    schedule = settings.CELERY_BEAT_SCHEDULE
    assert app.conf.timezone == "Asia/Jakarta"
    assert {entry["task"] for entry in schedule.values()} >= {
        "notifications.send_digests",
        "notifications.send_freshness_reminders",
    }
    assert schedule["daily-digest"]["args"] == ["daily"] and schedule["weekly-digest"]["args"] == ["weekly"]
    assert schedule["weekly-digest"]["schedule"].day_of_week == {1}
    assert schedule["freshness-reminders"]["schedule"].day_of_month == {1}
    assert schedule["daily-digest"]["schedule"].hour == {7}


def test_inactive_people_are_not_told(published, sumedang_editor, edit):
    gone = _follower("pergi", practice=published)
    gone.is_active = False
    gone.save()

    edit(published, sumedang_editor, summary="Ringkasan baru")

    assert not Notification.objects.exists()


def test_staff_of_a_pemda_count_once_even_when_following_twice(published, sumedang_editor, ogan_ilir, edit):
    both = _follower("dua-kali", practice=published)
    FollowFactory(user=both, regency=published.regency)
    MembershipFactory(user=both, regency=ogan_ilir)

    edit(published, sumedang_editor, summary="Ringkasan baru")

    assert both.notifications.count() == 1
    assert Practice.objects.get(pk=published.pk).summary == "Ringkasan baru"


def test_a_title_with_a_line_break_still_makes_a_one_line_subject(published, sumedang_editor, edit):
    _follower("segera", practice=published)
    Practice.objects.filter(pk=published.pk).update(title="Dua\nbaris")
    published.refresh_from_db()

    edit(published, sumedang_editor, summary="Ringkasan baru")

    assert len(mail.outbox) == 1
    assert "\n" not in mail.outbox[0].subject and "“Dua baris”" in mail.outbox[0].subject


# Message-ID and the mark made before sending -------------------------------------------------------
def _message_id(message):
    return message.message()["Message-ID"]


def test_an_email_sent_again_carries_the_same_message_id_and_another_notification_another(settings):
    settings.SITE_URL = "https://livinglab.example.go.id"
    first, second = NotificationFactory(), NotificationFactory()

    services.email_immediately(notification_ids=[first.pk, second.pk])
    Notification.objects.filter(pk=first.pk).update(emailed_at=None)  # as if the COMMIT had been lost
    services.email_immediately(notification_ids=[first.pk])

    ids = [_message_id(m) for m in mail.outbox]
    assert ids == [
        f"<notification-{first.pk}@livinglab.example.go.id>",
        f"<notification-{second.pk}@livinglab.example.go.id>",
        f"<notification-{first.pk}@livinglab.example.go.id>",
    ]


def test_a_digests_message_id_follows_its_reader_and_what_it_holds():
    reader, other = UserFactory(username="harian"), UserFactory(username="lain")
    one, two, three = (NotificationFactory(recipient=reader) for _ in range(3))

    same = services.digest_message_id(reader, [one, two])
    assert services.digest_message_id(reader, [two, one]) == same  # the order does not matter
    assert services.digest_message_id(reader, [one, two, three]) != same
    assert services.digest_message_id(other, [one, two]) != same
    assert same.startswith(f"<digest-{reader.pk}-") and same.endswith(">")
    assert services.notification_message_id(one) != services.notification_message_id(two)


def test_a_send_that_fails_leaves_the_notification_unmarked_for_the_retry(monkeypatch):
    notification = NotificationFactory()

    def refused(self, messages):
        raise OSError("connection refused by the mail server")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refused)
    with pytest.raises(OSError):
        services.email_immediately(notification_ids=[notification.pk])
    notification.refresh_from_db()
    assert notification.emailed_at is None  # the mark made before sending was rolled back
    monkeypatch.undo()

    assert services.email_immediately(notification_ids=[notification.pk]) == 1
    assert [m.to for m in mail.outbox] == [[notification.recipient.email]]


def test_a_digest_that_fails_to_send_stays_unmarked(monkeypatch):
    reader = UserFactory(username="harian")
    NotificationPreference.objects.create(user=reader, frequency="daily", language="id")
    notifications = [NotificationFactory(recipient=reader) for _ in range(2)]

    monkeypatch.setattr(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        lambda self, messages: (_ for _ in ()).throw(OSError("mail server gone")),
    )
    with pytest.raises(OSError):
        services.digest_send(user_id=reader.pk, frequency="daily")
    assert not Notification.objects.filter(emailed_at__isnull=False).exists()
    monkeypatch.undo()

    assert services.digest_send(user_id=reader.pk, frequency="daily") == 2
    assert _message_id(mail.outbox[0]) == services.digest_message_id(reader, notifications)


def test_an_immediate_email_whose_task_was_lost_is_sent_by_the_sweep_once():
    now = timezone.now()

    def created(minutes_ago, **fields):
        notification = NotificationFactory(**fields)
        Notification.objects.filter(pk=notification.pk).update(
            created_at=now - datetime.timedelta(minutes=minutes_ago)
        )
        return notification

    lost = created(20)  # its task never ran
    fresh = created(1)  # its task may still be on its way
    ancient = created(3 * 24 * 60)
    daily = created(20)
    NotificationPreference.objects.create(user=daily.recipient, frequency="daily", language="id")
    no_address = created(20, recipient__email="")
    created(20, emailed_at=now)

    assert services.unsent_immediate(now=now) == [lost.pk]
    assert tasks.send_unsent_emails.delay().get() == 1
    assert tasks.send_unsent_emails.delay().get() == 0  # beat fired again: nothing left

    assert [m.to for m in mail.outbox] == [[lost.recipient.email]]
    assert _message_id(mail.outbox[0]) == services.notification_message_id(lost)
    left = Notification.objects.filter(emailed_at__isnull=True)
    assert set(left) == {fresh, ancient, daily, no_address}


def test_beat_sweeps_unsent_emails_as_often_as_it_requeues_stale_imports(settings):
    from livinglab.celery import app

    app.loader.import_default_modules()
    entries = {entry["task"]: entry for entry in app.conf.beat_schedule.values()}
    assert entries["notifications.send_unsent_emails"]["schedule"] == settings.STALE_JOB_CHECK_SECONDS
