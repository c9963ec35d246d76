"""Chart geometry for server-rendered SVG: pure functions, no database, no JavaScript.

Templates draw the returned coordinates as inline <svg> and put a table beside it as the text alternative.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 40, 16, 16, 32
INDEX_MAX = Decimal(5)


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
        x_ticks=[Tick(x(year), str(year)) for year in years],
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
    short_label: str  # what fits left of the bar; the full label is in the bar's <title> and the table
    value: Decimal
    width: float
    y: float


@dataclass
class BarChart:
    width: int
    height: int
    label_width: int
    bar_height: int
    bars: list
    maximum: Decimal


BAR_HEIGHT, BAR_GAP, LABEL_WIDTH = 22, 8, 220
# About 6.5 px per character at the 12 px tick font: what fits in the label column.
LABEL_CHARS = (LABEL_WIDTH - 12) // 7


def _shorten(label):
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def bar_chart(items, maximum=INDEX_MAX):
    """items: [(label, value)] as horizontal bars scaled to `maximum` (index 0-5 by default)."""
    plot = WIDTH - LABEL_WIDTH - RIGHT - 40  # 40 px right of the longest bar for its value
    maximum = Decimal(maximum) if maximum else Decimal(1)
    bars = [
        Bar(
            label=label,
            short_label=_shorten(label),
            value=Decimal(value or 0),
            width=round(float(Decimal(value or 0) / maximum) * plot, 1),
            y=i * (BAR_HEIGHT + BAR_GAP),
        )
        for i, (label, value) in enumerate(items)
    ]
    return BarChart(
        width=WIDTH,
        height=max(len(bars), 1) * (BAR_HEIGHT + BAR_GAP),
        label_width=LABEL_WIDTH,
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
