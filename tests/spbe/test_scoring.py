"""The index arithmetic, without a database."""

from decimal import Decimal

import pytest

from spbe import scoring

BANDS_2020 = [
    (Decimal("4.2"), "Memuaskan"),
    (Decimal("3.5"), "Sangat Baik"),
    (Decimal("2.6"), "Baik"),
    (Decimal("1.8"), "Cukup"),
    (None, "Kurang"),
]


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        ("1.79", "Kurang"),
        ("1.8", "Cukup"),
        ("2.59", "Cukup"),
        ("2.6", "Baik"),
        ("3.49", "Baik"),
        ("3.5", "Sangat Baik"),
        ("4.19", "Sangat Baik"),
        ("4.2", "Memuaskan"),
        ("5.0", "Memuaskan"),
        ("0", "Kurang"),
    ],
)
def test_predicate_boundaries_of_permenpanrb_59_2020(index, expected):
    assert scoring.predicate(Decimal(index), BANDS_2020) == expected


def test_no_index_has_no_predicate():
    assert scoring.predicate(None, BANDS_2020) == ""


def test_below_the_lowest_band_has_no_predicate():
    assert scoring.predicate(Decimal("0.9"), [(Decimal("1.0"), "Kurang")]) == ""


def test_index_is_the_weighted_sum_over_100():
    # 2 × 60 + 4 × 40 = 280 → 2.80
    assert scoring.weighted_index([(2, "60"), (4, "40")]) == Decimal("2.80")


def test_index_rounds_half_up_to_two_decimals_as_published():
    # 1 × 30.5 + 2 × 69.5 = 169.5 → 1.695 → 1.70
    assert scoring.weighted_index([(1, "30.5"), (2, "69.5")]) == Decimal("1.70")
    # 3 × 1.30 + 1 × 98.70 = 102.6 → 1.026 → 1.03
    assert scoring.weighted_index([(3, "1.30"), (1, "98.70")]) == Decimal("1.03")


def test_group_index_divides_by_the_groups_own_weight():
    # aspect of weights 1.3 and 2.6: (5 × 1.3 + 2 × 2.6) / 3.9 = 11.7 / 3.9 = 3.00
    assert scoring.group_index([(5, "1.3"), (2, "2.6")]) == Decimal("3.00")
    assert scoring.group_index([]) is None


def test_gain_is_the_index_points_to_the_top_level():
    # (5 − 2) × 2.75 / 100 = 0.0825
    assert scoring.gain(2, 5, "2.75") == Decimal("0.0825")
    assert scoring.gain(5, 5, "2.75") == 0


def test_movement_is_places_gained_since_last_year():
    assert scoring.movement(rank=2, previous_rank=5) == 3
    assert scoring.movement(rank=5, previous_rank=2) == -3
    assert scoring.movement(rank=1, previous_rank=None) is None


def test_the_median_of_indices_is_rounded_like_an_index():
    assert scoring.median([Decimal("3.84"), Decimal("2.10"), Decimal("3.00")]) == Decimal("3.00")
    # an even count takes the mean of the middle two: (3.84 + 3.89) / 2 = 3.865 → 3.87 (half up)
    assert scoring.median(["3.89", "1.00", "3.84", "4.50"]) == Decimal("3.87")
    assert scoring.median([]) is None


@pytest.mark.parametrize(
    ("total", "shares", "expected"),
    [
        ("20", {32: 1, 33: 1, 34: 1, 35: 3}, ["3.3334", "3.3333", "3.3333", "10.0000"]),
        ("100", {1: 1, 2: 1, 3: 1}, ["33.3334", "33.3333", "33.3333"]),
        ("100", {1: 2, 2: 1, 3: 1}, ["50.0000", "25.0000", "25.0000"]),
        ("1", {5: 1, 2: 1, 9: 1}, ["0.3333", "0.3334", "0.3333"]),  # a tie goes to the smallest key
    ],
)
def test_largest_remainder_splits_a_total_into_parts_that_sum_to_it_exactly(total, shares, expected):
    parts = scoring.largest_remainder(total, shares)

    assert list(parts.values()) == [Decimal(e) for e in expected]
    assert sum(parts.values()) == Decimal(total)
