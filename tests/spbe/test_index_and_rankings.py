from decimal import Decimal

import pytest

from regencies.models import Regency
from spbe import selectors
from spbe.models import Evaluation, NationalIndex
from spbe.services import published_results_load, synthetic_self_assessments_generate

from ..regencies.factories import CohortFactory, ProvinceFactory, RegencyFactory

pytestmark = pytest.mark.django_db


# The formula on hand-computed examples, one per framework.
def test_index_of_59_2020_all_at_level_3_is_3(make_evaluation):
    evaluation = make_evaluation(RegencyFactory(), level=3)

    assert evaluation.computed_index == Decimal("3.00")
    assert evaluation.index == Decimal("3.00")
    assert evaluation.predicate == "Baik"


def test_index_of_59_2020_with_aspect_1_at_the_top(make_evaluation, framework_2020):
    # aspect 1 (indicators 1-10, weight 13) at 5, the other 87 % at 1: (65 + 87) / 100 = 1.52
    evaluation = make_evaluation(RegencyFactory(), level=1, levels={n: 5 for n in range(1, 11)})

    assert evaluation.computed_index == Decimal("1.52")
    assert evaluation.predicate == "Kurang"


def test_index_of_5_2018_uses_levels_from_0(make_evaluation, frameworks):
    # indicator 35 weighs 10: level 5 there, 0 elsewhere → 0.50; no predicate table exists for 5/2018
    evaluation = make_evaluation(
        RegencyFactory(), year=2019, level=0, levels={35: 5}, framework=frameworks["permenpanrb-5-2018"]
    )

    assert evaluation.computed_index == Decimal("0.50")
    assert evaluation.predicate == ""


def test_index_of_8_2026_with_its_provisional_predicates(make_evaluation, frameworks):
    # indicator 20 weighs 15: level 5 there, 1 elsewhere → (75 + 85) / 100 = 1.60
    evaluation = make_evaluation(
        RegencyFactory(), year=2026, level=1, levels={20: 5}, framework=frameworks["permenpanrb-8-2026"]
    )

    assert evaluation.computed_index == Decimal("1.60")
    assert evaluation.predicate == "Cukup (Membangun / Emerging)"


def test_an_official_result_keeps_its_published_index_and_flags_a_mismatch(make_evaluation):
    evaluation = make_evaluation(RegencyFactory(), level=3, published_index=Decimal("3.20"))

    assert evaluation.index == Decimal("3.20")
    assert evaluation.computed_index == Decimal("3.00")
    assert evaluation.index_mismatch


def test_a_difference_of_one_hundredth_is_not_a_mismatch(make_evaluation):
    evaluation = make_evaluation(RegencyFactory(), level=3, published_index=Decimal("3.01"))

    assert not evaluation.index_mismatch


# Rankings.
@pytest.fixture
def jabar(db):
    return ProvinceFactory(code="32", name="Jawa Barat")


def _regency(code, name):
    return RegencyFactory(code=code, name=name)


def test_rankings_share_ranks_on_ties_and_show_movement(make_result, framework_2020):
    a, b, c, d = (_regency(f"32.0{n}", f"Kabupaten {n}") for n in range(1, 5))
    for regency, index in ((a, "3.10"), (b, "3.50"), (c, "3.10"), (d, "2.00")):
        make_result(regency, 2023, Decimal(index), framework_2020)
    for regency, index in ((a, "3.90"), (b, "3.00"), (c, "2.50")):
        make_result(regency, 2022, Decimal(index), framework_2020)

    rows = selectors.rankings(year=2023)

    assert [(r["regency_code"], r["rank"], r["previous_rank"], r["movement"]) for r in rows] == [
        ("32.02", 1, 2, 1),
        ("32.01", 2, 1, -1),
        ("32.03", 2, 3, 1),
        ("32.04", 4, None, None),
    ]


def test_rankings_within_provinces_restart_at_one(make_result, framework_2020):
    make_result(_regency("32.01", "Kabupaten A"), 2023, Decimal("3.0"), framework_2020)
    make_result(_regency("32.02", "Kabupaten B"), 2023, Decimal("2.0"), framework_2020)
    make_result(_regency("16.01", "Kabupaten C"), 2023, Decimal("1.0"), framework_2020)

    rows = selectors.rankings(year=2023, scope="province")

    assert {(r["regency_code"], r["rank"]) for r in rows} == {("32.01", 1), ("32.02", 2), ("16.01", 1)}


def test_rankings_within_a_cohort_leave_out_non_members(make_result, framework_2020):
    a, b, c = _regency("32.01", "A"), _regency("32.02", "B"), _regency("32.03", "C")
    cohort = CohortFactory(members=[a, c])
    for regency, index in ((a, "2.0"), (b, "3.0"), (c, "2.5")):
        make_result(regency, 2023, Decimal(index), framework_2020)

    rows = selectors.rankings(year=2023, scope="cohort", cohort=cohort)

    assert [(r["regency_code"], r["rank"]) for r in rows] == [("32.03", 1), ("32.01", 2)]


