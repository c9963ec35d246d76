"""Every step tells the other side's staff and, once the replication is public, the practice's
followers; never the person who took it."""

import pytest

from knowledge.models import Notification
from knowledge.replications import services

from .discussion_factories import FollowFactory
from .replication_factories import ReplicationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("celery_eager")]


def _told(event):
    return set(Notification.objects.filter(event=event).values_list("recipient__username", flat=True))


@pytest.fixture
def follower(published):
    return FollowFactory(practice=published, user__username="pengikut").user


def test_the_owners_answer_tells_the_adopters_staff_and_the_followers(
    make_replication, follower, sumedang_editor, sumedang_manager, ogan_ilir_editor, ogan_ilir_manager
):
    replication = make_replication("requested")

    services.replication_advance(
        replication=replication, to="accepted", by_user=sumedang_editor, contact=sumedang_manager
    )

    assert _told("replication_accepted") == {"editor-ogan-ilir", "manager-ogan-ilir", "pengikut"}
    notification = Notification.objects.get(event="replication_accepted", recipient=ogan_ilir_editor)
    assert notification.url == f"/replications/{replication.pk}/"
    assert notification.practice == replication.practice
    assert (
        notification.text
        == "Kabupaten Sumedang bersedia membantu Kabupaten Ogan Ilir mereplikasi “Super Aplikasi e-Office”."
    )


def test_a_decline_stays_between_the_two_pemda(make_replication, follower, sumedang_editor, ogan_ilir_editor):
    replication = make_replication("requested")

    services.replication_advance(
        replication=replication, to="declined", by_user=sumedang_editor, note="Belum siap."
    )

    assert _told("replication_declined") == {"editor-ogan-ilir"}


def test_the_adopters_steps_tell_the_owners_staff(
    make_replication, follower, sumedang_editor, sumedang_manager, ogan_ilir_editor, ogan_ilir_manager
):
    replication = make_replication("training")

    services.replication_advance(replication=replication, to="deployed", by_user=ogan_ilir_manager)

    # The actor's colleagues are not the other side; the actor is never told of their own step.
    assert _told("replication_deployed") == {"editor-sumedang", "manager-sumedang", "pengikut"}


def test_the_owners_handover_tells_the_adopter(make_replication, sumedang_manager, ogan_ilir_editor):
    import datetime

    replication = make_replication("agreement")

    services.replication_advance(
        replication=replication,
        to="handover",
        by_user=sumedang_manager,
        handover_date=datetime.date(2022, 1, 15),
    )

    assert _told("replication_handover") == {"editor-ogan-ilir"}


def test_a_follower_of_another_practice_hears_nothing(
    make_replication, sumedang_editor, sumedang_manager, ogan_ilir_editor
):
    FollowFactory(practice=ReplicationFactory().practice, user__username="lain")
    replication = make_replication("requested")

    services.replication_advance(
        replication=replication, to="accepted", by_user=sumedang_editor, contact=sumedang_manager
    )

    assert "lain" not in _told("replication_accepted")
