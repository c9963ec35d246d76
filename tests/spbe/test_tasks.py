"""The task page staff land on after logging in: what waits for them, by role, from every side."""

import re

import pytest
from django.core.files.base import ContentFile
from rest_framework.authtoken.models import Token

from regencies.models import Regency
from spbe.models import Evaluation, ImportJob

from ..queries import measure_get
from ..regencies.factories import MembershipFactory

pytestmark = pytest.mark.django_db

TASKS = "/accounts/tasks/"
SA = Evaluation.Source.SELF_ASSESSMENT


def _html(client):
    response = client.get(TASKS)
    assert response.status_code == 200
    return response.content.decode()


def _section(html, name):
    match = re.search(rf'<section id="{name}">(.*?)</section>', html, re.S)
    return match.group(1) if match else None


@pytest.fixture
def sumedang_work(sumedang, ogan_ilir, make_evaluation, scored_draft):
    """Sumedang: a 2026 draft with one level chosen, a complete 2025 draft, a submitted 2024 one;
    Ogan Ilir: a submitted 2024 one."""
    return {
        "incomplete": scored_draft,
        "complete": make_evaluation(sumedang, year=2025, source=SA, status=Evaluation.Status.DRAFT),
        "submitted": make_evaluation(sumedang, year=2024, source=SA, status=Evaluation.Status.SUBMITTED),
        "other_submitted": make_evaluation(
            ogan_ilir, year=2024, source=SA, status=Evaluation.Status.SUBMITTED
        ),
    }


def test_anonymous_visitors_are_sent_to_log_in(anon):
    response = anon.get(TASKS)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={TASKS}"


def test_staff_land_on_their_tasks_after_logging_in(sumedang_editor, anon):
    response = anon.post(
        "/accounts/login/", {"username": "editor-sumedang", "password": "rahasia-yang-panjang-123"}
    )

    assert response.status_code == 302
    assert response["Location"] == TASKS
    assert anon.get(TASKS).status_code == 200


def test_an_editor_sees_what_to_fill_but_not_a_submit_button(sumedang_work, sumedang_editor, client_for):
    html = _html(client_for(sumedang_editor))

    own = _section(html, "own")
    incomplete, complete = sumedang_work["incomplete"], sumedang_work["complete"]
    assert f'href="/spbe/self-assessments/{incomplete.pk}/">Pilih level yang belum dipilih</a>' in own
    assert "<td>1 / 47</td>" in own and "<td>47 / 47</td>" in own
    assert "/submit/" not in own  # submitting is the manager's
    assert "Lengkap: pengelola pemda Anda yang mengajukannya" in own
    assert f'href="/spbe/self-assessments/{complete.pk}/"' in own
    assert "Menunggu ditinjau asesor" in own  # the submitted one
    assert _section(html, "queue") is None and _section(html, "imports") is None
    assert 'href="/regencies/32.11/staff/"' not in html


def test_a_manager_is_offered_to_submit_a_complete_draft_and_to_manage_staff(
    sumedang_work, sumedang_manager, client_for
):
    html = _html(client_for(sumedang_manager))

    own = _section(html, "own")
    complete, incomplete = sumedang_work["complete"], sumedang_work["incomplete"]
    assert f'href="/spbe/self-assessments/{complete.pk}/submit/"' in own
    assert f'href="/spbe/self-assessments/{incomplete.pk}/submit/"' not in own  # not complete yet
    assert 'href="/regencies/32.11/staff/"' in own


def test_staff_of_another_pemda_see_only_their_own(sumedang_work, ogan_ilir_editor, client_for):
    html = _html(client_for(ogan_ilir_editor))

    own = _section(html, "own")
    assert "Kabupaten Ogan Ilir" in own
    assert f'href="/spbe/self-assessments/{sumedang_work["other_submitted"].pk}/"' in own
    for key in ("incomplete", "complete", "submitted"):
        assert f"/spbe/self-assessments/{sumedang_work[key].pk}/" not in html


