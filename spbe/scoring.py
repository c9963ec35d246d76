"""SPBE index arithmetic, the way KemenPANRB publishes it. Pure functions: no database.

Index = Σ level × indicator weight / 100, rounded half-up to two decimals. Domain and aspect
indices use the same sum over their own indicators, divided by their own weight.
"""

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")
WEIGHT_PLACES = 4  # weights are stored with four decimals
MISMATCH_TOLERANCE = Decimal("0.01")
WEIGHT_TOLERANCE = Decimal("0.01")


def round_index(value):
    return Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def weighted_index(pairs):
    """Index of (level, weight %) pairs whose weights are shares of 100."""
    return round_index(sum((Decimal(level) * Decimal(weight) for level, weight in pairs), Decimal(0)) / 100)


def group_index(pairs):
    """Index of a domain or aspect: Σ level × weight / Σ weight, rounded; None without weight."""
    pairs = list(pairs)
    total = sum((Decimal(w) for _, w in pairs), Decimal(0))
    if not total:
        return None
    return round_index(sum((Decimal(level) * Decimal(w) for level, w in pairs), Decimal(0)) / total)


def predicate(index, bands):
    """Predicate for an index from (min_index inclusive or None, name) bands; '' without a match."""
    if index is None:
        return ""
    index = Decimal(index)
    for minimum, name in sorted(
        bands, key=lambda b: Decimal(-1) if b[0] is None else Decimal(b[0]), reverse=True
    ):
        if minimum is None or index >= Decimal(minimum):
            return name
    return ""


def gain(level, top_level, weight):
    """Index points won by raising one indicator from its level to the top: (top − level) × weight / 100."""
    return (Decimal(top_level) - Decimal(level)) * Decimal(weight) / 100


def movement(rank, previous_rank):
    """Places gained since last year (positive = moved up); None when not ranked last year."""
    if previous_rank is None:
        return None
    return previous_rank - rank


def median(values):
    """Median of indices, rounded like an index; None without values."""
    values = sorted(Decimal(v) for v in values)
    if not values:
        return None
    middle = len(values) // 2
    if len(values) % 2:
        return round_index(values[middle])
    return round_index((values[middle - 1] + values[middle]) / 2)


def largest_remainder(total, shares, places=WEIGHT_PLACES):
    """Split `total` in proportion to `shares` ({key: share}) so that the parts sum to exactly `total`.

    Each part is its exact share cut to `places` decimals; the units the cuts left over go, one
    each, to the parts whose cut dropped the most, the smallest key first on a tie. (20 in six equal
    shares, one each for 32-34 and three for 35: 3.3334, 3.3333, 3.3333, 10.0000.)
    """
    total, unit = Decimal(total), Decimal(1).scaleb(-places)
    whole = sum(shares.values())
    exact = {key: total * share / whole for key, share in shares.items()}
    parts = {key: value.quantize(unit, rounding=ROUND_DOWN) for key, value in exact.items()}
    left = int((total - sum(parts.values())) / unit)
    for key in sorted(parts, key=lambda key: (parts[key] - exact[key], key))[:left]:
        parts[key] += unit
    return parts
