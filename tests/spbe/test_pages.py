import re
from decimal import Decimal

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext

from regencies.models import Regency
from spbe.models import Evaluation
from spbe.services import published_results_load, self_assessment_create

pytestmark = pytest.mark.django_db


def _html(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def published(regions, frameworks):
    published_results_load()


def test_the_overview_shows_the_national_trend_with_its_sources(published, anon):
    html = _html(anon, "/spbe/")

    assert 'aria-labelledby="national-trend-title national-trend-desc"' in html
    assert (
        '<th scope="row">2023</th><td>2,79</td>' in html
    )  # the text alternative, in Indonesian number format
    assert "obsessionnews" in html
    assert 'href="/spbe/frameworks/permenpanrb-59-2020/"' in html


def test_a_framework_page_shows_the_tree_weights_levels_predicates_and_sources(frameworks, anon):
    html = _html(anon, "/spbe/frameworks/permenpanrb-59-2020/")

    assert html.count("<tr><td>") >= 47 + 5
    assert "Rintisan" in html and "Kolaborasi" in html
    assert "Memuaskan" in html
    assert "dindarestika" in html
    assert "provisional-label" not in html


def test_a_provisional_framework_says_so(frameworks, anon):
    html = _html(anon, "/spbe/frameworks/permenpanrb-8-2026/")

    assert 'class="provisional-label"' in html


def test_an_unknown_framework_is_a_404(frameworks, anon):
    assert anon.get("/spbe/frameworks/tidak-ada/").status_code == 404


def test_rankings_redirect_to_the_latest_year(published, anon):
    response = anon.get("/spbe/rankings/")

    assert response.status_code == 302
    assert response["Location"] == "/spbe/rankings/2024/"


def test_rankings_without_data_say_so(frameworks, anon):
    assert anon.get("/spbe/rankings/").status_code == 200


def test_the_ranking_page_lists_rank_movement_and_exports(published, anon):
    html = _html(anon, "/spbe/rankings/2021/")

    rows = re.findall(r'<a href="/regencies/(\d\d\.\d\d)/">', html)
    assert rows == ["35.10", "32.11", "51.71"]  # 3.53, 3.52, 3.19
    assert 'class="movement-down"' in html  # Sumedang was first in 2020
    assert 'href="/spbe/rankings/2021/export.csv?' in html
    assert "synthetic-label" not in html


@pytest.mark.parametrize(
    ("params", "field"),
    [({"scope": "dunia"}, "scope"), ({"scope": "cohort"}, "cohort"), ({"province": "99"}, "province")],
)
def test_a_bad_ranking_filter_shows_its_error_next_to_the_field(published, anon, params, field):
    html = _html(anon, "/spbe/rankings/2021/", **params)

    assert f'id="id_{field}-error"' in html


def test_synthetic_rows_carry_the_label(regions, frameworks, make_evaluation, anon):
    make_evaluation(
        Regency.objects.get(code="32.11"),
        year=2026,
        source=Evaluation.Source.SELF_ASSESSMENT,
        status=Evaluation.Status.VERIFIED,
        synthetic=True,
    )

    ranking = _html(anon, "/spbe/rankings/2026/", source="self_assessment")
    regency = _html(anon, "/regencies/32.11/")

    assert ranking.count('class="synthetic-label"') == 2  # the warning and the row
    assert 'class="synthetic-label"' in regency


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_the_ranking_page_costs_the_same_queries_for_514_rows_as_for_10(
    regions, framework_2020, make_result, anon
):
    regencies = list(Regency.objects.order_by("code"))
    for n, regency in enumerate(regencies[:10]):
        make_result(regency, 2022, Decimal("2.00") + Decimal(n) / 100, framework_2020)
    small = _queries(anon, "/spbe/rankings/2022/")
    for n, regency in enumerate(regencies[10:]):
        make_result(regency, 2022, Decimal("1.00") + Decimal(n % 300) / 100, framework_2020)

    # ranking (2), years menu (1), province and cohort choices of the filter form (2)
    assert small == _queries(anon, "/spbe/rankings/2022/?page=6") == 5


def test_an_evaluation_shows_domain_bars_and_gaps(regions, make_evaluation, anon):
    evaluation = make_evaluation(Regency.objects.get(code="32.11"), level=4, levels={40: 1})

    html = _html(anon, f"/spbe/evaluations/{evaluation.pk}/")

    assert 'aria-labelledby="domains-title"' in html
    assert html.count("<rect ") == 4 + 8  # domains and aspects
    first_gap = re.search(r'id="gaps".*?<tbody>\s*<tr><td>(\d+)</td>', html, re.S).group(1)
    assert first_gap == "40"


def test_a_published_index_that_differs_from_its_detail_is_flagged(regions, make_evaluation, anon):
    evaluation = make_evaluation(Regency.objects.get(code="32.11"), level=3, published_index=Decimal("3.40"))

    assert 'class="warning"' in _html(anon, f"/spbe/evaluations/{evaluation.pk}/")


def test_a_draft_is_not_public(sumedang, framework_2020, anon, ogan_ilir_editor, sumedang_editor, client_for):
    draft = self_assessment_create(regency=sumedang, year=2026, framework=framework_2020)
    url = f"/spbe/evaluations/{draft.pk}/"

    assert anon.get(url).status_code == 404
    assert client_for(ogan_ilir_editor).get(url).status_code == 404
    assert client_for(sumedang_editor).get(url).status_code == 200


def test_compare_shows_regencies_side_by_side(published, anon):
    html = _html(anon, "/spbe/compare/", regencies="32.11,35.10")

    assert 'aria-labelledby="compare-title compare-desc"' in html
    assert re.findall(r'<th scope="col"><a href="/regencies/([\d.]+)/">', html) == ["32.11", "35.10"]
    assert "3,84" in html and "4,77" in html


@pytest.mark.parametrize("codes", ["32.11", "32.11,32.04,32.05,32.06,32.07,32.08", "32.11,99.99"])
def test_compare_explains_bad_input(published, anon, codes):
    html = _html(anon, "/spbe/compare/", regencies=codes)

    assert 'class="errorlist"' in html


def test_the_regency_page_shows_its_spbe_history_beside_the_nation(published, anon):
    html = _html(anon, "/regencies/32.11/")

    assert 'id="spbe"' in html
    assert '<th scope="row">2022</th>' in html
    assert 'href="/spbe/evaluations/' in html


@pytest.mark.parametrize(
    "url", ["/spbe/", "/spbe/rankings/2021/", "/spbe/frameworks/permenpanrb-59-2020/", "/regencies/32.11/"]
)
def test_spbe_pages_are_light_and_same_origin(published, anon, url):
    html = _html(anon, url)

    weight = len(html.encode())
    for asset in re.findall(r'<(?:link|script)\b[^>]*?\b(?:href|src)="([^"]+)"', html):
        assert asset.startswith("/static/")
        with open(finders.find(asset.removeprefix("/static/")), "rb") as handle:
            weight += len(handle.read())
    assert weight <= 100 * 1024
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html)


def test_the_regency_page_costs_the_same_queries_with_one_or_many_years(
    regions, framework_2020, make_evaluation, anon
):
    sumedang = Regency.objects.get(code="32.11")
    make_evaluation(sumedang, year=2021, level=3)
    one = _queries(anon, "/regencies/32.11/")
    for year in range(2022, 2026):
        make_evaluation(sumedang, year=year, level=4)

    # regency, cohorts, staff count, history, national, cohort, averages, latest,
    # its detail (evaluation, scores with indicators, predicate bands, domain results)
    assert one == _queries(anon, "/regencies/32.11/") <= 13
