"""The "Pemda saya" dashboard of Ogan Ilir's staff: its practices, requests awaiting its answer, its
replications of others' practices, visits to follow up and the top 3 recommendations."""

import datetime

import pytest
from django.utils import timezone

from knowledge.models import Replication

from ..queries import measure_get
from ..regencies.factories import RegencyFactory
from .factories import PracticeFactory, PracticeIndicatorFactory
from .replication_factories import ReplicationFactory
from .visit_factories import StudyVisitFactory, VisitCommitmentFactory

pytestmark = pytest.mark.django_db


def _fill(ogan_ilir, framework_2020, count):
    """`count` of each thing the dashboard lists, for Ogan Ilir."""
    indicator = framework_2020.indicators.get(number=42)
    for _ in range(count):
        own = PracticeFactory(regency=ogan_ilir)
        ReplicationFactory(practice=own, stage="requested")
        ReplicationFactory(adopter=ogan_ilir, stage="training")
        idle = ReplicationFactory(adopter=ogan_ilir, stage="handover")  # stage_changed_at is auto_now_add
        Replication.objects.filter(pk=idle.pk).update(
            stage_changed_at=timezone.now() - datetime.timedelta(days=61)
        )
        VisitCommitmentFactory(
            visit=StudyVisitFactory(visitor=ogan_ilir, visited_on=datetime.date(2026, 1, 5)),
        )
        PracticeIndicatorFactory(
            practice=PracticeFactory(regency=RegencyFactory()), indicator=indicator, level=5
        )


def test_staff_see_what_their_pemda_follows(
    client_for, ogan_ilir_editor, ogan_ilir, framework_2020, make_evaluation
):
    make_evaluation(ogan_ilir, level=5, levels={42: 2})
    _fill(ogan_ilir, framework_2020, 4)

    response = client_for(ogan_ilir_editor).get("/dashboard/")

    board = response.context["dashboard"]
    assert response.status_code == 200
    assert len(board.practices) == 4
    assert [r.stage for r in board.awaiting_answer] == ["requested"] * 4
    assert all(r.owner_id == ogan_ilir.pk for r in board.awaiting_answer)
    assert [r.stage for r in board.outgoing] == ["training"] * 4 + ["handover"] * 4
    assert [r.stage for r in board.stalled] == ["handover"] * 4  # 61 days without a step
    assert response.content.decode().count('class="stage stage-stalled"') == 4
    assert len(board.visits) == 4 and all(v.overdue for v in board.visits)
    assert len(board.recommendations.items) == 3
    assert "potensi kenaikan +0,09" in response.content.decode()


def test_the_menu_links_it(client_for, ogan_ilir_editor):
    assert 'href="/dashboard/"' in client_for(ogan_ilir_editor).get("/visits/").content.decode()


def test_anonymous_is_sent_to_log_in(anon):
    response = anon.get("/dashboard/")

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_national_admin_gets_a_note_with_the_ministry_lists(client_for, national_admin):
    page = client_for(national_admin).get("/dashboard/").content.decode()

    assert 'href="/replications/"' in page and 'href="/visits/"' in page


def test_a_pemda_sees_only_its_own(client_for, banjar_editor, ogan_ilir, framework_2020):
    _fill(ogan_ilir, framework_2020, 2)

    board = client_for(banjar_editor).get("/dashboard/").context["dashboard"]

    assert board.practices == board.awaiting_answer == board.outgoing == board.stalled == board.visits == []


def test_the_dashboard_costs_the_same_for_2_or_12_of_each(
    client_for, ogan_ilir_editor, ogan_ilir, framework_2020, make_evaluation
):
    make_evaluation(ogan_ilir, level=5, levels={42: 2})
    client = client_for(ogan_ilir_editor)
    _fill(ogan_ilir, framework_2020, 2)
    small, _ = measure_get(client, "/dashboard/")
    _fill(ogan_ilir, framework_2020, 10)
    large, response = measure_get(client, "/dashboard/")

    # session, user, membership, its pemda; practices, awaiting answer, outgoing, stalled, visits;
    # recommendations (evaluation, its detail and 3 prefetches, the linked practices); the menu's
    # unread count.
    assert small == large == 16
    assert len(response.context["dashboard"].practices) == 10