def test_self_assessments_do_not_enter_official_rankings(make_evaluation, make_result, framework_2020):
    make_result(_regency("32.01", "A"), 2023, Decimal("2.0"), framework_2020)
    make_evaluation(
        _regency("32.02", "B"),
        level=5,
        source=Evaluation.Source.SELF_ASSESSMENT,
        status=Evaluation.Status.VERIFIED,
        synthetic=True,
    )
    make_evaluation(
        _regency("32.03", "C"),
        level=4,
        source=Evaluation.Source.SELF_ASSESSMENT,
        status=Evaluation.Status.DRAFT,
    )

    assert [r["regency_code"] for r in selectors.rankings(year=2023)] == ["32.01"]
    rows = selectors.rankings(year=2023, source=Evaluation.Source.SELF_ASSESSMENT)
    assert [(r["regency_code"], r["synthetic"]) for r in rows] == [("32.02", True)]


def test_the_ranking_costs_two_queries_at_any_size(make_result, framework_2020, django_assert_num_queries):
    for n in range(40):
        make_result(
            RegencyFactory(code=f"33.{n:02d}"), 2023, Decimal("2.5") + Decimal(n) / 100, framework_2020
        )

    with django_assert_num_queries(2):
        selectors.rankings(year=2023)


# Gaps and trends.
def test_gaps_list_every_indicator_by_potential_gain(make_evaluation, framework_2020):
    evaluation = make_evaluation(RegencyFactory(), level=5, levels={40: 1, 3: 2})

    gaps = selectors.evaluation_gaps(selectors.evaluation_detail(evaluation.pk))

    assert len(gaps.indicators) == 47
    top = gaps.indicators[0]
    weight_40 = framework_2020.indicators.get(number=40).weight
    assert (top.number, top.gain) == (40, 4 * weight_40 / 100)
    assert gaps.indicators[1].number == 3
    assert gaps.total_gain == top.gain + gaps.indicators[1].gain
    assert [d.number for d in gaps.domains] == [1, 2, 3, 4]
    assert len(gaps.aspects) == 8
    assert gaps.domains[1].index == Decimal("5.00")


def test_the_trend_puts_the_pemda_beside_the_nation_and_its_cohort(make_result, framework_2020):
    a, b = _regency("32.11", "Kabupaten Sumedang"), _regency("32.04", "Kabupaten Bandung")
    CohortFactory(members=[a, b], name="Pilot")
    NationalIndex.objects.create(year=2023, index=Decimal("2.79"))
    make_result(a, 2023, Decimal("4.00"), framework_2020)
    make_result(b, 2023, Decimal("3.01"), framework_2020)

    trend = selectors.regency_trend(a)

    assert trend.regency == [(2023, Decimal("4.00"), False)]
    assert trend.national == [(2023, Decimal("2.79"))]
    assert trend.cohort == [(2023, Decimal("3.51"))]  # (4.00 + 3.01) / 2 = 3.505 → 3.51
    assert trend.cohort_name == "Pilot"


# Real and demo data.
def test_published_results_load_with_their_sources_and_only_once(regions, frameworks):
    national, pemda, missing = published_results_load()

    assert national == 6  # 2018, 2020-2024 (2019 was not found)
    sumedang = Evaluation.objects.filter(regency_id="32.11").order_by("year")
    assert [(e.year, e.index) for e in sumedang] == [
        (2019, Decimal("2.46")),
        (2020, Decimal("3.81")),
        (2021, Decimal("3.52")),
        (2022, Decimal("3.84")),
    ]
    assert all(e.source_url.startswith("http") and not e.synthetic for e in sumedang)
    assert sumedang.get(year=2021).framework.code == "permenpanrb-59-2020"
    assert sumedang.get(year=2019).framework.code == "permenpanrb-5-2018"
    assert "LAPAN (instansi pusat)" not in missing  # not a kabupaten/kota: never a candidate
    assert published_results_load()[:2] == (0, 0)


def test_synthetic_self_assessments_are_flagged_and_generated_once(regions, frameworks):
    created = synthetic_self_assessments_generate(year=2025)

    assert created == 30
    demo = Evaluation.objects.filter(year=2025)
    assert all(e.synthetic and e.source == Evaluation.Source.SELF_ASSESSMENT for e in demo)
    assert all(e.computed_index is not None for e in demo)
    assert not Evaluation.objects.filter(synthetic=True, source=Evaluation.Source.OFFICIAL).exists()
    assert synthetic_self_assessments_generate(year=2025) == 0
    assert Regency.objects.filter(evaluations__synthetic=True).distinct().count() == 30
