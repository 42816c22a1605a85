"""Outcome measures: whether a client is getting better, in the reference's own terms.

Plain Python (no Django), so the thresholds can be read and tested on their own. Sources:
numeric pain rating, important change 2 points or 30% (Ostelo 2008); Patient-Specific
Functional Scale, 3 to 5 activities rated 0-10, important change 2 points on the mean
(Stratford 1995); Keele STarT Back screening, 9 items, psychosocial subscale items 5-9.
"""

from dataclasses import dataclass
from statistics import mean

from plans.engine.rules import start_back_risk

PAIN_MIN_POINTS = 2
PAIN_MIN_FRACTION = 0.30
PSFS_MIN_POINTS = 2.0
PSFS_MIN_ACTIVITIES = 3
PSFS_MAX_ACTIVITIES = 5

REASSESS_EVERY_SESSIONS = 4

# What a side-comparison test (range of motion, a distance, a force, a score) can read on one
# side, by unit: wide enough for any body, narrow enough to catch a slipped digit (950°).
# A negative angle is an extension deficit; a negative distance a fingertip past the floor.
SIDE_COMPARISON_RANGE = {
    "deg": (-180, 360),
    "cm": (-100, 300),
    "kg": (0, 500),
    "score": (0, 1000),
    "": (-1000, 1000),
}

IMPROVED = "improved"
UNCHANGED = "unchanged"
WORSE = "worse"

STARTBACK_ITEMS = 9
STARTBACK_PSYCHOSOCIAL_ITEMS = 5


def pain_change(baseline, now):
    """Classify a change on the 0-10 pain rating: lower is better.

    Improved when it fell by at least 2 points or by at least 30 % of the baseline; worse when
    it rose by at least 2 points; unchanged otherwise.
    """
    _check_rating(baseline, "baseline")
    _check_rating(now, "now")
    drop = baseline - now
    if drop >= PAIN_MIN_POINTS or (baseline > 0 and drop / baseline >= PAIN_MIN_FRACTION):
        return IMPROVED
    if -drop >= PAIN_MIN_POINTS:
        return WORSE
    return UNCHANGED


def psfs_mean(ratings):
    """Mean of 3 to 5 Patient-Specific Functional Scale ratings (0 = unable, 10 = as before)."""
    ratings = list(ratings)
    if not PSFS_MIN_ACTIVITIES <= len(ratings) <= PSFS_MAX_ACTIVITIES:
        raise ValueError(
            f"The PSFS takes {PSFS_MIN_ACTIVITIES} to {PSFS_MAX_ACTIVITIES} activities, "
            f"not {len(ratings)}."
        )
    for rating in ratings:
        _check_rating(rating, "activity rating")
    return round(mean(ratings), 2)


def psfs_change(baseline_ratings, now_ratings):
    """Classify a PSFS change: higher is better; 2 points on the mean is important."""
    rise = psfs_mean(now_ratings) - psfs_mean(baseline_ratings)
    if rise >= PSFS_MIN_POINTS:
        return IMPROVED
    if -rise >= PSFS_MIN_POINTS:
        return WORSE
    return UNCHANGED


@dataclass(frozen=True)
class StartBackResult:
    total: int
    psychosocial: int
    risk: str  # low | medium | high


def startback_risk(total, psychosocial):
    """Risk band from the STarT Back total (0-9) and psychosocial subscale (items 5-9, 0-5)."""
    if not 0 <= total <= STARTBACK_ITEMS:
        raise ValueError(f"The STarT Back total is 0 to {STARTBACK_ITEMS}, not {total}.")
    if not 0 <= psychosocial <= STARTBACK_PSYCHOSOCIAL_ITEMS:
        raise ValueError(
            f"The psychosocial subscale is 0 to {STARTBACK_PSYCHOSOCIAL_ITEMS}, not {psychosocial}."
        )
    if psychosocial > total:
        raise ValueError("The psychosocial subscale cannot exceed the total score.")
    # The bands are the engine's, so a page never shows a band the plan did not use.
    return StartBackResult(
        total=total, psychosocial=psychosocial, risk=start_back_risk(total, psychosocial)
    )


def startback_of(anamnesis):
    """The STarT Back screening recorded with an intake, scored, or None."""
    if anamnesis.startback_total is None:
        return None
    return startback_risk(anamnesis.startback_total, anamnesis.startback_psychosocial)


def startback_from_answers(answers):
    """Score nine yes/no answers (item 1 first); items 5-9 form the psychosocial subscale."""
    answers = list(answers)
    if len(answers) != STARTBACK_ITEMS:
        raise ValueError(f"STarT Back has {STARTBACK_ITEMS} items, not {len(answers)}.")
    total = sum(bool(a) for a in answers)
    psychosocial = sum(bool(a) for a in answers[4:])
    return startback_risk(total, psychosocial)


def reassessment_due(session_number, first_reassessment):
    """Whether session N is a reassessment: the plan's reassessment session, then every 4."""
    if first_reassessment is None or session_number < first_reassessment:
        return False
    return (session_number - first_reassessment) % REASSESS_EVERY_SESSIONS == 0


def next_reassessment(session_number, first_reassessment):
    """The first planned reassessment from session N on, or None when the plan plans none."""
    if first_reassessment is None:
        return None
    if session_number <= first_reassessment:
        return first_reassessment
    return session_number + (first_reassessment - session_number) % REASSESS_EVERY_SESSIONS


def _check_rating(value, name):
    if not 0 <= value <= 10:
        raise ValueError(f"The {name} must be between 0 and 10, not {value}.")


def overall_change(*verdicts):
    """One verdict from the measures that could be compared (None ones are skipped).

    Worse when any measure got worse; improved when at least one improved by the important
    amount and none got worse; unchanged otherwise (also when nothing could be compared), which
    is when the reference says to review the plan or refer.
    """
    known = [v for v in verdicts if v]
    if WORSE in known:
        return WORSE
    if IMPROVED in known:
        return IMPROVED
    return UNCHANGED
