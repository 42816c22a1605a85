"""Every threshold the plan engine uses, in one place.

Guidelines differ and practices will want to adjust these, so the rules read them from a
`Thresholds` object instead of hard-coding numbers. `draft_plan(anamnesis, config=...)` takes
another one, e.g. `dataclasses.replace(DEFAULT_CONFIG, desk_hours_from=6)`.
"""

from dataclasses import dataclass, field

from .vocabulary import PRESSURE

# What a plan/v1 may hold at all (the plan schema enforces these bounds).
SESSION_COUNT_RANGE = (1, 20)
SESSIONS_PER_WEEK_RANGE = (1, 3)
SESSION_MINUTES_RANGE = (15, 90)


@dataclass(frozen=True)
class Schedule:
    """A course of treatment: how many sessions, how often, how long, when to reassess."""

    count: int
    per_week: int
    minutes: int
    reassess_after: int

    def __post_init__(self):
        checks = (
            (self.count, SESSION_COUNT_RANGE, "count"),
            (self.per_week, SESSIONS_PER_WEEK_RANGE, "per_week"),
            (self.minutes, SESSION_MINUTES_RANGE, "minutes"),
        )
        for value, (low, high), name in checks:
            if not low <= value <= high:
                raise ValueError(f"Schedule.{name}={value} is outside {low}-{high}")
        if not 1 <= self.reassess_after <= 6:
            raise ValueError("Schedule.reassess_after must be between 1 and 6 (reassess early)")


@dataclass(frozen=True)
class Thresholds:
    # Course of the complaint: acute under `acute_below_days`, chronic over `chronic_above_days`.
    acute_below_days: int = 42
    chronic_above_days: int = 90
    # Pain rating (0-10, now) from which pain counts as severe.
    severe_pain_from: int = 8
    # Hours of desk work per day from which the desk-work advice applies.
    desk_hours_from: float = 4
    # Stress rating (0-10) from which stress management is advised.
    stress_from: int = 7
    # Fewer exercise sessions per week than this counts as inactive.
    active_from_sessions_per_week: int = 2
    # Pressure when no rule asks for another one.
    default_pressure: str = "moderate"
    # Courses of treatment by course and region (Cherkin 2011, Sherman 2014, common practice).
    acute: Schedule = field(default_factory=lambda: Schedule(4, 2, 30, 2))
    subacute: Schedule = field(default_factory=lambda: Schedule(6, 1, 45, 4))
    chronic_neck: Schedule = field(default_factory=lambda: Schedule(8, 2, 60, 4))
    chronic_low_back: Schedule = field(default_factory=lambda: Schedule(10, 1, 60, 4))
    chronic: Schedule = field(default_factory=lambda: Schedule(8, 1, 45, 4))

    def __post_init__(self):
        if not 0 < self.acute_below_days <= self.chronic_above_days:
            raise ValueError("need 0 < acute_below_days <= chronic_above_days")
        if self.default_pressure not in PRESSURE:
            raise ValueError(f"unknown default_pressure {self.default_pressure!r}")

    def schedule(self, name):
        schedule = getattr(self, name)
        if not isinstance(schedule, Schedule):
            raise KeyError(name)
        return schedule


DEFAULT_CONFIG = Thresholds()
