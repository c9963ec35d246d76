"""Query discipline of the SPBE admin: a change page costs the same queries for 5 levels or 47, for 1
history row or 30, and a list page the same for 10 rows or 100 (measured as a national admin)."""

import pytest

from spbe.models import Evidence, IndicatorScore, LevelChange

from ..queries import measure_get
from ..regencies.factories import RegencyFactory, UserFactory
from .factories import EvaluationFactory, IndicatorScoreFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(national_admin, client_for):
    return client_for(national_admin)


def _evaluation(framework, levels, regency=None, year=2023):
    evaluation = EvaluationFactory(regency=regency or RegencyFactory(), year=year, framework=framework)
    for indicator in framework.indicators.order_by("number")[:levels]:
        IndicatorScoreFactory(evaluation=evaluation, indicator=indicator)
    return evaluation


def _history(score, rows):
    users = [UserFactory() for _ in range(min(rows, 5))]  # several people, so no one row's user is cached
    LevelChange.objects.bulk_create(
        LevelChange(score=score, changed_by=users[i % len(users)], old_level=i % 5, new_level=(i + 1) % 5)
        for i in range(rows)
    )
    Evidence.objects.bulk_create(
        Evidence(score=score, title=f"Bukti {i}", url=f"https://example.go.id/{i}", added_by=users[0])
        for i in range(min(rows, 10))
    )


def test_the_evaluation_change_page_costs_the_same_for_5_levels_or_47(admin_client, framework_2020):
    small = _evaluation(framework_2020, 5)
    large = _evaluation(framework_2020, 47)
    url = "/admin/spbe/evaluation/{}/change/"

    admin_client.get(url.format(small.pk))  # warms the content-type cache, as any earlier page would
    # session, user, the evaluation, user and group permissions, the levels (+ their indicators, one
    # join), the user's groups, the regency shown, the regency autocomplete's choice, the frameworks:
    # 10, never one per level.
    few, _ = measure_get(admin_client, url.format(small.pk))
    many, response = measure_get(admin_client, url.format(large.pk))

    assert many == few, (few, many)
    assert many <= 10
    assert response.content.decode().count("/change/") >= 47  # each level links to its own page


def test_the_level_change_page_costs_the_same_for_1_history_row_or_30(admin_client, framework_2020):
    evaluation = _evaluation(framework_2020, 2)
    small, large = evaluation.scores.order_by("indicator__number")
    _history(small, 1)
    _history(large, 30)
    url = "/admin/spbe/indicatorscore/{}/change/"

    admin_client.get(url.format(small.pk))
    # session, user, the level (+ evaluation, regency, indicator), permissions, the history (+ who),
    # the evidence (+ who added it), the user's groups: a constant set, never one per row.
    few, _ = measure_get(admin_client, url.format(small.pk))
    many, response = measure_get(admin_client, url.format(large.pk))

    assert many == few, (few, many)
    assert many <= 10
    assert response.context["inline_admin_formsets"][0].formset.queryset.count() == 30


def _evaluations(framework, n):
    for _ in range(n):
        EvaluationFactory(regency=RegencyFactory(), year=2023, framework=framework)


def _levels(framework, n):
    indicators = list(framework.indicators.order_by("number"))
    done = 0
    while done < n:
        evaluation = EvaluationFactory(regency=RegencyFactory(), year=2023, framework=framework)
        batch = indicators[: min(len(indicators), n - done)]
        IndicatorScore.objects.bulk_create(
            IndicatorScore(evaluation=evaluation, indicator=indicator, level=2) for indicator in batch
        )
        done += len(batch)


@pytest.mark.parametrize(
    ("url", "rows"),
    [
        ("/admin/spbe/evaluation/", _evaluations),
        ("/admin/spbe/indicatorscore/", _levels),
        ("/admin/spbe/indicatorscore/?evaluation__year__exact=2023", _levels),
    ],
)
def test_the_admin_lists_cost_the_same_for_10_rows_or_100(admin_client, framework_2020, url, rows):
    rows(framework_2020, 10)
    admin_client.get(url)
    # session, user, permissions, the count, the filtered count, the page of rows (+ regency,
    # framework or evaluation, regency, indicator: list_select_related), the filters' choices.
    few, _ = measure_get(admin_client, url)
    rows(framework_2020, 90)
    many, response = measure_get(admin_client, url)

    assert many == few, (few, many)
    assert response.context["cl"].result_count == 100
