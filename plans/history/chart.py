"""Geometry of the pain chart, drawn as SVG on the server so it also prints.

Plain Python: `pain_chart()` turns dated pain ratings into coordinates; the template
`plans/includes/_pain_chart.html` draws them. No JavaScript is needed to see a client's course.
"""

import datetime
from dataclasses import dataclass, field

WIDTH = 640
HEIGHT = 220
MARGIN_LEFT = 36
MARGIN_RIGHT = 12
MARGIN_TOP = 14
MARGIN_BOTTOM = 30
MAX_RATING = 10
MAX_X_LABELS = 6


@dataclass(frozen=True)
class PainReading:
    day: datetime.date
    now: int
    worst: int | None = None


@dataclass(frozen=True)
class ChartMarker:
    day: datetime.date
    kind: str  # "intake" | "plan"
    label: str


@dataclass
class PainChart:
    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    now_points: list = field(default_factory=list)
    worst_points: list = field(default_factory=list)
    y_ticks: list = field(default_factory=list)
    x_labels: list = field(default_factory=list)
    markers: list = field(default_factory=list)

    @property
    def is_empty(self):
        return not self.now_points

    @property
    def marker_labels(self):
        """Markers as (x, kind, label, day, anchor): labels near the right edge read leftwards,
        so they stay inside the plot."""
        middle = (self.plot_left + self.plot_right) / 2
        return [
            (x, kind, label, day, "end" if x > middle else "start")
            for x, kind, label, day in self.markers
        ]

    @property
    def now_polyline(self):
        return " ".join(f"{x},{y}" for x, y, _r, _d in self.now_points)

    @property
    def worst_polyline(self):
        return " ".join(f"{x},{y}" for x, y, _r, _d in self.worst_points)


def pain_chart(readings, markers=(), *, width=WIDTH, height=HEIGHT):
    """Coordinates for readings (any order) and intake/plan markers, oldest on the left."""
    readings = sorted(readings, key=lambda r: r.day)
    markers = sorted(markers, key=lambda m: m.day)
    chart = PainChart(
        width=width,
        height=height,
        plot_left=MARGIN_LEFT,
        plot_right=width - MARGIN_RIGHT,
        plot_top=MARGIN_TOP,
        plot_bottom=height - MARGIN_BOTTOM,
    )
    chart.y_ticks = [(rating, _y(chart, rating)) for rating in range(0, MAX_RATING + 1, 2)]
    days = [r.day for r in readings] + [m.day for m in markers]
    if not readings:
        return chart
    first, last = min(days), max(days)
    span = max((last - first).days, 1)

    def x(day):
        return round(
            chart.plot_left + (day - first).days / span * (chart.plot_right - chart.plot_left), 1
        )

    chart.now_points = [(x(r.day), _y(chart, r.now), r.now, r.day) for r in readings]
    chart.worst_points = [
        (x(r.day), _y(chart, r.worst), r.worst, r.day) for r in readings if r.worst is not None
    ]
    chart.markers = [(x(m.day), m.kind, m.label, m.day) for m in markers]
    chart.x_labels = [(x(day), day) for day in _label_days(first, last)]
    return chart


def _y(chart, rating):
    share = rating / MAX_RATING
    return round(chart.plot_bottom - share * (chart.plot_bottom - chart.plot_top), 1)


def _label_days(first, last):
    if first == last:
        return [first]
    count = MAX_X_LABELS
    step = (last - first) / (count - 1)
    labels = [first + step * i for i in range(count)]
    return sorted({day if isinstance(day, datetime.date) else day.date() for day in labels})
