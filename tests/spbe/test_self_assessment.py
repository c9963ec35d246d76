import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from spbe.models import Evaluation, LevelChange
from spbe.services import self_assessment_create

pytestmark = pytest.mark.django_db

BASE = "/spbe/self-assessments/"


@pytest.fixture
def draft(sumedang, framework_2020):
    return self_assessment_create(regency=sumedang, year=2026, framework=framework_2020)


def _levels(evaluation, level=3, overrides=None):
    overrides = overrides or {}
    data = {}
    for number in evaluation.framework.indicators.values_list("number", flat=True):
        data[f"level_{number}"] = overrides.get(number, level)
        data[f"explanation_{number}"] = "Sudah ada Perbup"
    return data


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_staff_start_a_self_assessment_for_their_own_pemda(sumedang, frameworks, sumedang_editor, client_for):
    client = client_for(sumedang_editor)

    response = client.post(f"{BASE}new/", {"year": 2026, "framework": "permenpanrb-59-2020"})

    evaluation = Evaluation.objects.get()
    assert response["Location"] == f"{BASE}{evaluation.pk}/"
    assert (evaluation.regency_id, evaluation.status, evaluation.source) == (
        "32.11",
        "draft",
        "self_assessment",
    )


def test_a_second_one_for_the_same_year_is_refused_next_to_the_year(draft, sumedang_editor, client_for):
    response = client_for(sumedang_editor).post(
        f"{BASE}new/", {"year": 2026, "framework": "permenpanrb-59-2020"}
    )

    assert response.status_code == 200
    assert 'id="id_year_error"' in response.content.decode()
    assert Evaluation.objects.count() == 1


@pytest.mark.parametrize("actor", ["national_admin", "assessor"])
def test_people_without_a_pemda_cannot_start_one(frameworks, client_for, request, actor):
    response = client_for(request.getfixturevalue(actor)).post(f"{BASE}new/", {"year": 2026})

    assert response.status_code == 403


def test_anonymous_is_sent_to_log_in(draft, anon):
    for url in (BASE, f"{BASE}new/", f"{BASE}{draft.pk}/", f"{BASE}{draft.pk}/submit/"):
        response = anon.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("actor", ["sumedang_editor", "sumedang_manager"])
def test_the_pemdas_staff_save_a_draft_and_see_the_index(draft, client_for, request, actor):
    client = client_for(request.getfixturevalue(actor))

    response = client.post(f"{BASE}{draft.pk}/", _levels(draft, level=3))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.computed_index == 3
    html = _page(client, f"{BASE}{draft.pk}/")
    assert '<strong id="index">3,00</strong>' in html
    assert 'data-weight="1.3000"' in html


def test_a_partial_draft_is_kept_without_an_index(draft, sumedang_editor, client_for):
    client_for(sumedang_editor).post(f"{BASE}{draft.pk}/", {"level_1": 2, "explanation_1": "Draf"})

    draft.refresh_from_db()
    assert draft.scores.count() == 1
    assert draft.computed_index is None


def test_every_change_of_level_is_kept_in_the_history(draft, sumedang_editor, sumedang_manager, client_for):
    client_for(sumedang_editor).post(f"{BASE}{draft.pk}/", {"level_1": 2})
    client_for(sumedang_manager).post(f"{BASE}{draft.pk}/", {"level_1": 4})
    client_for(sumedang_manager).post(
        f"{BASE}{draft.pk}/", {"level_1": 4, "explanation_1": "Tanpa perubahan level"}
    )

    changes = list(LevelChange.objects.values_list("old_level", "new_level", "changed_by__username"))
    assert changes == [(2, 4, "manager-sumedang"), (None, 2, "editor-sumedang")]
    html = _page(client_for(sumedang_editor), f"{BASE}{draft.pk}/history/")
    assert html.count("<tr><td>") == 2
    assert sumedang_manager.get_full_name() in html


@pytest.mark.parametrize(("field", "value"), [("level_1", 9), ("level_1", "tinggi"), ("level_99", 3)])
def test_a_bad_level_changes_nothing(draft, sumedang_editor, client_for, field, value):
    data = {**_levels(draft), field: value}

    response = client_for(sumedang_editor).post(f"{BASE}{draft.pk}/", data)

    if field == "level_99":  # not an indicator of the framework: ignored, the rest is saved
        assert response.status_code == 302
        return
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    assert not draft.scores.exists()


def test_staff_of_another_pemda_see_and_change_nothing(
    draft, ogan_ilir_editor, ogan_ilir_manager, client_for
):
    for user in (ogan_ilir_editor, ogan_ilir_manager):
        client = client_for(user)
        assert client.get(f"{BASE}{draft.pk}/").status_code == 404
        assert client.post(f"{BASE}{draft.pk}/", _levels(draft)).status_code == 404
        assert client.post(f"{BASE}{draft.pk}/submit/", {"confirm": "on"}).status_code == 404
    assert not draft.scores.exists()


@pytest.fixture
def filled(draft, sumedang_editor, client_for):
    client_for(sumedang_editor).post(f"{BASE}{draft.pk}/", _levels(draft, level=3))
    return draft


