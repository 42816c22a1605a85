import pytest
from hypothesis import given
from hypothesis import strategies as st

from plans.outcomes import (
    IMPROVED,
    UNCHANGED,
    WORSE,
    pain_change,
    psfs_change,
    psfs_mean,
    reassessment_due,
    startback_from_answers,
    startback_risk,
)

rating = st.integers(min_value=0, max_value=10)


@pytest.mark.parametrize(
    ("baseline", "now", "verdict"),
    [
        (6, 4, IMPROVED),  # 2 points
        (3, 2, IMPROVED),  # 1 point but 33 %
        (8, 7, UNCHANGED),  # 1 point, 12.5 %
        (10, 8, IMPROVED),
        (4, 4, UNCHANGED),
        (0, 0, UNCHANGED),
        (3, 5, WORSE),
        (5, 6, UNCHANGED),
    ],
)
def test_pain_change_uses_two_points_or_thirty_percent(baseline, now, verdict):
    assert pain_change(baseline, now) == verdict


@given(rating, rating)
def test_pain_drop_of_two_points_is_always_improvement(baseline, now):
    if baseline - now >= 2:
        assert pain_change(baseline, now) == IMPROVED
    if now - baseline >= 2:
        assert pain_change(baseline, now) == WORSE


def test_pain_rating_out_of_range_is_refused():
    with pytest.raises(ValueError, match="between 0 and 10"):
        pain_change(11, 3)


def test_psfs_mean_of_three_to_five_activities():
    assert psfs_mean([3, 4, 5]) == 4
    assert psfs_mean([2, 4, 6, 8, 5]) == 5
    with pytest.raises(ValueError, match="3 to 5 activities"):
        psfs_mean([5, 5])
    with pytest.raises(ValueError, match="3 to 5 activities"):
        psfs_mean([5] * 6)


def test_psfs_change_needs_two_points_on_the_mean():
    assert psfs_change([3, 4, 5], [5, 6, 7]) == IMPROVED
    assert psfs_change([3, 4, 5], [4, 5, 6]) == UNCHANGED
    assert psfs_change([6, 6, 6], [4, 4, 4]) == WORSE


@pytest.mark.parametrize(
    ("total", "psychosocial", "risk"),
    [
        (0, 0, "low"),
        (3, 3, "low"),
        (4, 3, "medium"),
        (9, 3, "medium"),
        (4, 4, "high"),
        (9, 5, "high"),
    ],
)
def test_startback_risk_bands(total, psychosocial, risk):
    assert startback_risk(total, psychosocial).risk == risk


def test_startback_scores_items_five_to_nine_as_psychosocial():
    result = startback_from_answers([True, True, False, False, True, True, True, True, False])
    assert (result.total, result.psychosocial, result.risk) == (6, 4, "high")


def test_startback_refuses_impossible_scores():
    with pytest.raises(ValueError, match="cannot exceed"):
        startback_risk(2, 3)
    with pytest.raises(ValueError, match="9 items"):
        startback_from_answers([True] * 8)


@pytest.mark.parametrize(
    ("session", "due"), [(3, False), (4, True), (5, False), (8, True), (12, True), (9, False)]
)
def test_reassessment_at_the_plans_session_and_every_four_after(session, due):
    assert reassessment_due(session, first_reassessment=4) is due


def test_no_reassessment_without_a_plan_session():
    assert reassessment_due(10, first_reassessment=None) is False
