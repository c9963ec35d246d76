"""Chart geometry for server-rendered SVG: pure functions, no database, no JavaScript.

Templates draw the returned coordinates as inline <svg> and put a table beside it as the text alternative.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 40, 28, 16, 40
INDEX_MAX = Decimal(5)
# On a phone the 640-unit drawing is about 330 px wide, so the stylesheet draws chart text at up to
# 24 units (12 px or more on the screen). Everything below leaves room for text of that size:
# a year label is about 55 units wide and needs this much room from the next one.
YEAR_LABEL_ROOM = 64


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    value: Decimal


@dataclass(frozen=True)
class Series:
    name: str
    css: str
    points: list
    path: str


@dataclass(frozen=True)
class Tick:
    position: float
    label: str
    minor: bool = False  # left out where text is large (phones) so that labels do not overlap


@dataclass
class LineChart:
    width: int
    height: int
    left: int
    series: list
    x_ticks: list
    y_ticks: list
    years: list
    table: list = field(default_factory=list)  # [(year, [value or None per series])]

    @property
    def empty(self):
        return not any(s.points for s in self.series)


def _y(value, top=TOP, height=HEIGHT - TOP - BOTTOM):
    return round(top + height - float(Decimal(value) / INDEX_MAX) * height, 1)


def line_chart(series_data):
    """series_data: [(name, css class, [(year, index)])] on a shared year axis, index 0-5.

    Years sit at their distance in time, so a year without figures leaves a visible gap.
    """
    years = sorted({year for _, _, points in series_data for year, _ in points})
    plot_width = WIDTH - LEFT - RIGHT
    span = years[-1] - years[0] if years else 0

    def x(year):
        return round(LEFT + ((year - years[0]) / span * plot_width if span else plot_width / 2), 1)

    # Every n-th year keeps its label on a phone, n chosen so that labels never overlap.
    step = max(1, -(-span * YEAR_LABEL_ROOM // plot_width)) if span else 1
    series = []
    for name, css, points in series_data:
        placed = [Point(x(year), _y(value), str(year), Decimal(value)) for year, value in sorted(points)]
        path = " ".join(f"{'M' if i == 0 else 'L'}{p.x},{p.y}" for i, p in enumerate(placed))
        series.append(Series(name, css, placed, path))
    lookup = [dict(points) for _, _, points in series_data]
    return LineChart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        series=series,
        x_ticks=[Tick(x(year), str(year), minor=(year - years[0]) % step != 0) for year in years],
        y_ticks=[Tick(_y(v), str(v)) for v in range(0, 6)],
        years=years,
        table=[(year, [values.get(year) for values in lookup]) for year in years],
    )


def national_chart(national):
    """The national index by year, from NationalIndex rows (selectors.national_series)."""
    return line_chart([(_("National index"), "national", [(n.year, n.index) for n in national])])


@dataclass(frozen=True)
class Bar:
    label: str
    short_label: str  # what fits on one line above the bar; the full label is in <title> and the table
    value: Decimal
    width: float
    y: float  # top of the row: the label's line, then the bar
    label_y: float
    bar_y: float
    value_y: float


@dataclass
class BarChart:
    width: int
    height: int
    bar_height: int
    bars: list
    maximum: Decimal


# Each row: the label on its own line (room for 24-unit text), the bar under it, a gap.
LABEL_LINE, BAR_HEIGHT, BAR_GAP = 28, 20, 10
ROW = LABEL_LINE + BAR_HEIGHT + BAR_GAP
VALUE_ROOM = 72  # right of the longest bar, for its value
# About 13 units per character at 24-unit text: what fits across the chart.
LABEL_CHARS = 46


def _shorten(label):
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def bar_chart(items, maximum=INDEX_MAX):
    """items: [(label, value)] as horizontal bars scaled to `maximum` (index 0-5 by default), each
    under its label: labels get the chart's whole width, so they stay readable on a phone."""
    plot = WIDTH - RIGHT - VALUE_ROOM
    maximum = Decimal(maximum) if maximum else Decimal(1)
    bars = [
        Bar(
            label=label,
            short_label=_shorten(label),
            value=Decimal(value or 0),
            width=round(float(Decimal(value or 0) / maximum) * plot, 1),
            y=i * ROW,
            label_y=i * ROW + LABEL_LINE - 6,
            bar_y=i * ROW + LABEL_LINE,
            value_y=i * ROW + LABEL_LINE + BAR_HEIGHT / 2,
        )
        for i, (label, value) in enumerate(items)
    ]
    return BarChart(
        width=WIDTH,
        height=max(len(bars), 1) * ROW,
        bar_height=BAR_HEIGHT,
        bars=bars,
        maximum=maximum,
    )


def predicate_chart(counts, predicates):
    """How many pemda got each predicate: `counts` {predicate: n}, bars in the order of `predicates`
    (the framework's bands, best first), a band nobody reached as an empty bar, any other
    predicate found in the data after them."""
    order = list(predicates) + sorted(set(counts) - set(predicates))
    return bar_chart(
        [(name, counts.get(name, 0)) for name in order], maximum=max(counts.values(), default=0) or 1
    )