def test_submitting_asks_for_confirmation_and_is_for_the_manager(
    filled, sumedang_editor, sumedang_manager, client_for
):
    assert (
        client_for(sumedang_editor).post(f"{BASE}{filled.pk}/submit/", {"confirm": "on"}).status_code == 403
    )
    manager = client_for(sumedang_manager)
    assert manager.post(f"{BASE}{filled.pk}/submit/", {}).status_code == 200
    filled.refresh_from_db()
    assert filled.status == "draft"

    response = manager.post(f"{BASE}{filled.pk}/submit/", {"confirm": "on"})

    filled.refresh_from_db()
    assert response.status_code == 302
    assert filled.status == "submitted"
    assert filled.submitted_by.username == "manager-sumedang"


def test_an_incomplete_self_assessment_cannot_be_submitted(draft, sumedang_manager, client_for):
    client_for(sumedang_manager).post(f"{BASE}{draft.pk}/", {"level_1": 3})

    response = client_for(sumedang_manager).post(f"{BASE}{draft.pk}/submit/", {"confirm": "on"})

    assert response.status_code == 200
    assert "46" in response.content.decode()  # indicators still without a level
    draft.refresh_from_db()
    assert draft.status == "draft"


@pytest.fixture
def submitted(filled, sumedang_manager, client_for):
    client_for(sumedang_manager).post(f"{BASE}{filled.pk}/submit/", {"confirm": "on"})
    return filled


def test_a_submitted_self_assessment_is_locked(submitted, sumedang_editor, client_for):
    response = client_for(sumedang_editor).post(f"{BASE}{submitted.pk}/", _levels(submitted, level=5))

    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.computed_index == 3


@pytest.mark.parametrize("actor", ["sumedang_manager", "national_admin", "ogan_ilir_manager"])
def test_only_assessors_review(submitted, client_for, request, actor):
    response = client_for(request.getfixturevalue(actor)).post(
        f"{BASE}{submitted.pk}/review/", {"decision": "verify"}
    )

    assert response.status_code in (403, 404)
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_an_assessor_returns_with_comments_and_the_pemda_revises(
    submitted, assessor, sumedang_editor, sumedang_manager, client_for
):
    reviewer = client_for(assessor)
    assert 'name="comment_47"' in _page(reviewer, f"{BASE}{submitted.pk}/review/")
    empty = reviewer.post(f"{BASE}{submitted.pk}/review/", {"decision": "return"})
    assert empty.status_code == 200  # returning needs at least one comment

    reviewer.post(f"{BASE}{submitted.pk}/review/", {"decision": "return", "comment_5": "Unggah Perbup"})

    submitted.refresh_from_db()
    assert submitted.status == "returned"
    html = _page(client_for(sumedang_editor), f"{BASE}{submitted.pk}/")
    assert "Unggah Perbup" in html
    client_for(sumedang_editor).post(f"{BASE}{submitted.pk}/", _levels(submitted, level=3, overrides={5: 4}))
    client_for(sumedang_manager).post(f"{BASE}{submitted.pk}/submit/", {"confirm": "on"})
    reviewer.post(f"{BASE}{submitted.pk}/review/", {"decision": "verify"})
    submitted.refresh_from_db()
    assert submitted.status == "verified"
    assert submitted.reviewed_by.username == "asesor"
    assert f"/spbe/evaluations/{submitted.pk}/" in _page(client_for(sumedang_editor), "/regencies/32.11/")


def test_the_lists_show_own_pemda_to_staff_and_the_queue_to_assessors(
    submitted, draft, sumedang_editor, assessor, ogan_ilir_editor, client_for
):
    assert f"{BASE}{submitted.pk}/" in _page(client_for(sumedang_editor), BASE)
    assert f"{BASE}{submitted.pk}/" in _page(client_for(assessor), BASE)
    assert f"{BASE}{submitted.pk}/" not in _page(client_for(ogan_ilir_editor), BASE)


def test_the_form_page_costs_the_same_queries_with_more_levels_and_evidence(
    draft, sumedang_editor, client_for, settings, tmp_path
):
    from spbe.models import Evidence

    client = client_for(sumedang_editor)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"{BASE}{draft.pk}/").status_code == 200
        return len(ctx)

    client.post(f"{BASE}{draft.pk}/", {"level_1": 3})
    small = count()
    client.post(f"{BASE}{draft.pk}/", _levels(draft, level=4))
    for score in draft.scores.all():
        Evidence.objects.create(score=score, title="Perbup", url="https://jdih.example.go.id/1")

    assert count() == small


def test_a_synthetic_self_assessment_is_labelled(regions, frameworks, client_for):
    from spbe.services import synthetic_self_assessments_generate

    synthetic_self_assessments_generate(year=2026)
    evaluation = Evaluation.objects.get(regency_id="32.11", year=2026)

    html = _page(client_for(_editor_of("32.11")), f"{BASE}{evaluation.pk}/")

    assert html.count('class="synthetic-label"') == 1


def _editor_of(code):
    from regencies.models import Regency

    from ..regencies.factories import MembershipFactory

    return MembershipFactory(regency=Regency.objects.get(code=code)).user
