"""Comparing pemda: picked by name or code, no empty chart, each figure shown once."""

import re
from decimal import Decimal

import pytest

from regencies.models import Regency
from spbe.services import published_results_load

from ..queries import measure_get

pytestmark = pytest.mark.django_db

COMPARE = "/spbe/compare/"


@pytest.fixture
def published(regions, frameworks):
    """Published results: Sumedang 2019–2022, Banyuwangi 2019, 2021 and 2024, Denpasar; no others."""
    published_results_load()


def _html(client, regencies):
    response = client.get(COMPARE, {"regencies": regencies})
    assert response.status_code == 200
    return response.content.decode()


def _columns(html):
    table = re.search(r'<table id="compare-table">.*?</table>', html, re.S)
    return re.findall(r'<th scope="col"><a href="/regencies/([\d.]+)/">', table.group(0)) if table else []


def _error(html):
    match = re.search(r'<ul class="errorlist"[^>]*>(.*?)</ul>', html, re.S)
    return match.group(1) if match else ""


@pytest.mark.parametrize(
    "typed",
    [
        "Sumedang, Banyuwangi",
        "kabupaten sumedang,KABUPATEN BANYUWANGI",
        "Sumedang, 35.10",
        "32.11, Banyuwangi, Kabupaten Sumedang",  # the same pemda twice is one column
        "  sumedang ,  banyuwang ",  # part of a name that fits one pemda
    ],
)
def test_pemda_can_be_named_instead_of_coded(published, anon, typed):
    html = _html(anon, typed)

    assert _error(html) == ""
    assert _columns(html) == ["32.11", "35.10"]


def test_the_codes_still_work_in_the_order_typed(published, anon):
    assert _columns(_html(anon, "35.10,32.11")) == ["35.10", "32.11"]


def test_a_name_that_fits_several_pemda_is_explained_with_the_candidates(published, anon):
    html = _html(anon, "Bandung, Sumedang")

    error = _error(html)
    assert "“Bandung”" in error and "Kabupaten Bandung, Kota Bandung" in error
    assert "Kabupaten Bandung Barat" not in error  # "Bandung" names two exactly; Bandung Barat is another
    assert "<svg" not in html


def test_an_unknown_name_is_named_with_close_suggestions(published, anon):
    html = _html(anon, "Sumedagn, 35.10, 99.99")

    error = _error(html)
    assert "“Sumedagn”" in error and "Kabupaten Sumedang" in error
    assert "99.99" in error  # every problem at once, each named
    assert "<svg" not in html


def test_without_any_result_the_page_says_so_instead_of_an_empty_chart(published, anon):
    html = _html(anon, "Ogan Ilir, Musi Banyuasin")

    notice = re.search(r'<p class="notice" id="without-results">(.*?)</p>', html, re.S).group(1)
    assert "Belum satu pun memiliki hasil publik di portal" in notice
    assert "Kabupaten Ogan Ilir" in notice and "Kabupaten Musi Banyuasin" in notice
    assert "<svg" not in html and "<table" not in html


def test_a_pemda_without_results_is_named_before_the_chart_and_left_out_of_it(published, anon):
    html = _html(anon, "Sumedang, Ogan Ilir")

    notice = html.index('id="without-results"')
    assert notice < html.index("<svg")
    assert "Kabupaten Ogan Ilir" in html[notice : html.index("<svg")]
    assert _columns(html) == ["32.11"]
    assert html.count('<path d="M') == 1


def test_each_figure_is_shown_once(published, anon):
    html = _html(anon, "Sumedang, Banyuwangi")

    visible = re.sub(r"<svg.*?</svg>", "", html, flags=re.S)  # point tooltips are not shown on the page
    assert html.count("<table") == 1
    for figure in ("3,84", "3,52", "3,53", "4,77"):  # a source's title may quote the figure
        assert visible.count(f">{figure}</a>") == 1, figure


def test_the_page_offers_a_search_by_name_from_the_api(published, anon):
    html = anon.get(COMPARE).content.decode()

    assert 'data-search-url="/api/v1/regencies/"' in html
    assert 'src="/static/js/compare_picker.js"' in html
    found = anon.get("/api/v1/regencies/", {"search": "sumed", "page_size": 8}).json()
    assert [(r["code"], r["name"]) for r in found["results"]] == [("32.11", "Kabupaten Sumedang")]


def test_comparing_by_name_costs_the_same_queries_for_2_or_5_names(
    regions, framework_2020, make_result, anon
):
    codes = ["32.11", "16.10", "35.10", "51.71", "32.04"]
    for n, code in enumerate(codes):
        make_result(Regency.objects.get(code=code), 2022, Decimal("2.50") + Decimal(n) / 10, framework_2020)

    small, small_response = measure_get(anon, COMPARE, {"regencies": "Sumedang, Ogan Ilir"})
    large, large_response = measure_get(
        anon, COMPARE, {"regencies": "Sumedang, Ogan Ilir, Banyuwangi, Kota Denpasar, Kabupaten Bandung"}
    )

    # the candidates for the names typed, the pemda with their province, their official results
    assert small == large == 3
    assert _columns(small_response.content.decode()) == codes[:2]
    assert _columns(large_response.content.decode()) == codes
