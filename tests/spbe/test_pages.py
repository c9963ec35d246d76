import re
from decimal import Decimal

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext

from regencies.models import Regency
from spbe.models import DomainResult, Evaluation
from spbe.services import published_results_load

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

    assert html.count('<tr id="indicator-') == 47
    assert html.count("<tr><td>") >= 5
    assert "Rintisan" in html and "Kolaborasi" in html
    assert "Memuaskan" in html
    assert "dindarestika" in html
    assert "provisional-label" not in html


def test_a_provisional_framework_says_so(frameworks, anon):
    html = _html(anon, "/spbe/frameworks/permenpanrb-8-2026/")

    assert 'class="provisional-label"' in html


def test_an_unknown_framework_is_a_404(frameworks, anon):
    assert anon.get("/spbe/frameworks/tidak-ada/").status_code == 404


def test_rankings_redirect_to_the_latest_ranked_year(published, anon):
    response = anon.get("/spbe/rankings/")

    assert response.status_code == 302
    # 2024 has only Banyuwangi's unverified 4.77, which is shown but never ranked
    assert response["Location"] == "/spbe/rankings/2022/"


def test_the_overview_counts_predicates_of_the_latest_year_in_band_order(
    regions, framework_2020, make_result, anon
):
    for code, index in [("32.11", "4.50"), ("32.04", "3.00"), ("32.05", "3.10"), ("32.06", "2.00")]:
        make_result(Regency.objects.get(code=code), 2024, Decimal(index), framework_2020)
    make_result(Regency.objects.get(code="32.07"), 2023, Decimal("1.00"), framework_2020)

    html = _html(anon, "/spbe/")

    figure = re.search(r'aria-labelledby="predicates-title predicates-desc".*?</figure>', html, re.S).group(0)
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td>(\d+)</td></tr>', figure)
    assert rows == [("Memuaskan", "1"), ("Sangat Baik", "0"), ("Baik", "2"), ("Cukup", "1"), ("Kurang", "0")]


def test_rankings_without_data_say_so(frameworks, anon):
    response = anon.get("/spbe/rankings/")

    assert response.status_code == 200
    assert 'href="/spbe/"' in response.content.decode()


def test_the_ranking_page_lists_rank_movement_and_exports(published, anon):
    html = _html(anon, "/spbe/rankings/2021/")

    rows = re.findall(r'<a href="/regencies/(\d\d\.\d\d)/">', html)
    assert rows == ["35.10", "32.11", "51.71"]  # 3.53, 3.52, 3.19
    assert 'class="movement-down"' in html  # Sumedang was first in 2020
    assert 'href="/spbe/rankings/2021/export.csv?' in html
    assert "synthetic-label" not in html


def test_the_year_in_the_address_wins_over_one_in_the_query(published, anon):
    html = _html(anon, "/spbe/rankings/2021/", year="2020")

    assert re.findall(r'<a href="/regencies/(\d\d\.\d\d)/">', html)[:3] == ["35.10", "32.11", "51.71"]


@pytest.mark.parametrize(
    ("params", "field"),
    [({"scope": "dunia"}, "scope"), ({"scope": "cohort"}, "cohort"), ({"province": "99"}, "province")],
)
def test_a_bad_ranking_filter_shows_its_error_next_to_the_field(published, anon, params, field):
    html = _html(anon, "/spbe/rankings/2021/", **params)

    assert f'id="id_{field}-error"' in html
    assert "<tbody>" not in html  # no ranking drawn from input that was refused


def test_a_year_out_of_range_is_explained_not_a_crash(published, anon):
    html = _html(anon, "/spbe/rankings/1999/")

    assert 'class="error"' in html


