"""Query discipline of the SPBE pages and API: a list costs the same queries for 10 rows or 500.

Each test measures one URL at a small and a large size of the data it shows and asserts the
two counts are equal (and equal to the queries named in its comment), and that the page really
showed the larger data.
"""

import re
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from regencies.models import Regency
from spbe.models import (
    DomainResult,
    Evaluation,
    Evidence,
    Framework,
    IndicatorScore,
    LevelChange,
    NationalIndex,
)
from spbe.services import evaluation_recompute

from ..queries import measure_get
from ..regencies.factories import UserFactory
from .factories import EvaluationFactory, IndicatorScoreFactory

pytestmark = pytest.mark.django_db


def _html(response):
    return response.content.decode()


def _national_years(years):
    for year in years:
        NationalIndex.objects.update_or_create(
            year=year,
            defaults={
                "index": Decimal("2.50") + Decimal(year - 2018) / 10,
                "source_title": f"sumber {year}",
                "source_url": f"https://example.go.id/{year}",
                "certainty": "secondary",
            },
        )


def _regencies(*codes):
    return [Regency.objects.get(code=code) for code in codes]


def _partial_evaluation(regency, framework, numbers, year=2023, **kwargs):
    """An evaluation with levels for only the given indicator numbers."""
    evaluation = EvaluationFactory(regency=regency, year=year, framework=framework, **kwargs)
    for indicator in framework.indicators.filter(number__in=numbers):
        IndicatorScoreFactory(evaluation=evaluation, indicator=indicator, level=2)
    return evaluation_recompute(evaluation=evaluation)


# HTML pages -----------------------------------------------------------------------------------


def test_the_compare_page_costs_the_same_queries_for_2_or_5_regencies(
    regions, framework_2020, make_result, anon
):
    five = _regencies("32.11", "16.10", "35.10", "51.71", "32.04")
    for n, regency in enumerate(five[:2]):
        for year in (2022, 2023):
            make_result(regency, year, Decimal("2.50") + Decimal(n) / 10, framework_2020)
    small, small_response = measure_get(anon, "/spbe/compare/", {"regencies": "32.11,16.10"})
    for n, regency in enumerate(five):
        for year in range(2018, 2024):
            if not Evaluation.objects.filter(regency=regency, year=year).exists():
                make_result(regency, year, Decimal("2.00") + Decimal(n + year - 2018) / 10, framework_2020)
    large, large_response = measure_get(anon, "/spbe/compare/", {"regencies": ",".join(r.code for r in five)})

    # the form checks the codes exist, the regencies with their province, their public results
    assert small == large == 3
    # the comparison table comes after the chart (whose text alternative is a table too)
    small_table = _html(small_response).split("</figure>")[1]
    large_table = _html(large_response).split("</figure>")[1]
    assert small_table.count('<th scope="col"><a href="/regencies/') == 2
    assert large_table.count('<th scope="col"><a href="/regencies/') == 5
    assert small_table.count('<tr><th scope="row">20') == 2  # years
    assert large_table.count('<tr><th scope="row">20') == 6
    assert large_table.count('href="/spbe/evaluations/') == 5 * 6


def test_the_overview_costs_the_same_queries_for_few_or_many_evaluations_and_national_years(
    regions, framework_2020, make_result, anon
):
    _national_years([2022])
    for regency in _regencies("32.11", "16.10"):
        make_result(regency, 2022, Decimal("3.00"), framework_2020)
    small, small_response = measure_get(anon, "/spbe/")
    _national_years(range(2018, 2025))
    for n, regency in enumerate(Regency.objects.order_by("code")[:120]):
        for year in (2021, 2022, 2023, 2024):
            if not Evaluation.objects.filter(regency=regency, year=year).exists():
                make_result(regency, year, Decimal("1.50") + Decimal(n % 30) / 10, framework_2020)
    large, large_response = measure_get(anon, "/spbe/")

    # national series, ranking years, predicates of the latest year, the framework of that year,
    # its predicate bands, the framework list
    assert small == large == 6
    sources = r"<li><strong>\d{4}</strong>"
    assert len(re.findall(sources, _html(small_response))) == 1
    assert len(re.findall(sources, _html(large_response))) == 7
    assert "Predikat kabupaten/kota yang diperingkat, 2022</h2>" in _html(small_response)
    assert "Predikat kabupaten/kota yang diperingkat, 2024</h2>" in _html(large_response)


