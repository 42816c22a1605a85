import datetime
import itertools

from plans.history.chart import LABEL_WIDTH, ChartMarker, PainReading, pain_chart

D = datetime.date


def intake(day, now, worst=None, order=()):
    return PainReading(day, now, worst=worst, kind="intake", label="Intake", order=order)


def session(day, before, after=None, number=1):
    return PainReading(day, before, after, label=f"Session {number}", order=(number,))


def xs(points):
    return [x for x, _y, _r, _reading in points]


def ratings(points):
    return [rating for _x, _y, rating, _reading in points]


def test_empty_history_gives_an_empty_chart_with_the_rating_axis():
    chart = pain_chart([])
    assert chart.is_empty
    assert [rating for rating, _y in chart.y_ticks] == [0, 2, 4, 6, 8, 10]


def test_visits_run_left_to_right_in_order_and_higher_pain_sits_higher():
    chart = pain_chart([session(D(2026, 3, 1), 3, number=2), intake(D(2026, 1, 1), 7, worst=9)])
    (x1, y1, _r1, first), (x2, y2, _r2, second) = chart.before_points
    assert (first.kind, second.day) == ("intake", D(2026, 3, 1))
    assert chart.plot_left < x1 < x2 < chart.plot_right
    assert y1 < y2  # 7 is drawn above 3: SVG's y grows downwards
    assert chart.before_polyline == f"{x1},{y1} {x2},{y2}"


def test_visits_are_equally_spaced_whatever_the_gap_between_their_days():
    chart = pain_chart(
        [
            intake(D(2024, 1, 2), 6),
            session(D(2024, 1, 8), 5),
            session(D(2025, 1, 13), 4, number=2),  # a year later
            session(D(2025, 1, 20), 3, number=3),
        ]
    )
    gaps = {round(b - a, 1) for a, b in itertools.pairwise(xs(chart.before_points))}
    assert len(gaps) == 1


def test_two_sessions_on_one_day_stand_side_by_side_with_one_date_label_between_them():
    day = D(2026, 4, 7)
    chart = pain_chart(
        [session(day, 6, 4, number=2), session(day, 5, 3, number=1), session(D(2026, 4, 1), 7)]
    )
    left, first, second = xs(chart.before_points)
    assert left < first < second  # distinct x: no vertical line
    assert [r.label for _x, r in chart.slots] == ["Session 1", "Session 1", "Session 2"]
    assert ratings(chart.before_points) == [7, 5, 6]  # the earlier recorded first
    assert [(x, d) for x, d, _anchor in chart.x_labels] == [
        (left, D(2026, 4, 1)),
        (round((first + second) / 2, 1), day),
    ]


def test_pain_after_the_session_is_its_own_series_at_the_sessions_place():
    chart = pain_chart(
        [intake(D(2026, 1, 1), 7), session(D(2026, 1, 5), 6, 3), session(D(2026, 1, 9), 5)]
    )
    assert ratings(chart.before_points) == [7, 6, 5]
    assert ratings(chart.after_points) == [3]  # intakes and a session without it have none
    assert xs(chart.after_points) == [xs(chart.before_points)[1]]
    assert chart.after_polyline == f"{chart.after_points[0][0]},{chart.after_points[0][1]}"


def test_the_worst_pain_is_drawn_only_where_it_was_measured_at_intakes():
    chart = pain_chart(
        [
            intake(D(2025, 1, 6), 6, worst=8),
            session(D(2025, 1, 13), 5),
            intake(D(2026, 1, 5), 4, worst=6),
            session(D(2026, 1, 12), 3),
        ]
    )
    assert ratings(chart.worst_points) == [8, 6]
    intakes = [x for x, r in chart.slots if r.kind == "intake"]
    assert xs(chart.worst_points) == intakes
    assert not hasattr(chart, "worst_polyline")  # points only: no line across the year between


def test_zero_and_ten_sit_on_the_plot_edges():
    chart = pain_chart([session(D(2026, 1, 1), 0), session(D(2026, 1, 2), 10)])
    assert chart.before_points[0][1] == chart.plot_bottom
    assert chart.before_points[1][1] == chart.plot_top


def test_an_intake_marker_sits_on_its_intake_and_a_plan_start_just_before_the_next_visit():
    chart = pain_chart(
        [intake(D(2026, 1, 1), 6), session(D(2026, 1, 10), 6), session(D(2026, 1, 20), 4)],
        [
            ChartMarker(D(2026, 1, 1), "intake", "Intake"),
            ChartMarker(D(2026, 1, 2), "plan", "Plan v1"),
        ],
    )
    (intake_x, *_), (plan_x, *_) = chart.markers
    first, second, _third = xs(chart.before_points)
    assert intake_x == first
    assert plan_x == round((first + second) / 2, 1)
    assert [kind for _x, kind, _l, _d in chart.markers] == ["intake", "plan"]


def test_a_plan_signed_the_day_of_its_intake_starts_between_the_intake_and_the_first_session():
    day = D(2026, 2, 2)
    chart = pain_chart(
        [session(day, 5), intake(day, 6)],
        [ChartMarker(day, "plan", "Plan v1"), ChartMarker(day, "intake", "Intake")],
    )
    first, second = xs(chart.before_points)
    assert [x for x, *_ in chart.markers] == [first, round((first + second) / 2, 1)]


def test_a_single_visit_still_draws_with_its_date():
    chart = pain_chart([intake(D(2026, 5, 5), 5, worst=7)])
    ((x, _y, _r, _reading),) = chart.before_points
    assert chart.x_labels == [(x, D(2026, 5, 5), "middle")]


def test_date_labels_are_thinned_to_fit_and_the_latest_day_is_always_labelled():
    start = D(2024, 1, 1)
    chart = pain_chart(
        [session(start + datetime.timedelta(days=7 * i), 5, number=i) for i in range(100)]
    )
    labels = chart.x_labels
    assert 4 <= len(labels) <= chart.width // LABEL_WIDTH
    assert labels[0][1] == start and labels[-1][1] == start + datetime.timedelta(days=7 * 99)
    assert all(b[0] - a[0] >= LABEL_WIDTH for a, b in itertools.pairwise(labels))
    assert labels[-1][0] + LABEL_WIDTH / 2 <= chart.width or labels[-1][2] == "end"


def test_marker_labels_near_the_right_edge_read_leftwards():
    chart = pain_chart(
        [intake(D(2026, 1, 1), 6), session(D(2026, 3, 1), 3)],
        [ChartMarker(D(2026, 1, 1), "intake", "Intake"), ChartMarker(D(2026, 3, 2), "plan", "v2")],
    )
    assert [anchor for *_rest, anchor in chart.marker_labels] == ["start", "end"]


def test_two_plans_signed_before_the_same_visit_share_one_marker_and_label():
    chart = pain_chart(
        [intake(D(2026, 1, 1), 6), session(D(2026, 1, 10), 5)],
        [
            ChartMarker(D(2026, 1, 2), "plan", "Plan v1"),
            ChartMarker(D(2026, 1, 3), "plan", "Plan v2"),
        ],
    )
    assert [(kind, label) for _x, kind, label, _d in chart.markers] == [
        ("plan", "Plan v1 · Plan v2")
    ]