def test_synthetic_evaluations_carry_the_label_on_every_page(regions, frameworks, make_evaluation, anon):
    sumedang = Regency.objects.get(code="32.11")
    self_assessment = make_evaluation(
        sumedang,
        year=2026,
        source=Evaluation.Source.SELF_ASSESSMENT,
        status=Evaluation.Status.VERIFIED,
        synthetic=True,
    )
    make_evaluation(sumedang, year=2025, synthetic=True)  # an official-looking demo row
    make_evaluation(Regency.objects.get(code="16.10"), year=2025)

    ranking = _html(anon, "/spbe/rankings/2026/", source="self_assessment")
    official_ranking = _html(anon, "/spbe/rankings/2025/")
    evaluation = _html(anon, f"/spbe/evaluations/{self_assessment.pk}/")
    regency = _html(anon, "/regencies/32.11/")
    compare = _html(anon, "/spbe/compare/", regencies="32.11,16.10")

    assert ranking.count('class="synthetic-label"') == 2  # the warning and the row
    assert official_ranking.count('class="synthetic-label"') == 2  # the warning and Sumedang, not Ogan Ilir
    assert 'class="synthetic-label"' in evaluation
    assert 'class="synthetic-label"' in regency
    # Sumedang's official-looking 2025 demo row and its 2026 self-assessment, each labelled once
    assert compare.count('class="synthetic-label"') == 2


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

    # ranking of the year and of the year before (2), the unverified figures left out (1),
    # years menu (1), province and cohort choices of the filter form (2); rows are paged in
    # Python, 100 a page
    assert small == 6
    assert _queries(anon, "/spbe/rankings/2022/") == 6
    assert _queries(anon, "/spbe/rankings/2022/?page=6") == 6
    # plus the chosen province, looked up by the form
    assert _queries(anon, "/spbe/rankings/2022/?scope=province&province=32") == 7


def test_an_evaluation_shows_domain_bars_and_gaps(regions, make_evaluation, anon):
    evaluation = make_evaluation(Regency.objects.get(code="32.11"), level=4, levels={40: 1})

    html = _html(anon, f"/spbe/evaluations/{evaluation.pk}/")

    assert 'aria-labelledby="domains-title domains-desc"' in html
    assert html.count("<rect ") == 4 + 8  # domains and aspects
    first_gap = re.search(r'id="gaps".*?<tbody>\s*<tr><td>(\d+)</td>', html, re.S).group(1)
    assert first_gap == "40"


def test_a_published_index_that_differs_from_its_detail_is_flagged(regions, make_evaluation, anon):
    evaluation = make_evaluation(Regency.objects.get(code="32.11"), level=3, published_index=Decimal("3.40"))

    assert 'class="warning"' in _html(anon, f"/spbe/evaluations/{evaluation.pk}/")


def test_an_official_result_published_with_domain_indices_shows_their_bars(
    regions, framework_2020, make_result, anon
):
    result = make_result(Regency.objects.get(code="32.11"), 2022, Decimal("3.84"), framework_2020)
    for domain, index in zip(
        framework_2020.domains.order_by("number"), ["3.10", "3.90", "3.50", "4.20"], strict=True
    ):
        DomainResult.objects.create(evaluation=result, domain=domain, index=Decimal(index))

    html = _html(anon, f"/spbe/evaluations/{result.pk}/")

    assert html.count("<rect ") == 4
    assert 'id="gaps"' not in html  # no indicator detail, no gaps


@pytest.mark.parametrize(
    ("actor", "draft", "submitted", "verified"),
    [
        ("anon", 404, 404, 200),
        ("ogan_ilir_editor", 404, 404, 200),
        ("sumedang_editor", 200, 200, 200),
        ("sumedang_manager", 200, 200, 200),
        ("assessor", 404, 200, 200),
        ("national_admin", 404, 200, 200),
    ],
)
def test_a_self_assessment_is_public_once_verified_and_before_that_only_for_its_pemda_and_reviewers(
    request, sumedang, make_evaluation, client_for, actor, draft, submitted, verified
):
    def self_assessment(year, status):
        evaluation = make_evaluation(
            sumedang, year=year, source=Evaluation.Source.SELF_ASSESSMENT, status=status
        )
        return f"/spbe/evaluations/{evaluation.pk}/"

    urls = [
        self_assessment(2024, Evaluation.Status.DRAFT),
        self_assessment(2025, Evaluation.Status.SUBMITTED),
        self_assessment(2026, Evaluation.Status.VERIFIED),
    ]
    client = (
        request.getfixturevalue("anon") if actor == "anon" else client_for(request.getfixturevalue(actor))
    )

    assert [client.get(url).status_code for url in urls] == [draft, submitted, verified]


