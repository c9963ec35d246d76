"""SPBE in the Django admin: what national admins may change there, and what stays with the workflow."""

from decimal import Decimal

import pytest

from spbe.models import Evaluation, LevelChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(national_admin, client_for):
    return client_for(national_admin)


@pytest.fixture
def official(sumedang, framework_2020, make_result):
    return make_result(sumedang, 2022, Decimal("3.84"), framework_2020)


def _change(client, evaluation, **changes):
    """POST the evaluation's change form as the admin page would, with some fields changed."""
    data = {
        "regency": evaluation.regency_id,
        "year": evaluation.year,
        "framework": evaluation.framework_id,
        "source": evaluation.source,
        "published_index": evaluation.published_index or "",
        "published_predicate": evaluation.published_predicate,
        "source_title": evaluation.source_title,
        "source_url": evaluation.source_url,
        "certainty": evaluation.certainty,
        "certainty_note": evaluation.certainty_note,
        "note": evaluation.note,
        "scores-TOTAL_FORMS": evaluation.scores.count(),
        "scores-INITIAL_FORMS": evaluation.scores.count(),
        **changes,
    }
    return client.post(f"/admin/spbe/evaluation/{evaluation.pk}/change/", data)


def test_a_changed_published_index_recomputes_index_and_predicate(admin_client, official):
    response = _change(admin_client, official, published_index="4.25")

    assert response.status_code == 302
    official.refresh_from_db()
    assert (official.index, official.predicate) == (Decimal("4.25"), "Memuaskan")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"published_index": "7"}, "published_index"),
        ({"published_index": "-1"}, "published_index"),
        ({"year": "1999"}, "year"),
        ({"year": "2019"}, "year"),  # PermenPANRB 59/2020 is used from 2021 on
    ],
)
def test_an_index_or_year_out_of_range_is_refused_next_to_the_field(admin_client, official, changes, field):
    response = _change(admin_client, official, **changes)

    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    official.refresh_from_db()
    assert (official.year, official.index) == (2022, Decimal("3.84"))


def test_levels_and_the_workflow_status_are_read_only_in_the_admin(
    admin_client, sumedang, framework_2020, make_evaluation
):
    evaluation = make_evaluation(
        sumedang, year=2024, source=Evaluation.Source.SELF_ASSESSMENT, status="draft"
    )
    score = evaluation.scores.get(indicator__number=1)

    evaluation_page = admin_client.get(f"/admin/spbe/evaluation/{evaluation.pk}/change/").content.decode()
    score_page = admin_client.get(f"/admin/spbe/indicatorscore/{score.pk}/change/").content.decode()

    assert 'name="status"' not in evaluation_page
    assert 'name="scores-0-level"' not in evaluation_page
    assert 'name="level"' not in score_page
    admin_client.post(f"/admin/spbe/indicatorscore/{score.pk}/change/", {"level": "5"})
    score.refresh_from_db()
    assert score.level == 3
    assert not LevelChange.objects.exists()
    assert admin_client.get("/admin/spbe/indicatorscore/add/").status_code == 403


def test_nobody_turns_a_self_assessment_into_an_official_result_or_unticks_synthetic(
    admin_client, sumedang, make_evaluation
):
    demo = make_evaluation(
        sumedang, year=2026, source=Evaluation.Source.SELF_ASSESSMENT, status="verified", synthetic=True
    )

    page = admin_client.get(f"/admin/spbe/evaluation/{demo.pk}/change/").content.decode()
    response = _change(admin_client, demo, source=Evaluation.Source.OFFICIAL, synthetic="")

    assert 'name="source"' not in page and 'name="synthetic"' not in page
    assert response.status_code == 302  # the other fields save as usual
    demo.refresh_from_db()
    assert (demo.source, demo.synthetic) == (Evaluation.Source.SELF_ASSESSMENT, True)
    assert not Evaluation.objects.filter(source=Evaluation.Source.OFFICIAL).exists()


def test_an_official_result_cannot_be_made_synthetic_in_the_admin(admin_client, official):
    _change(admin_client, official, synthetic="on", source=Evaluation.Source.SELF_ASSESSMENT)

    official.refresh_from_db()
    assert (official.source, official.synthetic) == (Evaluation.Source.OFFICIAL, False)


def test_a_new_evaluation_in_the_admin_still_chooses_its_kind(admin_client):
    page = admin_client.get("/admin/spbe/evaluation/add/").content.decode()

    assert 'name="source"' in page and 'name="synthetic"' in page
