"""Chart geometry, without a database."""

from decimal import Decimal

from spbe import charts


def test_a_line_chart_places_years_evenly_and_index_by_height():
    chart = charts.line_chart(
        [("Nasional", "national", [(2020, Decimal("2.5")), (2022, Decimal("5")), (2021, 0)])]
    )

    points = chart.series[0].points
    # plot from x=40 to 640-16=624; three years → steps of 292; y: 0 at 228, 5 at 16
    assert [(p.label, p.x, p.y) for p in points] == [
        ("2020", 40, 122.0),
        ("2021", 332.0, 228.0),
        ("2022", 624.0, 16.0),
    ]
    assert chart.series[0].path == "M40.0,122.0 L332.0,228.0 L624.0,16.0"
    assert [t.label for t in chart.x_ticks] == ["2020", "2021", "2022"]


def test_the_line_charts_table_is_its_text_alternative():
    chart = charts.line_chart([("A", "a", [(2020, Decimal("2.00"))]), ("B", "b", [(2021, Decimal("3.00"))])])

    assert chart.table == [(2020, [Decimal("2.00"), None]), (2021, [None, Decimal("3.00")])]


def test_a_single_year_sits_in_the_middle_and_no_data_is_empty():
    chart = charts.line_chart([("A", "a", [(2022, Decimal("1"))])])

    assert chart.series[0].points[0].x == 332.0
    assert charts.line_chart([("A", "a", [])]).empty


def test_bars_scale_to_the_maximum():
    chart = charts.bar_chart(
        [("Domain 1", Decimal("5"), ""), ("Domain 2", Decimal("2.5"), ""), ("Domain 3", None, "")]
    )

    widths = [b.width for b in chart.bars]
    full = 640 - 220 - 16 - 40
    assert widths == [full, full / 2, 0]
    assert [b.y for b in chart.bars] == [0, 30, 60]
    assert chart.height == 90
