"""The rankings page reads plainly: its filters, its movement column, its predicates and its intro."""

import re
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from regencies.models import Regency
from spbe.services import published_results_load

pytestmark = pytest.mark.django_db


def _html(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _movement(html, code):
    row = re.search(
        rf'<tr><td>\d+</td><td>(.*?)</td>\s*<td><a href="/regencies/{re.escape(code)}/">', html, re.S
    )
    return row.group(1)


def test_the_filters_offer_all_provinces_and_all_cohorts(regions, framework_2020, make_result, anon):
    make_result(Regency.objects.get(code="32.11"), 2022, Decimal("3.84"), framework_2020)

    html = _html(anon, "/spbe/rankings/2022/")

    assert '<option value="" selected>Semua provinsi</option>' in html
    assert '<option value="" selected>Semua kohort</option>' in html
    assert "---------" not in html


def test_new_marks_only_a_pemda_never_ranked_before(regions, frameworks, framework_2020, make_result, anon):
    back, first_time, steady = (Regency.objects.get(code=code) for code in ("32.11", "32.04", "16.10"))
    make_result(back, 2020, Decimal("3.81"), frameworks["permenpanrb-5-2018"])
    make_result(steady, 2021, Decimal("2.00"), framework_2020)
    for regency, index in ((back, "3.84"), (first_time, "3.10"), (steady, "2.10")):
        make_result(regency, 2022, Decimal(index), framework_2020)

    html = _html(anon, "/spbe/rankings/2022/")
    rows = {
        r["regency_code"]: r
        for r in APIClient().get("/api/v1/spbe/rankings/", {"year": 2022}).json()["results"]
    }

    assert 'title="tidak diperingkat pada tahun sebelumnya">–</span>' in _movement(
        html, "32.11"
    )  # missed 2021
    assert ">baru</span>" in _movement(html, "32.04")
    assert "▼ 2" in _movement(html, "16.10")  # first of one in 2021, third of three in 2022
    assert (rows["32.11"]["movement"], rows["32.11"]["new"]) == (None, False)
    assert (rows["32.04"]["movement"], rows["32.04"]["new"]) == (None, True)
    assert rows["16.10"]["new"] is False


def test_results_under_a_framework_without_predicates_say_why_they_have_none(regions, frameworks, anon):
    published_results_load()

    html_2019 = _html(anon, "/spbe/rankings/2019/")
    html_2021 = _html(anon, "/spbe/rankings/2021/")

    assert html_2019.count('<a href="#no-predicate-permenpanrb-5-2018" title="PermenPANRB 5/2018') == 2
    note = re.search(
        r'<p class="note" id="no-predicate-permenpanrb-5-2018">(.*?)</p>', html_2019, re.S
    ).group(1)
    assert '<a href="/spbe/frameworks/permenpanrb-5-2018/">PermenPANRB 5/2018</a>' in note
    assert "no-predicate" not in html_2021  # 59/2020 defines them: every row has its predicate
    assert "<td>Sangat Baik</td>" in html_2021


def test_the_intro_is_english_on_english_pages_and_indonesian_on_indonesian_ones(
    regions, framework_2020, make_result, anon
):
    make_result(Regency.objects.get(code="32.11"), 2022, Decimal("3.84"), framework_2020)

    indonesian = _html(anon, "/spbe/rankings/2022/")
    anon.cookies["django_language"] = "en"
    english = _html(anon, "/spbe/rankings/2022/")

    intro = re.search(r"</h1>\s*<p>(.*?)</p>", english, re.S).group(1)
    assert intro.startswith("Regencies and cities ranked by their SPBE index")
    assert "abupaten" not in intro and "pemda" not in intro
    assert "All provinces" in english and "All cohorts" in english
    assert "Kabupaten/kota diperingkat menurut indeks SPBE" in indonesian
