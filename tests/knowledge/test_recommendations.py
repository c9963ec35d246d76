"""Recommendations for Ogan Ilir, on hand-computed figures. Its 2023 evaluation (PermenPANRB 59/2020,
top level 5) has every indicator at 5 but three:
  indicator 42 (weight 3.00) at level 2: gain (5 − 2) × 3.00 / 100 = 0.09
  indicator 12 (weight 2.50) at level 3: gain (5 − 3) × 2.50 / 100 = 0.05
  indicator 1  (weight 1.30) at level 4: gain (5 − 4) × 1.30 / 100 = 0.013
so the indicators come in the order 42, 12, 1, and practices linked to 42 come first."""

import datetime
from collections import Counter
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from knowledge.recommendations.selectors import PRACTICES_PER_INDICATOR, regency_recommendations

from ..queries import measure_get
from ..regencies.factories import RegencyFactory
from .factories import PracticeFactory, PracticeIndicatorFactory
from .replication_factories import ReplicationFactory

pytestmark = pytest.mark.django_db

LEVELS = {42: 2, 12: 3, 1: 4}


@pytest.fixture
def indicator(framework_2020):
    return lambda number: framework_2020.indicators.get(number=number)


@pytest.fixture
def evaluated(make_evaluation, ogan_ilir):
    return make_evaluation(ogan_ilir, level=5, levels=LEVELS)


def _practice(regency, indicator, level, running=0, reviewed_on=None, **kwargs):
    practice = PracticeFactory(regency=regency, reviewed_on=reviewed_on, **kwargs)
    PracticeIndicatorFactory(practice=practice, indicator=indicator, level=level)
    for _ in range(running):
        ReplicationFactory(practice=practice, stage="live")
    return practice


@pytest.fixture
def practices(evaluated, indicator, sumedang, ogan_ilir):
    bandung = RegencyFactory(name="Kota Bandung")
    banjar = RegencyFactory(name="Kota Banjar")
    sumedang_office = _practice(sumedang, indicator(42), level=5, running=4, title="e-Office Sumedang")
    # A replication not yet live does not count as running it.
    ReplicationFactory(practice=sumedang_office, stage="accepted")
    return {
        "sumedang": sumedang_office,
        "bandung_old": _practice(
            bandung, indicator(42), 5, running=1, reviewed_on=datetime.date(2025, 1, 1), title="Bandung lama"
        ),
        "bandung_new": _practice(
            bandung, indicator(42), 5, running=1, reviewed_on=datetime.date(2026, 6, 1), title="Bandung baru"
        ),
        "banjar": _practice(banjar, indicator(42), 4, running=9, title="Banjar"),
        "banjar_12": _practice(banjar, indicator(12), 5, title="Banjar dua belas"),
        # Never recommended: Ogan Ilir's own, a draft, an indicator without gain.
        "own": _practice(ogan_ilir, indicator(42), 5),
        "draft": _practice(sumedang, indicator(42), 5, status="draft", published_at=None),
        "no_gain": _practice(sumedang, indicator(2), 5),
    }


def test_practices_come_by_indicator_gain_then_owner_level_running_and_freshness(practices, ogan_ilir):
    items = regency_recommendations(ogan_ilir).items

    assert [(item.indicator_number, item.practice.title) for item in items] == [
        (42, "e-Office Sumedang"),  # level 5, 4 running
        (42, "Bandung baru"),  # level 5, 1 running, reviewed 2026
        (42, "Bandung lama"),  # level 5, 1 running, reviewed 2025
        (42, "Banjar"),  # level 4, however many run it
        (12, "Banjar dua belas"),
    ]
    assert [item.gain for item in items[::4]] == [Decimal("0.09"), Decimal("0.05")]
    assert items[0].running == 4


def test_each_recommendation_explains_itself_in_one_sentence(practices, ogan_ilir, anon):
    page = anon.get("/regencies/16.10/recommendations/").content.decode()

    assert (
        "Kabupaten Sumedang berada di level 5 pada indikator 42, Anda di level 2; potensi kenaikan +0,09; "
        "4 pemda menjalankannya" in page
    )
    assert "Kota Banjar berada di level 5 pada indikator 12, Anda di level 3; potensi kenaikan +0,05" in page


def test_the_api_gives_the_same_recommendations_in_the_requested_language(practices):
    body = APIClient().get("/api/v1/regencies/16.10/recommendations/", HTTP_ACCEPT_LANGUAGE="en").json()

    assert body["evaluation"] == {"year": 2023, "source": "official", "framework": "permenpanrb-59-2020"}
    first = body["recommendations"][0]
    assert first["practice"]["title"] == "e-Office Sumedang"
    assert (first["indicator_number"], first["level"], first["owner_level"], first["running"]) == (
        42,
        2,
        5,
        4,
    )
    assert first["gain"] == "0.0900"
    assert first["sentence"] == (
        "Kabupaten Sumedang is at level 5 on indicator 42, you are at level 2; potential gain +0.09; 4 pemda run it"
    )


def test_without_indicator_detail_the_page_says_what_to_enter(anon, ogan_ilir):
    page = anon.get("/regencies/16.10/recommendations/").content.decode()
    body = APIClient().get("/api/v1/regencies/16.10/recommendations/").json()

    assert "/spbe/self-assessments/new/" in page
    assert body["evaluation"] is None and body["recommendations"] == []
    assert body["self_assessment_url"].endswith("/spbe/self-assessments/new/")


def test_an_unknown_pemda_is_404(anon):
    assert anon.get("/regencies/99.99/recommendations/").status_code == 404
    assert APIClient().get("/api/v1/regencies/99.99/recommendations/").status_code == 404


def _more_practices(indicator, count):
    for _ in range(count):
        _practice(RegencyFactory(), indicator(42), 5, running=1)


def test_the_page_and_api_cost_the_same_for_few_or_many_practices(evaluated, indicator, anon):
    _more_practices(indicator, 2)
    small_page, _ = measure_get(anon, "/regencies/16.10/recommendations/")
    small_api, _ = measure_get(APIClient(), "/api/v1/regencies/16.10/recommendations/")
    _more_practices(indicator, 12)
    large_page, response = measure_get(anon, "/regencies/16.10/recommendations/")
    large_api, _ = measure_get(APIClient(), "/api/v1/regencies/16.10/recommendations/")

    # pemda, its latest evaluation with detail, the detail (evaluation, scores, bands, domain
    # results), the linked practices with their pemda and running counts.
    assert small_page == large_page == 7
    assert small_api == large_api == 7
    # only the best PRACTICES_PER_INDICATOR of the 14 practices on indicator 42
    per_indicator = Counter(item.indicator_number for item in response.context["items"])
    assert per_indicator[42] == PRACTICES_PER_INDICATOR == 5
    ranked = [item for item in response.context["items"] if item.indicator_number == 42]
    assert all(item.owner_level == 5 and item.running == 1 for item in ranked)


def test_the_regency_page_links_its_recommendations(anon, ogan_ilir):
    assert 'href="/regencies/16.10/recommendations/"' in anon.get("/regencies/16.10/").content.decode()
