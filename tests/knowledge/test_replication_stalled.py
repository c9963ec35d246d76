"""A replication with no step for 60 days that is not closed is stalled ("macet"): labelled on the
list and page, filterable, and both pemda are reminded weekly."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from knowledge.models import Notification, Replication
from knowledge.replications.tasks import send_stalled_reminders
from livinglab.settings import CELERY_BEAT_SCHEDULE

from ..queries import measure_get
from .factories import PracticeFactory
from .replication_factories import ReplicationFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC)


def _idle(replication, days, now=None):
    """The replication's last step `days` ago (a frozen clock: `now`, else the real one)."""
    Replication.objects.filter(pk=replication.pk).update(
        stage_changed_at=(now or timezone.now()) - datetime.timedelta(days=days)
    )
    replication.refresh_from_db()
    return replication


@pytest.mark.parametrize(("days", "stalled"), [(59, False), (60, True), (400, True)])
def test_an_open_replication_is_stalled_from_60_days_without_a_step(make_replication, days, stalled):
    replication = _idle(make_replication("handover"), days, NOW)

    assert Replication.objects.stalled(NOW).filter(pk=replication.pk).exists() is stalled
    assert Replication.objects.not_stalled(NOW).filter(pk=replication.pk).exists() is not stalled


@pytest.mark.parametrize("stage", ["evaluated", "declined", "stopped"])
def test_a_closed_replication_is_never_stalled(make_replication, stage):
    replication = _idle(make_replication(stage), 400)

    assert not Replication.objects.stalled().exists()
    assert not replication.is_stalled
    assert Replication.objects.not_stalled().get() == replication


def test_the_list_and_page_label_a_stalled_replication(client_for, make_replication, sumedang_editor):
    stalled = _idle(make_replication("training"), 61)
    client = client_for(sumedang_editor)

    assert "stage-stalled" in client.get("/replications/").content.decode()
    assert "stage-stalled" in client.get(stalled.get_absolute_url()).content.decode()
    Replication.objects.filter(pk=stalled.pk).update(stage_changed_at=timezone.now())
    assert "stage-stalled" not in client.get("/replications/").content.decode()


def test_the_list_page_filters_stalled_or_not(client_for, make_replication, sumedang_editor, published):
    stalled = _idle(make_replication("training"), 90)
    fresh = ReplicationFactory(practice=published, stage="accepted")
    client = client_for(sumedang_editor)

    def listed(query):
        return [r.pk for r in client.get(f"/replications/{query}").context["page"].object_list]

    assert listed("?stalled=true") == [stalled.pk]
    assert listed("?stalled=false") == [fresh.pk]
    assert sorted(listed("")) == sorted([stalled.pk, fresh.pk])


def test_the_api_filters_stalled_and_says_which_are(make_replication, published):
    stalled = _idle(make_replication("live"), 60)
    fresh = ReplicationFactory(practice=published, stage="accepted")
    client = APIClient()

    rows = client.get("/api/v1/replications/?stalled=true").json()["results"]
    assert [(row["id"], row["stalled"]) for row in rows] == [(stalled.pk, True)]
    rows = client.get("/api/v1/replications/?stalled=false").json()["results"]
    assert [(row["id"], row["stalled"]) for row in rows] == [(fresh.pk, False)]


def test_the_api_refuses_a_stalled_value_it_cannot_read():
    response = APIClient().get("/api/v1/replications/?stalled=maybe")

    assert response.status_code == 400
    assert "stalled" in response.json()


@pytest.mark.usefixtures("celery_eager")
def test_the_weekly_task_reminds_both_sides_once(
    make_replication, published, sumedang_editor, sumedang_manager, ogan_ilir_editor, ogan_ilir_manager
):
    stalled = _idle(make_replication("agreement"), 75)
    _idle(ReplicationFactory(practice=published, stage="stopped"), 75)  # closed: no reminder
    ReplicationFactory(practice=published, stage="accepted")  # a step today: no reminder

    assert send_stalled_reminders.delay().get() == 1
    assert send_stalled_reminders.delay().get() == 0  # a doubled run reminds no one twice

    told = Notification.objects.filter(event="replication_stalled")
    assert sorted(told.values_list("recipient__username", flat=True)) == sorted(
        user.username for user in (sumedang_editor, sumedang_manager, ogan_ilir_editor, ogan_ilir_manager)
    )
    assert {row.subject_id for row in told} == {str(stalled.pk)}
    assert "tidak ada langkah selama 60 hari" in told.first().text  # Indonesian by default


def test_a_week_later_the_reminder_comes_again(make_replication, sumedang_editor):
    from knowledge.replications.services import stalled_reminders_send

    _idle(make_replication("agreement"), 75)
    assert stalled_reminders_send() == 1
    Notification.objects.update(created_at=timezone.now() - datetime.timedelta(days=7))

    assert stalled_reminders_send() == 1


def test_the_reminder_runs_on_monday_mornings_in_jakarta():
    entry = CELERY_BEAT_SCHEDULE["replication-stalled-reminders"]

    assert entry["task"] == "replications.send_stalled_reminders"
    assert entry["schedule"].day_of_week == {1}


@pytest.mark.parametrize("query", ["?stalled=true", "?stalled=false"])
def test_the_stalled_list_costs_the_same_for_2_or_45_replications(
    client_for, sumedang, sumedang_editor, query
):
    client = client_for(sumedang_editor)

    def add(count):
        for _ in range(count):
            _idle(ReplicationFactory(practice=PracticeFactory(regency=sumedang), stage="accepted"), 70)
            ReplicationFactory(practice=PracticeFactory(regency=sumedang), stage="accepted")

    add(1)
    small, _ = measure_get(client, f"/replications/{query}")
    add(22)
    large, response = measure_get(client, f"/replications/{query}")

    # session, user, membership, its pemda (the heading), count, one page of rows with practice and
    # both pemda, the menu's unread count.
    assert small == large == 7
    assert len(response.context["page"].object_list) == 20
    api_small, _ = measure_get(APIClient(), f"/api/v1/replications/{query}")
    assert api_small == 2  # count, one page of rows


def test_replications_recorded_from_public_reporting_remind_no_one(make_replication, sumedang_editor):
    from knowledge.replications.services import stalled_reminders_send

    _idle(make_replication("live", demo=True), 400)

    assert stalled_reminders_send() == 0
    assert not Notification.objects.exists()
    assert not Replication.objects.stalled().exists()  # nor labelled "macet": its today is unknown
    assert Replication.objects.not_stalled().count() == 1


@pytest.fixture
def clock(monkeypatch):
    """A frozen clock for timezone.now (the project has no freezegun): set `clock.now` to move it."""

    class Clock:
        now = NOW

    monkeypatch.setattr(timezone, "now", lambda: Clock.now)
    return Clock


@pytest.mark.usefixtures("celery_eager")
def test_on_a_frozen_clock_the_60th_day_without_a_step_makes_it_stalled(clock, make_replication):
    replication = make_replication("accepted")  # its last step: now
    api = APIClient()

    clock.now = NOW + datetime.timedelta(days=59, hours=23)
    assert api.get("/api/v1/replications/?stalled=true").json()["count"] == 0
    assert send_stalled_reminders.delay().get() == 0

    clock.now = NOW + datetime.timedelta(days=60)
    rows = api.get("/api/v1/replications/?stalled=true").json()["results"]
    assert [(row["id"], row["stalled"]) for row in rows] == [(replication.pk, True)]
    assert send_stalled_reminders.delay().get() == 1