def test_staff_without_any_self_assessment_are_invited_to_start_one(sumedang, sumedang_editor, client_for):
    own = _section(_html(client_for(sumedang_editor)), "own")

    assert "Pemda Anda belum memiliki penilaian mandiri" in own
    assert 'href="/spbe/self-assessments/new/"' in own


def test_an_assessor_reviews_submitted_ones_but_never_their_own_pemdas(
    sumedang, sumedang_work, assessor, client_for
):
    MembershipFactory(user=assessor, regency=sumedang)

    html = _html(client_for(assessor))

    queue = _section(html, "queue")
    other, own = sumedang_work["other_submitted"], sumedang_work["submitted"]
    assert f'href="/spbe/self-assessments/{other.pk}/review/"' in queue
    assert f"/spbe/self-assessments/{own.pk}/" not in queue
    assert _section(html, "imports") is None


def test_a_national_admin_follows_submitted_ones_and_recent_imports(
    sumedang_work, national_admin, client_for, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    job = ImportJob.objects.create(
        uploaded_by=national_admin,
        file=ContentFile(b"x", name="hasil.csv"),
        original_name="hasil-2024.csv",
        status=ImportJob.Status.CHECKED,
    )

    html = _html(client_for(national_admin))

    queue = _section(html, "queue")
    for key in ("submitted", "other_submitted"):
        assert f'href="/spbe/self-assessments/{sumedang_work[key].pk}/"' in queue  # to view, not review
    assert "/review/" not in queue
    imports = _section(html, "imports")
    assert f'href="/spbe/imports/{job.pk}/">hasil-2024.csv</a>' in imports
    assert 'href="/admin/auth/user/"' in imports
    assert _section(html, "own") is None  # no pemda of their own


def test_the_api_token_is_shown_only_on_request_and_never_cached(sumedang_editor, client_for):
    client = client_for(sumedang_editor)

    tasks, profile = _html(client), client.get("/accounts/profile/").content.decode()
    token_page = client.get("/accounts/token/")

    key = Token.objects.get(user=sumedang_editor).key
    assert key not in tasks and key not in profile
    assert 'href="/accounts/token/"' in profile
    assert key in token_page.content.decode()
    assert "no-store" in token_page["Cache-Control"] and "private" in token_page["Cache-Control"]


def test_the_token_page_needs_a_login(anon):
    response = anon.get("/accounts/token/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/token/"


def test_the_task_page_costs_the_same_queries_for_few_or_many_self_assessments(
    regions, framework_2020, make_evaluation, assessor, client_for, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    sumedang = Regency.objects.get(code="32.11")
    MembershipFactory(user=assessor, regency=sumedang, role="manager")
    others = list(Regency.objects.exclude(code="32.11").order_by("code"))

    def submitted(regencies, year):
        for regency in regencies:
            make_evaluation(regency, year=year, source=SA, status=Evaluation.Status.SUBMITTED)

    make_evaluation(sumedang, year=2025, source=SA, status=Evaluation.Status.DRAFT)
    submitted(others[:2], 2025)
    client = client_for(assessor)
    small, small_response = measure_get(client, TASKS)
    for year in (2023, 2024):
        make_evaluation(sumedang, year=year, source=SA, status=Evaluation.Status.RETURNED)
    submitted(others[2:30], 2025)
    large, large_response = measure_get(client, TASKS)

    # session and user, the membership, the groups, the own self-assessments with their counts, the
    # pemda's name, the size of the review queue, its first rows with pemda and framework, the unread
    # notifications in the menu
    assert small == large == 9
    assert _section(small_response.content.decode(), "queue").count("/review/") == 2
    assert _section(large_response.content.decode(), "queue").count("/review/") == 20
    assert _section(large_response.content.decode(), "own").count("/submit/") == 3