def test_compare_shows_regencies_side_by_side(published, anon):
    html = _html(anon, "/spbe/compare/", regencies="32.11,35.10")

    assert 'aria-labelledby="compare-title compare-desc"' in html
    assert re.findall(r'<th scope="col"><a href="/regencies/([\d.]+)/">', html) == ["32.11", "35.10"]
    assert "3,84" in html and "4,77" in html


@pytest.mark.parametrize(
    ("codes", "message"),
    [
        ("32.11", "2"),
        ("32.11,32.11", "2"),  # the same pemda twice is one pemda
        ("32.11,32.04,32.05,32.06,32.07,32.08", "5"),
        ("32.11,99.99", "99.99"),
        (",", "2"),
    ],
)
def test_compare_explains_bad_input_next_to_the_field(published, anon, codes, message):
    html = _html(anon, "/spbe/compare/", regencies=codes)

    error = re.search(r'<ul class="errorlist"[^>]*>(.*?)</ul>', html, re.S)
    assert error is not None and message in error.group(1)
    assert "<svg" not in html


def test_compare_without_input_shows_only_the_form(published, anon):
    html = _html(anon, "/spbe/compare/")

    assert 'name="regencies"' in html
    assert "errorlist" not in html and "<svg" not in html


def test_the_regency_page_shows_its_spbe_history_beside_the_nation(published, anon):
    html = _html(anon, "/regencies/32.11/")

    assert 'id="spbe"' in html
    history = re.search(r'aria-labelledby="regency-history-title.*?</figure>', html, re.S).group(0)
    # columns: national index, cohort average, Sumedang
    assert '<tr><th scope="row">2021</th><td>2,24</td><td>3,52</td><td>3,52</td></tr>' in history
    assert history.count('<path d="M') == 3
    assert 'href="/spbe/evaluations/' in html


def test_the_regency_page_shows_domain_bars_and_gains_of_the_latest_result_with_detail(
    regions, framework_2020, make_evaluation, make_result, anon
):
    sumedang = Regency.objects.get(code="32.11")
    detailed = make_evaluation(sumedang, year=2023, level=4, levels={40: 1, 41: 2})
    latest = make_result(sumedang, 2024, Decimal("3.90"), framework_2020)

    html = _html(anon, "/regencies/32.11/")

    assert f'href="/spbe/evaluations/{latest.pk}/"' in html
    assert html.count("<rect ") == 4  # the domains of 2023
    gains = re.search(r'<table class="top-gains">.*?</table>', html, re.S).group(0)
    assert re.findall(r"<tr><td>(\d+)</td>", gains)[:2] == ["40", "41"]
    assert f'href="/spbe/evaluations/{detailed.pk}/#gaps"' in html


def test_a_regency_without_results_says_so(regions, frameworks, anon):
    html = _html(anon, "/regencies/16.10/")

    assert 'id="spbe"' in html
    assert "<svg" not in html


@pytest.mark.parametrize(
    "url",
    [
        "/spbe/",
        "/spbe/rankings/2021/",
        "/spbe/frameworks/permenpanrb-59-2020/",
        "/spbe/frameworks/permenpanrb-8-2026/",
        "/spbe/compare/?regencies=32.11,35.10,51.71",
        "/regencies/32.11/",
    ],
)
def test_spbe_pages_are_light_and_same_origin(published, anon, url):
    html = _html(anon, url)

    weight = len(html.encode())
    for asset in re.findall(r'<(?:link|script)\b[^>]*?\b(?:href|src)="([^"]+)"', html):
        assert asset.startswith("/static/")
        with open(finders.find(asset.removeprefix("/static/")), "rb") as handle:
            weight += len(handle.read())
    # The 59/2020 page carries the official criteria of its 235 levels and the evidence its 47
    # indicators require: about 90 KB of Indonesian text (about 20 KB compressed), the page's purpose.
    budget = 150 if url == "/spbe/frameworks/permenpanrb-59-2020/" else 100
    assert weight <= budget * 1024
    # Nothing is loaded from elsewhere; links (<a>) to the sources of the figures are followed by hand.
    assert not re.search(r'<(?!a\b)\w+\b[^>]*\b(?:src|href)="(?:https?:)?//', html)


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
