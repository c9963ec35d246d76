"""Every published figure carries a source a citizen can read: title, link and how sure it is.

Unverified figures (Banyuwangi 2024, Kota Denpasar) are shown with a visible label and never ranked.
"""

import csv
import io
import re
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from regencies.models import Regency
from spbe import published_data, selectors
from spbe.models import Evaluation, NationalIndex
from spbe.services import published_results_load

from ..queries import measure_get

pytestmark = pytest.mark.django_db

JPNN = "https://m.jpnn.com/news/lewat-aplikasi-e-office-kabupaten-sumedang-menuju-happy-digital-region?page=2"


@pytest.fixture
def published(regions, frameworks):
    published_results_load()


def _html(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_published_results_carry_title_link_and_certainty(published):
    sumedang_2019 = Evaluation.objects.get(regency_id="32.11", year=2019)
    banyuwangi_2024 = Evaluation.objects.get(regency_id="35.10", year=2024)
    national_2023 = NationalIndex.objects.get(year=2023)

    assert sumedang_2019.source_title.startswith("JPNN.com")
    assert (sumedang_2019.source_url, sumedang_2019.certainty) == (JPNN, "news")
    assert sumedang_2019.note == "before Super Aplikasi e-Office was built"  # no certainty mixed in
    assert (banyuwangi_2024.certainty, banyuwangi_2024.source_url) == ("unverified", "")
    assert "skor kepuasan" in banyuwangi_2024.certainty_note
    assert national_2023.source_title.startswith("Obsession News")
    assert national_2023.source_url.startswith("https://www.obsessionnews.com/")
    assert national_2023.certainty == "news"


def test_loading_again_restores_a_stored_results_source_and_changes_nothing_else(published):
    Evaluation.objects.filter(regency_id="32.11", year=2019).update(
        source_title="", source_url="index file id 12", certainty="", note="x; news"
    )

    assert published_results_load()[:2] == (0, 1)
    evaluation = Evaluation.objects.get(regency_id="32.11", year=2019)
    assert (evaluation.source_url, evaluation.certainty, evaluation.index) == (JPNN, "news", Decimal("2.46"))
    assert published_results_load()[:2] == (0, 0)


def test_a_data_row_with_an_unknown_certainty_is_refused_naming_its_line(tmp_path):
    path = tmp_path / "national_index.csv"
    path.write_text(
        "year,index,predicate,framework,instansi_evaluated,certainty,note,source_title,source_url\n"
        "2023,2.79,Baik,PermenPANRB 59/2020,,same,,See SOURCES.md,\n",
        encoding="utf-8",
    )

    with pytest.raises(
        published_data.PublishedDataError, match="national_index.csv line 2: certainty 'same'"
    ):
        published_data.national_rows(path)


def test_unverified_figures_are_never_ranked(published):
    ranked_2021 = [row["regency_code"] for row in selectors.rankings(year=2021)]

    assert ranked_2021 == ["35.10", "32.11"]  # Kota Denpasar's 3.19 is unverified
    assert 2024 not in selectors.ranking_years()  # only Banyuwangi's unverified 4.77
    assert Evaluation.objects.ranked().filter(certainty="unverified").count() == 0


def test_the_ranking_page_shows_the_unverified_figures_it_leaves_out_with_their_label(published, anon):
    html = _html(anon, "/spbe/rankings/2021/")

    table, unranked = html.split('id="unranked"')
    assert "51.71" not in table
    assert '<tr data-certainty="unverified"><td><a href="/regencies/51.71/">Kota Denpasar</a>' in unranked
    assert '<span class="certainty certainty-unverified">belum terverifikasi</span>' in unranked
    assert "github.com/putuokky/monev-spbe-dps" in unranked
    # each ranked row names its source and how sure it is
    assert f'<a href="{JPNN}"' not in table  # 2019's source, not 2021's
    assert table.count('<span class="certainty certainty-news">berita</span>') == 2


def test_the_overview_links_each_national_figure_to_its_source_with_its_certainty_in_words(published, anon):
    html = _html(anon, "/spbe/")

    sources = re.search(r'<ul class="figure-sources">(.*?)</ul>', html, re.S).group(1)
    assert '<a href="https://www.obsessionnews.com/' in sources
    assert sources.count("<li>") == 6
    assert '<span class="certainty certainty-secondary">sumber sekunder</span>' in sources
    assert '<span class="certainty certainty-news">berita</span>' in sources
    assert "See SOURCES.md" not in html and "index file id" not in html
    assert 'href="/spbe/sources/"' in html


def test_the_sources_page_lists_every_data_source_with_link_certainty_and_what_it_supports(anon):
    html = _html(anon, "/spbe/sources/")

    assert "<h1>Sumber angka</h1>" in html
    for section in ("national", "pemda", "framework-59-2020", "framework-5-2018", "predicates", "cohort"):
        assert f'<section id="{section}"' in html
    pemda = re.search(r'<section id="pemda".*?</section>', html, re.S).group(0)
    assert f'<a href="{JPNN}" rel="noopener noreferrer">JPNN.com' in pemda
    assert "Kabupaten Sumedang 2019" in pemda
    assert '<tr data-certainty="unverified">' in pemda  # Denpasar's database, Banyuwangi 2024
    assert "Kota Denpasar 2018, 2019, 2021" in pemda
    framework = re.search(r'<section id="framework-59-2020".*?</section>', html, re.S).group(0)
    assert "dindarestika/SPBE" in framework and "indikator 1–47" in framework
    assert 'href="https://github.com/fityannugroho/idn-area-data"' in html
    assert "See SOURCES.md" not in html


def test_the_sources_page_reads_in_english(anon):
    anon.cookies["django_language"] = "en"

    html = _html(anon, "/spbe/sources/")

    assert "<h1>Sources of the figures</h1>" in html
    assert '<span class="certainty certainty-news">news report</span>' in html
    assert "indicators 1–47" in html


def test_every_page_links_to_the_sources_from_its_footer(db, anon):
    footer = _html(anon, "/").split('<footer class="site-footer')[1]

    assert '<a href="/spbe/sources/">Sumber angka</a>' in footer


def test_the_api_gives_each_figure_its_source_title_link_and_certainty(published):
    client = APIClient()
    sumedang = Evaluation.objects.get(regency_id="32.11", year=2019)

    evaluation = client.get(f"/api/v1/spbe/evaluations/{sumedang.pk}/").json()
    national = {row["year"]: row for row in client.get("/api/v1/spbe/national/").json()}
    history = client.get("/api/v1/regencies/51.71/spbe/").json()["evaluations"]
    ranking = client.get("/api/v1/spbe/rankings/", {"year": 2021}).json()["results"]

    assert (evaluation["source_url"], evaluation["certainty"], evaluation["certainty_label"]) == (
        JPNN,
        "news",
        "berita",
    )
    assert evaluation["source_title"].startswith("JPNN.com")
    assert national[2023]["source"] == national[2023]["source_title"]  # the old key, now always the title
    assert national[2023]["certainty_label"] == "berita"
    assert {row["certainty"] for row in history} == {"unverified"}
    assert [(row["regency_code"], row["certainty"]) for row in ranking] == [
        ("35.10", "news"),
        ("32.11", "news"),
    ]


def test_the_ranking_export_has_source_and_certainty_columns(published, anon):
    response = anon.get("/spbe/rankings/2021/export.csv")

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["regency_code"] for row in rows] == ["35.10", "32.11"]
    assert rows[1]["source_title"].startswith("TiNewss")
    assert rows[1]["source_url"].startswith("https://www.tinewss.com/")
    assert rows[1]["certainty"] == "news"


def test_a_stored_link_that_is_not_a_web_address_is_shown_as_text(regions, framework_2020, make_result, anon):
    result = make_result(
        Regency.objects.get(code="32.11"),
        2022,
        Decimal("3.84"),
        framework_2020,
        source_title="Laporan",
        source_url="javascript:alert(1)",
        certainty="official",
    )

    html = _html(anon, f"/spbe/evaluations/{result.pk}/")

    assert "javascript:" not in html
    assert "Laporan" in html


def test_the_sources_page_costs_no_query(db, anon):
    queries, _response = measure_get(anon, "/spbe/sources/")

    # the data files are read once and kept; the page needs nothing from the database
    assert queries == 0
