"""Measured impact (issue 9 item 6): the adopter's SPBE index before the request and in its latest year,
against the national median, on hand-computed examples; the wording when a year has no data; the kind of
each figure; the practice page's aggregate; the outcome required at `evaluated`; query counts."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from knowledge.impact import selectors
from knowledge.models import Replication
from spbe.models import Evaluation

from ..queries import measure_get
from ..regencies.factories import RegencyFactory
from ..spbe import conftest as spbe_fixtures
from .factories import PracticeIndicatorFactory
from .replication_factories import ReplicationFactory
from .replication_fixtures import ADOPTER, api_as

pytestmark = pytest.mark.django_db
make_result = spbe_fixtures.make_result  # a fixture of the SPBE tests

REQUESTED_IN_2024 = timezone.make_aware(datetime.datetime(2024, 3, 1))


def _requested_in_2024(replication):
    Replication.objects.filter(pk=replication.pk).update(created_at=REQUESTED_IN_2024)
    replication.refresh_from_db()
    return replication


@pytest.fixture
def nation(sumedang, ogan_ilir, make_result, make_evaluation, framework_2020):
    """Public results in 2023 and 2025 (the year before a 2024 request, and the latest year).

    2023: Sumedang 3.50, Banjar 2.50, Ogan Ilir 2.10, Lahat 1.80 → median (2.10 + 2.50) / 2 = 2.30.
    2025: Sumedang 3.70, Banjar 2.90 (its official result, not its self-assessment of 4.00), Ogan Ilir
    3.00 (a verified self-assessment, every indicator at level 3) → median 3.00. National change +0.70.
    Drafts and unverified self-assessments are not public and count nowhere.
    """
    banjar = RegencyFactory(code="32.79", name="Kota Banjar")
    lahat = RegencyFactory(code="16.04", name="Kabupaten Lahat")
    for regency, year, index in [
        (sumedang, 2023, "3.50"),
        (banjar, 2023, "2.50"),
        (ogan_ilir, 2023, "2.10"),
        (lahat, 2023, "1.80"),
        (sumedang, 2025, "3.70"),
        (banjar, 2025, "2.90"),
    ]:
        make_result(regency, year, Decimal(index), framework_2020, source_title="Hasil evaluasi SPBE")
    self_assessed = {"source": Evaluation.Source.SELF_ASSESSMENT}
    make_evaluation(ogan_ilir, year=2025, level=3, status=Evaluation.Status.VERIFIED, **self_assessed)
    make_evaluation(banjar, year=2025, level=4, status=Evaluation.Status.VERIFIED, **self_assessed)
    make_evaluation(lahat, year=2025, level=1, status=Evaluation.Status.DRAFT, **self_assessed)
    muara_enim = RegencyFactory(code="16.03", name="Kabupaten Muara Enim")
    make_evaluation(muara_enim, year=2025, level=1, status=Evaluation.Status.SUBMITTED, **self_assessed)
    return {"banjar": banjar, "lahat": lahat, "ogan_ilir": ogan_ilir}


@pytest.fixture
def live(nation, make_replication, framework_2020, published):
    for number in (1, 2):
        PracticeIndicatorFactory(practice=published, indicator=framework_2020.indicators.get(number=number))
    return _requested_in_2024(make_replication("live"))


def test_the_adopter_and_the_national_median_before_and_since(live):
    impact = selectors.replication_impact(live)

    assert (impact.before.year, impact.before.index) == (2023, Decimal("2.10"))
    assert (impact.after.year, impact.after.index) == (2025, Decimal("3.00"))
    assert impact.change == Decimal("0.90")
    assert impact.before.evaluation.source == Evaluation.Source.OFFICIAL
    assert impact.after.evaluation.source == Evaluation.Source.SELF_ASSESSMENT
    assert (impact.national_before.index, impact.national_before.count) == (Decimal("2.30"), 4)
    assert (impact.national_after.index, impact.national_after.count) == (Decimal("3.00"), 3)
    assert impact.national_change == Decimal("0.70")
    # The 2023 result has no indicator detail; the 2025 self-assessment has every indicator at 3.
    assert [(i.number, i.before, i.after, i.change) for i in impact.indicators] == [
        (1, None, 3, None),
        (2, None, 3, None),
    ]


def test_the_replication_page_labels_each_figure_and_its_source(client, live):
    html = client.get(live.get_absolute_url()).content.decode()

    assert 'id="impact"' in html
    assert "+0,90" in html and "+0,70" in html
    # 2023: Ogan Ilir's official result with its source; 2025: its verified self-assessment.
    assert "kind-official" in html and "hasil resmi" in html and "Hasil evaluasi SPBE" in html
    assert "kind-self_assessment" in html and "penilaian mandiri (terverifikasi)" in html
    assert "tingkat tidak tercatat" in html  # no indicator detail in 2023


def test_a_year_without_data_is_said_in_words(client, nation, make_replication):
    nation["ogan_ilir"].evaluations.filter(year=2023).delete()
    replication = _requested_in_2024(make_replication("evaluated"))

    impact = selectors.replication_impact(replication)
    html = client.get(replication.get_absolute_url()).content.decode()

    assert impact.before.evaluation is None and impact.change is None
    assert "Tidak ada hasil SPBE publik untuk tahun 2023." in html
    assert "tidak dapat diukur: satu tahun tanpa hasil" in html


def test_no_result_since_the_request_is_said_in_words(client, nation, make_replication):
    nation["ogan_ilir"].evaluations.filter(year=2025).delete()
    replication = _requested_in_2024(make_replication("live"))

    html = client.get(replication.get_absolute_url()).content.decode()

    assert selectors.replication_impact(replication).after is None
    assert "Belum ada hasil SPBE publik sejak permintaan." in html


def test_no_impact_before_live(client, nation, make_replication):
    replication = make_replication("deployed")

    assert selectors.replication_impact(replication) is None
    assert 'id="impact"' not in client.get(replication.get_absolute_url()).content.decode()


def test_the_api_detail_has_the_impact_object(live):
    impact = APIClient().get(f"/api/v1/replications/{live.pk}/").json()["impact"]

    assert impact["before"] == {
        "year": 2023,
        "result": impact["before"]["result"] | {"index": "2.10", "source": "official", "synthetic": False},
    }
    assert impact["after"]["result"]["source"] == "self_assessment"
    assert impact["change"] == "0.90"
    assert impact["national_before"] == {"year": 2023, "index": "2.300", "count": 4, "synthetic": False}
    assert impact["national_change"] == "0.700"
    assert [i["after"] for i in impact["indicators"]] == [3, 3]


def test_the_practice_aggregates_its_adopters(client, live, nation, published):
    """Ogan Ilir +0.90 and Banjar +0.40 (2.50 → 2.90) are counted: median 0.65, against the national
    median's +0.70 over the same years. Lahat is live without a 2025 result (not counted); another pemda
    at `deployed` is an adopter but not live."""
    _requested_in_2024(ReplicationFactory(practice=published, adopter=nation["banjar"], stage="evaluated"))
    _requested_in_2024(ReplicationFactory(practice=published, adopter=nation["lahat"], stage="live"))
    ReplicationFactory(practice=published, stage="deployed")

    impact = selectors.practice_impact(published)
    html = client.get(published.get_absolute_url()).content.decode()

    assert (impact.adopters, impact.live, impact.counted) == (4, 3, 2)
    assert impact.median_change == Decimal("0.65")
    assert impact.national_median_change == Decimal("0.70")
    assert "+0,65" in html and "+0,70" in html
    assert "dari 2 pengadopsi" in html


def test_outcome_is_required_at_evaluated_and_kept(request, live):
    client = api_as(request, ADOPTER)
    url = f"/api/v1/replications/{live.pk}/steps/"

    refused = client.post(url, {"to": "evaluated", "outcome_rating": 4}, format="json")
    done = client.post(url, {"to": "evaluated", "outcome": "Disposisi kini 2 hari.", "outcome_rating": 4})

    assert refused.status_code == 400 and "outcome" in refused.json()
    assert done.status_code == 201, done.json()
    step = done.json()["steps"][-1]
    assert (step["outcome"], step["outcome_rating"]) == ("Disposisi kini 2 hari.", 4)


def test_the_step_form_asks_for_the_outcome(client_for, ogan_ilir_editor, live):
    html = client_for(ogan_ilir_editor).get(live.get_absolute_url()).content.decode()

    assert 'name="outcome"' in html and 'name="outcome_rating"' in html


def test_an_outcome_left_out_on_the_page_comes_back_next_to_its_field(client_for, ogan_ilir_editor, live):
    response = client_for(ogan_ilir_editor).post(
        f"/replications/{live.pk}/steps/",
        {"to": "evaluated", "expected_stage": "live", "outcome": "", "outcome_rating": "9"},
    )

    assert response.status_code == 400
    [form] = [f for f, stage in response.context["step_forms"] if stage == "evaluated"]
    assert form.errors["outcome"] and form.errors["outcome_rating"]
    live.refresh_from_db()
    assert live.stage == "live" and not live.steps.exists()


def test_the_evaluated_step_shows_its_outcome_on_the_timeline(client, client_for, ogan_ilir_editor, live):
    client_for(ogan_ilir_editor).post(
        f"/replications/{live.pk}/steps/",
        {
            "to": "evaluated",
            "expected_stage": "live",
            "outcome": "Disposisi kini 2 hari.",
            "outcome_rating": "5",
        },
    )

    html = client.get(live.get_absolute_url()).content.decode()

    assert "Disposisi kini 2 hari." in html and "Hasil dinilai 5 dari 5" in html


@pytest.mark.parametrize(
    "actor", ["anon", "banjar_editor", "sumedang_editor", "ogan_ilir_editor", "national_admin"]
)
def test_everyone_sees_the_same_impact_of_a_public_replication(request, live, actor):
    """The impact is made of public SPBE figures: the same for a stranger, both sides and an admin."""
    impact = api_as(request, actor).get(f"/api/v1/replications/{live.pk}/").json()["impact"]

    assert (impact["change"], impact["national_change"]) == ("0.90", "0.700")


def _adopters(practice, framework, count, make_result):
    for _ in range(count):
        adopter = RegencyFactory()
        make_result(adopter, 2023, Decimal("2.00"), framework)
        make_result(adopter, 2025, Decimal("2.50"), framework)
        _requested_in_2024(ReplicationFactory(practice=practice, adopter=adopter, stage="live"))


def test_the_practice_page_costs_the_same_for_2_or_12_adopters(
    client, published, framework_2020, make_result
):
    _adopters(published, framework_2020, 2, make_result)
    small, _ = measure_get(client, published.get_absolute_url())
    _adopters(published, framework_2020, 10, make_result)
    large, response = measure_get(client, published.get_absolute_url())

    assert small == large
    assert "dari 12 pengadopsi" in response.content.decode()


def test_the_replication_page_costs_the_same_for_2_or_12_indicators(client, live, framework_2020, published):
    small, _ = measure_get(client, live.get_absolute_url())
    for number in range(3, 13):
        PracticeIndicatorFactory(practice=published, indicator=framework_2020.indicators.get(number=number))
    large, response = measure_get(client, live.get_absolute_url())

    assert small == large
    assert response.content.decode().count("tingkat tidak tercatat") == 12


def test_the_api_detail_costs_the_same_for_2_or_12_indicators(live, framework_2020, published):
    url = f"/api/v1/replications/{live.pk}/"
    small, _ = measure_get(APIClient(), url)
    for number in range(3, 13):
        PracticeIndicatorFactory(practice=published, indicator=framework_2020.indicators.get(number=number))
    large, response = measure_get(APIClient(), url)

    assert small == large
    assert len(response.json()["impact"]["indicators"]) == 12


def test_a_median_with_demo_figures_says_so(client, live, nation):
    nation["lahat"].evaluations.filter(year=2023).update(synthetic=True)

    html = client.get(live.get_absolute_url()).content.decode()

    assert selectors.replication_impact(live).national_before.synthetic
    assert html.count("synthetic-label") == 1  # the 2023 median; the adopter's own figures are real
