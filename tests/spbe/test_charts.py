"""Chart geometry, without a database."""

from decimal import Decimal

from spbe import charts

# The plot area: x from 40 to 640 - 28 = 612 (572 wide), y from 16 (index 5) to 260 - 40 = 220 (index 0).


def test_a_line_chart_places_years_along_the_axis_and_index_by_height():
    chart = charts.line_chart(
        [("Nasional", "national", [(2020, Decimal("2.5")), (2022, Decimal("5")), (2021, 0)])]
    )

    points = chart.series[0].points
    # three consecutive years: steps of 572 / 2 = 286; y = 220 - index / 5 × 204
    assert [(p.label, p.x, p.y) for p in points] == [
        ("2020", 40, 118.0),
        ("2021", 326.0, 220.0),
        ("2022", 612.0, 16.0),
    ]
    assert chart.series[0].path == "M40.0,118.0 L326.0,220.0 L612.0,16.0"
    assert [t.label for t in chart.x_ticks] == ["2020", "2021", "2022"]
    assert [(t.label, t.position) for t in chart.y_ticks] == [
        ("0", 220.0),
        ("1", 179.2),
        ("2", 138.4),
        ("3", 97.6),
        ("4", 56.8),
        ("5", 16.0),
    ]


def test_a_year_without_figures_leaves_a_gap_on_the_axis():
    chart = charts.line_chart([("Nasional", "national", [(2018, 1), (2020, 2), (2024, 3)])])

    # 2020 is 2 of 6 years along: 40 + 572 × 2 / 6 = 230.67
    assert [t.position for t in chart.x_ticks] == [40.0, 230.7, 612.0]
    assert [p.y for p in chart.series[0].points] == [179.2, 138.4, 97.6]


def test_series_share_the_year_axis_and_the_table_is_the_text_alternative():
    chart = charts.line_chart([("A", "a", [(2020, Decimal("2.00"))]), ("B", "b", [(2021, Decimal("3.00"))])])

    assert [p.x for p in chart.series[0].points] == [40.0]
    assert [p.x for p in chart.series[1].points] == [612.0]
    assert chart.table == [(2020, [Decimal("2.00"), None]), (2021, [None, Decimal("3.00")])]


def test_a_single_year_sits_in_the_middle_and_no_data_is_empty():
    chart = charts.line_chart([("A", "a", [(2022, Decimal("1"))])])

    assert chart.series[0].points[0].x == 326.0
    assert not chart.empty
    assert charts.line_chart([("A", "a", [])]).empty


def test_year_labels_thin_out_where_they_would_overlap_on_a_phone():
    few = charts.line_chart([("A", "a", [(year, 2) for year in range(2018, 2025)])])
    many = charts.line_chart([("A", "a", [(year, 2) for year in range(2010, 2025)])])

    # 7 years: 572 / 6 = 95 units apart, room enough for a label (64); all keep their label
    assert [t.minor for t in few.x_ticks] == [False] * 7
    # 15 years: 572 / 14 = 41 apart, so every second year keeps its label
    assert [t.label for t in many.x_ticks if not t.minor] == [str(y) for y in range(2010, 2025, 2)]


def test_bars_scale_to_the_maximum():
    chart = charts.bar_chart([("Domain 1", Decimal("5")), ("Domain 2", Decimal("2.5")), ("Domain 3", None)])

    # bars from x=0 to 640 - 28 - 72 = 540 (room right for the value): 540 wide at index 5
    assert [b.width for b in chart.bars] == [540.0, 270.0, 0]
    assert [b.value for b in chart.bars] == [Decimal("5"), Decimal("2.5"), Decimal("0")]
    # rows of 58: the label's line (28), the bar (20), a gap (10)
    assert [(b.y, b.label_y, b.bar_y, b.value_y) for b in chart.bars] == [
        (0, 22, 28, 38.0),
        (58, 80, 86, 96.0),
        (116, 138, 144, 154.0),
    ]
    assert chart.height == 174


def test_a_long_bar_label_is_shortened_and_kept_whole_for_the_table():
    label = "7. Layanan Administrasi Pemerintahan Berbasis Elektronik"
    (bar,) = charts.bar_chart([(label, Decimal("3.40"))]).bars

    assert bar.label == label
    # 46 characters fit across the chart at the phone's text size
    assert bar.short_label == "7. Layanan Administrasi Pemerintahan Berbasis…"
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
    # scaled to the largest count: 540 × 1 / 3 = 180
    assert [b.width for b in chart.bars] == [0, 0, 540.0, 180.0, 0, 360.0]


def test_a_predicate_chart_without_results_has_no_bars_worth_drawing():
    chart = charts.predicate_chart({}, ["Baik"])

    assert [(b.label, b.width) for b in chart.bars] == [("Baik", 0)]
