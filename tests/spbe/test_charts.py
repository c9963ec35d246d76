"""Chart geometry, without a database."""

from decimal import Decimal

from spbe import charts

# The plot area: x from 40 to 640 - 16 = 624 (584 wide), y from 16 (index 5) to 260 - 32 = 228 (index 0).


def test_a_line_chart_places_years_along_the_axis_and_index_by_height():
    chart = charts.line_chart(
        [("Nasional", "national", [(2020, Decimal("2.5")), (2022, Decimal("5")), (2021, 0)])]
    )

    points = chart.series[0].points
    # three consecutive years: steps of 584 / 2 = 292; y = 228 - index / 5 × 212
    assert [(p.label, p.x, p.y) for p in points] == [
        ("2020", 40, 122.0),
        ("2021", 332.0, 228.0),
        ("2022", 624.0, 16.0),
    ]
    assert chart.series[0].path == "M40.0,122.0 L332.0,228.0 L624.0,16.0"
    assert [t.label for t in chart.x_ticks] == ["2020", "2021", "2022"]
    assert [(t.label, t.position) for t in chart.y_ticks] == [
        ("0", 228.0),
        ("1", 185.6),
        ("2", 143.2),
        ("3", 100.8),
        ("4", 58.4),
        ("5", 16.0),
    ]


def test_a_year_without_figures_leaves_a_gap_on_the_axis():
    chart = charts.line_chart([("Nasional", "national", [(2018, 1), (2020, 2), (2024, 3)])])

    # 2020 is 2 of 6 years along: 40 + 584 × 2 / 6 = 234.67
    assert [t.position for t in chart.x_ticks] == [40.0, 234.7, 624.0]
    assert [p.y for p in chart.series[0].points] == [185.6, 143.2, 100.8]


def test_series_share_the_year_axis_and_the_table_is_the_text_alternative():
    chart = charts.line_chart([("A", "a", [(2020, Decimal("2.00"))]), ("B", "b", [(2021, Decimal("3.00"))])])

    assert [p.x for p in chart.series[0].points] == [40.0]
    assert [p.x for p in chart.series[1].points] == [624.0]
    assert chart.table == [(2020, [Decimal("2.00"), None]), (2021, [None, Decimal("3.00")])]


def test_a_single_year_sits_in_the_middle_and_no_data_is_empty():
    chart = charts.line_chart([("A", "a", [(2022, Decimal("1"))])])

    assert chart.series[0].points[0].x == 332.0
    assert not chart.empty
    assert charts.line_chart([("A", "a", [])]).empty


def test_bars_scale_to_the_maximum():
    chart = charts.bar_chart([("Domain 1", Decimal("5")), ("Domain 2", Decimal("2.5")), ("Domain 3", None)])

    # bars from x=220 to 640 - 16 - 40 = 584: 364 wide at index 5
    assert [b.width for b in chart.bars] == [364.0, 182.0, 0]
    assert [b.value for b in chart.bars] == [Decimal("5"), Decimal("2.5"), Decimal("0")]
    assert [b.y for b in chart.bars] == [0, 30, 60]
    assert chart.height == 90


def test_a_long_bar_label_is_shortened_and_kept_whole_for_the_table():
    label = "7. Layanan Administrasi Pemerintahan Berbasis Elektronik"
    (bar,) = charts.bar_chart([(label, Decimal("3.40"))]).bars

    assert bar.label == label
    assert bar.short_label == "7. Layanan Administrasi Peme…"
    assert charts.bar_chart([("6. Audit TIK", 1)]).bars[0].short_label == "6. Audit TIK"


def test_the_predicate_chart_follows_the_bands_best_first_and_shows_empty_bands():
    bands = ["Memuaskan", "Sangat Baik", "Baik", "Cukup", "Kurang"]
    chart = charts.predicate_chart({"Baik": 3, "Cukup": 1, "Tidak dikenal": 2}, bands)

    assert [(b.label, b.value) for b in chart.bars] == [
        ("Memuaskan", 0),
        ("Sangat Baik", 0),
        ("Baik", 3),
        ("Cukup", 1),
        ("Kurang", 0),
        ("Tidak dikenal", 2),
    ]
    # scaled to the largest count: 364 × 1 / 3 = 121.33
    assert [b.width for b in chart.bars] == [0, 0, 364.0, 121.3, 0, 242.7]


def test_a_predicate_chart_without_results_has_no_bars_worth_drawing():
    chart = charts.predicate_chart({}, ["Baik"])

    assert [(b.label, b.width) for b in chart.bars] == [("Baik", 0)]
