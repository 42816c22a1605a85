"""Geometry of the pain chart, drawn as SVG on the server so it also prints.

Plain Python: `pain_chart()` turns pain readings into coordinates; the template
`plans/includes/_pain_chart.html` draws them. No JavaScript is needed to see a client's course.

The x axis counts visits, not days: each intake and each session gets its own slot, equally
spaced and in order, so two sessions on one day stand side by side instead of on one vertical
line, and a year without visits takes no room. The dates are the axis labels, thinned to fit.
Three series: the pain before each session (at an intake: the pain now), the pain after it,
and the worst pain, asked at intakes only, so drawn as points where it was measured.
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
# A short date in the chart's 10px type is at most about 56px wide; labels keep a gap.
LABEL_WIDTH = 56
LABEL_GAP = 8

INTAKE = "intake"
SESSION = "session"
PLAN = "plan"


@dataclass(frozen=True)
class PainReading:
    """The ratings of one visit. `before` is the pain before the session or, at an intake, the
    pain now; `worst` is asked at intakes. `order` breaks ties within a day (a visit recorded
    earlier comes first); intakes come before the sessions of their day."""

    day: datetime.date
    before: int | None
    after: int | None = None
    worst: int | None = None
    kind: str = SESSION
    label: str = ""
    order: tuple = ()

    @property
    def sort_key(self):
        return (self.day, 0 if self.kind == INTAKE else 2, self.order)


@dataclass(frozen=True)
class ChartMarker:
    """A dashed line: an intake (on its slot) or a plan's start (just before the first visit
    on or after its day)."""

    day: datetime.date
    kind: str  # "intake" | "plan"
    label: str
    order: tuple = ()  # an intake's: the same as its reading's

    @property
    def sort_key(self):
        return (self.day, 0 if self.kind == INTAKE else 1, self.order)


@dataclass
class PainChart:
    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    slots: list = field(default_factory=list)  # (x, reading), oldest first
    before_points: list = field(default_factory=list)  # (x, y, rating, reading)
    after_points: list = field(default_factory=list)
    worst_points: list = field(default_factory=list)
    y_ticks: list = field(default_factory=list)
    x_labels: list = field(default_factory=list)  # (x, day, text-anchor)
    markers: list = field(default_factory=list)  # (x, kind, label, day)

    @property
    def is_empty(self):
        return not self.slots

    @property
    def readings(self):
        return [reading for _x, reading in self.slots]

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
    def before_polyline(self):
        return _polyline(self.before_points)

    @property
    def after_polyline(self):
        return _polyline(self.after_points)


def pain_chart(readings, markers=(), *, width=WIDTH, height=HEIGHT):
    """Coordinates for readings (any order) and intake/plan markers, oldest on the left."""
    readings = sorted((r for r in readings if _rated(r)), key=lambda r: r.sort_key)
    markers = sorted(markers, key=lambda m: m.sort_key)
    chart = PainChart(
        width=width,
        height=height,
        plot_left=MARGIN_LEFT,
        plot_right=width - MARGIN_RIGHT,
        plot_top=MARGIN_TOP,
        plot_bottom=height - MARGIN_BOTTOM,
    )
    chart.y_ticks = [(rating, _y(chart, rating)) for rating in range(0, MAX_RATING + 1, 2)]
    if not readings:
        return chart
    slot = (chart.plot_right - chart.plot_left) / len(readings)

    def x(index):
        """The middle of slot `index`; a half index is the border between two slots."""
        return round(chart.plot_left + (index + 0.5) * slot, 1)

    chart.slots = [(x(i), r) for i, r in enumerate(readings)]
    for series, value in (
        (chart.before_points, "before"),
        (chart.after_points, "after"),
        (chart.worst_points, "worst"),
    ):
        series.extend(
            (sx, _y(chart, getattr(r, value)), getattr(r, value), r)
            for sx, r in chart.slots
            if getattr(r, value) is not None
        )
    for marker in markers:
        mx = x(_marker_index(marker, readings))
        last = chart.markers[-1] if chart.markers else None
        if last and last[:2] == (mx, marker.kind):  # two plans signed before the same visit
            chart.markers[-1] = (mx, marker.kind, f"{last[2]} · {marker.label}", marker.day)
        else:
            chart.markers.append((mx, marker.kind, marker.label, marker.day))
    chart.x_labels = _day_labels(chart.slots, width)
    return chart


def _rated(reading):
    return any(v is not None for v in (reading.before, reading.after, reading.worst))


def _marker_index(marker, readings):
    """An intake sits on its own slot; a plan start on the border before the first visit on or
    after its day (after the last visit if none followed)."""
    for i, reading in enumerate(readings):
        if reading.kind == marker.kind == INTAKE and reading.sort_key == marker.sort_key:
            return i
        if reading.sort_key > marker.sort_key:
            return i - 0.5
    return len(readings) - 0.5


def _day_labels(slots, width):
    """(x, day, anchor): one label per day under the middle of its slots, dropped where it
    would touch the one before it; the latest day is always labelled. A label that would run
    off the right edge ends at its point instead."""
    runs = []
    for sx, reading in slots:
        if runs and runs[-1][2] == reading.day:
            runs[-1][1] = sx
        else:
            runs.append([sx, sx, reading.day])

    def label(run):
        middle = round((run[0] + run[1]) / 2, 1)
        anchor = "end" if middle + LABEL_WIDTH / 2 > width else "middle"
        return (middle, run[2], anchor)

    def left_edge(item):
        return item[0] - (LABEL_WIDTH if item[2] == "end" else LABEL_WIDTH / 2)

    def fits_after(previous, item):
        return left_edge(item) - (previous[0] + LABEL_WIDTH / 2) >= LABEL_GAP

    labels = []
    for run in runs:
        item = label(run)
        if not labels or fits_after(labels[-1], item):
            labels.append(item)
    latest = label(runs[-1])
    if labels[-1] != latest:
        if len(labels) > 1 and not fits_after(labels[-1], latest):
            labels.pop()
        labels.append(latest)
    return labels


def _y(chart, rating):
    share = rating / MAX_RATING
    return round(chart.plot_bottom - share * (chart.plot_bottom - chart.plot_top), 1)


def _polyline(points):
    return " ".join(f"{x},{y}" for x, y, _r, _reading in points)