def _gap_rows(html):
    table = re.search(r'id="gaps".*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    return table.count("<tr>")


def test_an_evaluation_page_costs_the_same_queries_for_3_or_47_scores_and_more_history(
    regions, framework_2020, make_evaluation, anon
):
    sumedang, ogan_ilir = _regencies("32.11", "16.10")
    few = _partial_evaluation(sumedang, framework_2020, [1, 2, 3], year=2023)
    small, small_response = measure_get(anon, f"/spbe/evaluations/{few.pk}/")
    full = make_evaluation(sumedang, year=2024, level=3, levels={40: 1})
    for year in (2021, 2022):
        make_evaluation(sumedang, year=year, level=2)
        make_evaluation(ogan_ilir, year=year, level=4)
    large, large_response = measure_get(anon, f"/spbe/evaluations/{full.pk}/")

    # is it visible, the evaluation with regency, province and framework, its scores with
    # indicator, aspect and domain, the framework's predicate bands, its domain results
    assert small == large == 5
    assert _gap_rows(_html(small_response)) == 3
    assert _gap_rows(_html(large_response)) == 47


def test_an_official_result_page_costs_the_same_queries_for_1_or_4_domain_indices(
    regions, framework_2020, make_result, anon
):
    def result_with_domain_indices(regency, indices):
        result = make_result(regency, 2022, Decimal("3.50"), framework_2020)
        for domain, index in zip(framework_2020.domains.order_by("number"), indices, strict=False):
            DomainResult.objects.create(evaluation=result, domain=domain, index=Decimal(index))
        return result

    bare, one, four = (
        result_with_domain_indices(regency, indices)
        for regency, indices in zip(
            _regencies("32.11", "16.10", "35.10"),
            [[], ["3.10"], ["3.10", "3.90", "3.50", "4.20"]],
            strict=True,
        )
    )
    none, none_response = measure_get(anon, f"/spbe/evaluations/{bare.pk}/")
    small, small_response = measure_get(anon, f"/spbe/evaluations/{one.pk}/")
    large, large_response = measure_get(anon, f"/spbe/evaluations/{four.pk}/")

    # is it visible, the evaluation with regency, province and framework, its (no) scores,
    # the framework's predicate bands, its domain results, their domains (not asked for when
    # there are no domain results)
    assert small == large == 6
    assert none == 5
    assert _html(none_response).count("<rect ") == 0
    assert _html(small_response).count("<rect ") == 1
    assert _html(large_response).count("<rect ") == 4
    assert 'id="gaps"' not in _html(large_response)  # no indicator detail, no gaps


def test_the_framework_page_costs_the_same_queries_for_20_or_47_indicators(frameworks, anon):
    small, small_response = measure_get(anon, "/spbe/frameworks/permenpanrb-8-2026/")
    large, large_response = measure_get(anon, "/spbe/frameworks/permenpanrb-59-2020/")

    # framework, domains, aspects with domain, indicators with aspect and scale, scales,
    # their levels, predicate bands, the indicators' criteria of each level
    assert small == large == 8
    indicator_row = r'<tr id="indicator-\d+"><td>\d+</td>'
    assert len(re.findall(indicator_row, _html(small_response))) == 20
    assert len(re.findall(indicator_row, _html(large_response))) == 47


def test_the_review_page_costs_the_same_queries_for_1_or_47_levels_with_comments_evidence_and_history(
    sumedang, framework_2020, assessor, sumedang_editor, client_for
):
    evaluation = Evaluation.objects.create(
        regency=sumedang,
        year=2026,
        framework=framework_2020,
        source=Evaluation.Source.SELF_ASSESSMENT,
        status=Evaluation.Status.SUBMITTED,
    )
    indicators = list(framework_2020.indicators.order_by("number"))
    IndicatorScore.objects.create(evaluation=evaluation, indicator=indicators[0], level=3)
    client = client_for(assessor)
    url = f"/spbe/self-assessments/{evaluation.pk}/review/"
    small, small_response = measure_get(client, url)

    for indicator in indicators[1:]:
        IndicatorScore.objects.create(evaluation=evaluation, indicator=indicator, level=2)
    other_editor = UserFactory()
    for score in evaluation.scores.all():
        score.explanation = "Sudah ada Perbup"
        score.reviewer_comment = f"Lengkapi bukti indikator {score.indicator.number}"
        score.save()
        Evidence.objects.create(score=score, title="Perbup", url="https://jdih.example.go.id/1")
        Evidence.objects.create(score=score, title="SOP", url="https://jdih.example.go.id/2")
        LevelChange.objects.create(score=score, changed_by=sumedang_editor, old_level=None, new_level=1)
        LevelChange.objects.create(score=score, changed_by=other_editor, old_level=1, new_level=score.level)
    large, large_response = measure_get(client, url)

    # session, user, groups (once per request, for every rule), membership, self-assessment with
    # regency, province, framework and who submitted and reviewed it; scores with their indicator,
    # their evidence; the framework's indicators with aspect, domain and scale, the scales' levels
    # and the criteria of each level; the menu's unread notifications
    assert small == large == 11
    assert _html(small_response).count('<tr id="indicator-') == 1
    large_html = _html(large_response)
    assert large_html.count('<tr id="indicator-') == 47
    assert large_html.count('<ul class="evidence">') == 47
    assert "Lengkapi bukti indikator 47" in large_html


# API ------------------------------------------------------------------------------------------------


def test_the_framework_list_api_costs_the_same_queries_for_3_or_8_frameworks(frameworks):
    client = APIClient()
    small, small_response = measure_get(client, "/api/v1/spbe/frameworks/")
    for n in range(5):
        Framework.objects.create(
            code=f"contoh-{n}", name=f"Contoh {n}", first_year=2000 + n, level_min=1, level_max=5
        )
    large, large_response = measure_get(client, "/api/v1/spbe/frameworks/")

    # count, page of frameworks
    assert small == large == 2
    assert {f["code"] for f in small_response.json()["results"]} == set(frameworks)
    assert large_response.json()["count"] == len(large_response.json()["results"]) == 8


def test_the_framework_api_costs_the_same_queries_for_20_or_47_indicators(frameworks):
    client = APIClient()
    small, small_response = measure_get(client, "/api/v1/spbe/frameworks/permenpanrb-8-2026/")
    large, large_response = measure_get(client, "/api/v1/spbe/frameworks/permenpanrb-59-2020/")

    # framework, domains, aspects with domain, indicators with aspect and scale, scales,
    # their levels, predicate bands
    assert small == large == 7
    assert len(small_response.json()["indicators"]) == 20
    assert len(large_response.json()["indicators"]) == 47


def test_the_national_index_api_costs_the_same_queries_for_1_or_7_years(db):
    client = APIClient()
    _national_years([2022])
    small, small_response = measure_get(client, "/api/v1/spbe/national/")
    _national_years(range(2018, 2025))
    large, large_response = measure_get(client, "/api/v1/spbe/national/")

    # the national index rows (not paged)
    assert small == large == 1
    assert [row["year"] for row in small_response.json()] == [2022]
    assert [row["year"] for row in large_response.json()] == list(range(2018, 2025))


def test_a_regencys_spbe_history_api_costs_the_same_queries_for_1_or_6_years(
    regions, framework_2020, make_result
):
    client = APIClient()
    sumedang = Regency.objects.get(code="32.11")
    make_result(sumedang, 2019, Decimal("2.10"), framework_2020)
    _national_years([2019])
    small, small_response = measure_get(client, "/api/v1/regencies/32.11/spbe/")
    for year in range(2020, 2025):
        make_result(sumedang, year, Decimal("2.10") + Decimal(year - 2019) / 10, framework_2020)
    _national_years(range(2018, 2025))
    large, large_response = measure_get(client, "/api/v1/regencies/32.11/spbe/")

    # the regency, its public evaluations with their framework, the national series
    assert small == large == 3
    assert len(small_response.json()["evaluations"]) == 1
    assert [e["year"] for e in large_response.json()["evaluations"]] == list(range(2019, 2025))
    assert len(large_response.json()["national"]) == 7


def test_the_evaluation_api_costs_the_same_queries_for_3_or_47_scores(
    regions, framework_2020, make_evaluation
):
    client = APIClient()
    sumedang, ogan_ilir = _regencies("32.11", "16.10")
    few = _partial_evaluation(sumedang, framework_2020, [1, 2, 3], year=2023)
    small, small_response = measure_get(client, f"/api/v1/spbe/evaluations/{few.pk}/")
    full = make_evaluation(sumedang, year=2024, level=4)
    make_evaluation(ogan_ilir, year=2024, level=2)
    large, large_response = measure_get(client, f"/api/v1/spbe/evaluations/{full.pk}/")

    # the evaluation with regency, province and framework, its scores with indicator, aspect
    # and domain, the framework's predicate bands
    assert small == large == 3
    assert len(small_response.json()["levels"]) == 3
    assert len(large_response.json()["levels"]) == 47
    assert len(large_response.json()["gaps"]) == 47
