import datetime

from plans.history.chart import ChartMarker, PainReading, pain_chart

D = datetime.date


def test_empty_history_gives_an_empty_chart_with_the_rating_axis():
    chart = pain_chart([])
    assert chart.is_empty
    assert [rating for rating, _y in chart.y_ticks] == [0, 2, 4, 6, 8, 10]


def test_readings_run_left_to_right_by_date_and_higher_pain_sits_higher():
    chart = pain_chart(
        [
            PainReading(D(2026, 3, 1), now=3, worst=5),
            PainReading(D(2026, 1, 1), now=7, worst=9),
        ]
    )
    (x1, y1, _r1, d1), (x2, y2, _r2, d2) = chart.now_points
    assert (d1, d2) == (D(2026, 1, 1), D(2026, 3, 1))
    assert x1 == chart.plot_left and x2 == chart.plot_right
    assert y1 < y2  # 7 is drawn above 3: SVG's y grows downwards
    assert chart.now_polyline == f"{x1},{y1} {x2},{y2}"
    assert [r for _x, _y, r, _d in chart.worst_points] == [9, 5]


def test_zero_and_ten_sit_on_the_plot_edges():
    chart = pain_chart([PainReading(D(2026, 1, 1), 0), PainReading(D(2026, 1, 2), 10)])
    assert chart.now_points[0][1] == chart.plot_bottom
    assert chart.now_points[1][1] == chart.plot_top


def test_markers_share_the_time_axis_with_the_readings():
    chart = pain_chart(
        [PainReading(D(2026, 1, 10), 6), PainReading(D(2026, 1, 20), 4)],
        [
            ChartMarker(D(2026, 1, 1), "intake", "Anamnesis"),
            ChartMarker(D(2026, 1, 2), "plan", "Plan v1"),
        ],
    )
    assert chart.markers[0][0] == chart.plot_left
    assert chart.now_points[-1][0] == chart.plot_right
    assert [kind for _x, kind, _l, _d in chart.markers] == ["intake", "plan"]


def test_readings_without_worst_are_left_out_of_the_worst_line():
    chart = pain_chart([PainReading(D(2026, 1, 1), 5), PainReading(D(2026, 1, 8), 4, worst=6)])
    assert len(chart.now_points) == 2
    assert len(chart.worst_points) == 1


def test_a_single_day_history_still_draws():
    chart = pain_chart([PainReading(D(2026, 5, 5), 5, worst=7)])
    assert chart.x_labels == [(chart.plot_left, D(2026, 5, 5))]


def test_marker_labels_near_the_right_edge_read_leftwards():
    chart = pain_chart(
        [PainReading(D(2026, 1, 1), 6), PainReading(D(2026, 3, 1), 3)],
        [ChartMarker(D(2026, 1, 1), "intake", "Intake"), ChartMarker(D(2026, 3, 1), "plan", "v2")],
    )
    assert [anchor for *_rest, anchor in chart.marker_labels] == ["start", "end"]
