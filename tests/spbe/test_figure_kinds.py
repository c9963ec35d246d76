"""Official results and self-assessments never mix unlabelled: every figure says which kind it is,
and the two kinds are kept on separate lines, series and rankings."""

import csv
import io
import re
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from regencies.models import Regency
from spbe.models import Evaluation
from spbe.services import published_results_load

from ..queries import measure_get

pytestmark = pytest.mark.django_db

OFFICIAL = '<span class="kind kind-official">hasil resmi</span>'
VERIFIED = '<span class="kind kind-self_assessment">penilaian mandiri (terverifikasi)</span>'


@pytest.fixture
def banyuwangi(regions, frameworks, make_evaluation):
    """Banyuwangi's published results (4.77 in 2024) and a verified self-assessment of 2026 at 3.00."""
    published_results_load()
    return make_evaluation(
        Regency.objects.get(code="35.10"),
        year=2026,
        level=3,
        source=Evaluation.Source.SELF_ASSESSMENT,
        status=Evaluation.Status.VERIFIED,
    )


def _html(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_regency_page_keeps_official_results_and_self_assessments_apart(banyuwangi, anon):
    html = _html(anon, "/regencies/35.10/")

    official = re.search(r'<p class="latest" id="latest-official">(.*?)</p>', html, re.S).group(1)
    own = re.search(r'<p class="latest" id="latest-self-assessment">(.*?)</p>', html, re.S).group(1)
    assert "Hasil resmi terbaru" in official and "2024 — 4,77" in official
    assert "belum terverifikasi" in official  # Banyuwangi's 2024 figure could not be checked
    assert "Penilaian mandiri terbaru (terverifikasi)" in own and "2026 — 3,00" in own
    # two lines: the self-assessment does not continue the line of official results
    chart = re.search(r'aria-labelledby="regency-history-title.*?</figure>', html, re.S).group(0)
    legends = re.findall(r'<span class="legend ([^"]+)">([^<]+)</span>', chart)
    assert ("regency", "Kabupaten Banyuwangi: hasil resmi") in legends
    assert ("regency self", "Kabupaten Banyuwangi: penilaian mandiri (terverifikasi)") in legends
    official_path = re.search(r'<path d="([^"]+)" class="series regency"/>', chart).group(1)
    assert official_path.count("L") == 2  # 2019, 2021, 2024: three official points, none of 2026


def test_the_regency_trend_table_gives_each_figure_its_kind_and_source(banyuwangi, anon):
    html = _html(anon, "/regencies/35.10/")

    table = re.search(r'<table class="spbe-figures" id="regency-figures">.*?</table>', html, re.S).group(0)
    rows = re.findall(r'<tr data-kind="(\w+)"><th scope="row">(\d{4})</th>(.*?)</tr>', table, re.S)
    assert [(kind, year) for kind, year, _cells in rows] == [
        ("official", "2019"),
        ("official", "2021"),
        ("official", "2024"),
        ("self_assessment", "2026"),
    ]
    cells = {year: cells for _kind, year, cells in rows}
    assert OFFICIAL in cells["2021"] and "tinewss.com" in cells["2021"] and ">berita<" in cells["2021"]
    assert "certainty-unverified" in cells["2024"]
    assert VERIFIED in cells["2026"] and "diverifikasi oleh asesor" in cells["2026"]


def test_the_evaluation_page_names_its_kind(banyuwangi, anon):
    official = Evaluation.objects.get(regency_id="35.10", year=2024)

    official_page = _html(anon, f"/spbe/evaluations/{official.pk}/")
    own_page = _html(anon, f"/spbe/evaluations/{banyuwangi.pk}/")

    assert "<h1>Kabupaten Banyuwangi: SPBE 2024, hasil resmi</h1>" in official_page
    assert "Belum terverifikasi: angka ini tidak dapat diperiksa" in official_page
    assert "<h1>Kabupaten Banyuwangi: SPBE 2026, penilaian mandiri (terverifikasi)</h1>" in own_page


def test_the_rankings_are_official_by_default_and_reach_self_assessment_years_by_link(banyuwangi, anon):
    official = _html(anon, "/spbe/rankings/2021/")
    own = _html(anon, "/spbe/rankings/2026/", source="self_assessment")

    assert '<h1>Peringkat SPBE 2021: <span class="kind kind-official">hasil resmi</span></h1>' in official
    assert 'href="/spbe/rankings/2026/?source=self_assessment">2026</a>' in official
    assert re.findall(r'<a href="/regencies/(\d\d\.\d\d)/">', official.split('id="unranked"')[0]) == [
        "35.10",
        "32.11",
    ]
    assert "penilaian mandiri (terverifikasi)</span></h1>" in own
    assert re.findall(r'<a href="/regencies/(\d\d\.\d\d)/">', own) == ["35.10"]
    assert 'href="/spbe/rankings/2022/">2022</a>' in own  # back to the official years


def test_compare_shows_each_figure_once_with_its_kind(banyuwangi, anon):
    html = _html(anon, "/spbe/compare/", regencies="32.11,35.10")

    figures = html.split("</figure>")[1]
    links = re.findall(r'href="/spbe/evaluations/(\d+)/"', html)
    assert len(links) == len(set(links)) == 4 + 3 + 1  # Sumedang 2019-2022, Banyuwangi 3 + 1
    assert html.count(f'href="/spbe/evaluations/{banyuwangi.pk}/"') == 1
    assert figures.count(OFFICIAL) == 7 and figures.count(VERIFIED) == 1
    chart = html.split("</figure>")[0]
    assert "Kabupaten Banyuwangi: penilaian mandiri (terverifikasi)" in chart
    assert 'class="chart-table"' not in chart  # the figures are in the table below, once


def test_the_api_labels_the_kind_of_every_figure(banyuwangi):
    client = APIClient()

    detail = client.get(f"/api/v1/spbe/evaluations/{banyuwangi.pk}/").json()
    history = client.get("/api/v1/regencies/35.10/spbe/").json()["evaluations"]
    ranking = client.get("/api/v1/spbe/rankings/", {"year": 2026, "source": "self_assessment"}).json()

    assert (detail["source"], detail["source_label"]) == (
        "self_assessment",
        "penilaian mandiri (terverifikasi)",
    )
    assert [(e["year"], e["source_label"]) for e in history][-2:] == [
        (2024, "hasil resmi"),
        (2026, "penilaian mandiri (terverifikasi)"),
    ]
    assert [(r["source"], r["source_label"]) for r in ranking["results"]] == [
        ("self_assessment", "penilaian mandiri (terverifikasi)")
    ]


def test_the_exports_name_the_kind_of_every_figure(banyuwangi, anon):
    def rows(url, **params):
        return list(csv.DictReader(io.StringIO(anon.get(url, params).content.decode())))

    ranking = rows("/spbe/rankings/2026/export.csv", source="self_assessment")
    evaluations = rows("/spbe/evaluations/export.csv", regency="35.10")

    assert [(r["source"], r["kind"]) for r in ranking] == [("self_assessment", "self-assessment (verified)")]
    assert {(r["year"], r["kind"]) for r in evaluations} == {
        ("2019", "official result"),
        ("2021", "official result"),
        ("2024", "official result"),
        ("2026", "self-assessment (verified)"),
    }
    assert Decimal(ranking[0]["index"]) == Decimal("3.00")


def test_the_regency_page_costs_the_same_queries_with_few_or_many_figures_of_both_kinds(
    regions, framework_2020, make_evaluation, make_result, anon
):
    sumedang = Regency.objects.get(code="32.11")
    make_result(sumedang, 2021, Decimal("3.52"), framework_2020, source_title="TiNewss", certainty="news")
    few, few_response = measure_get(anon, "/regencies/32.11/")
    for year in range(2022, 2025):
        make_result(
            sumedang, year, Decimal("3.60"), framework_2020, source_title="Laporan", certainty="secondary"
        )
    for year in range(2023, 2027):
        make_evaluation(
            sumedang, year=year, source=Evaluation.Source.SELF_ASSESSMENT, status=Evaluation.Status.VERIFIED
        )
    many, many_response = measure_get(anon, "/regencies/32.11/")

    # regency, cohorts, staff count; its public figures (one query for both kinds), the national
    # series, the cohort, its averages; the result shown in detail (evaluation, scores, predicate
    # bands, domain results): the official 2021 on the small page, the 2026 self-assessment on the
    # large one; the study visits it made and received
    assert few == many == 12, (few, many)
    assert few_response.content.decode().count('<tr data-kind="') == 1
    assert many_response.content.decode().count('<tr data-kind="') == 4 + 4
