"""Every threshold the plan engine uses, in one place.

Guidelines differ and practices will want to adjust these, so the rules read them from a
`Thresholds` object instead of hard-coding numbers. `draft_plan(anamnesis, config=...)` takes
another one, e.g. `dataclasses.replace(DEFAULT_CONFIG, desk_hours_from=6)`.
"""

from dataclasses import dataclass, field

from .vocabulary import PRESSURE

# What a plan/v2 may hold at all (the plan schema enforces these bounds).
SESSION_COUNT_RANGE = (1, 20)
SESSIONS_PER_WEEK_RANGE = (1, 3)
SESSION_MINUTES_RANGE = (15, 90)


@dataclass(frozen=True)
class Schedule:
    """A course of treatment: how many sessions, how often, how long, when to reassess.

    `first_minutes` is the length of the first sessions; it is never longer than `minutes`.
    """

    count: int
    per_week: int
    minutes: int
    reassess_after: int
    first_minutes: int | None = None

    def __post_init__(self):
        if self.first_minutes is None:
            object.__setattr__(self, "first_minutes", self.minutes)
        checks = (
            (self.count, SESSION_COUNT_RANGE, "count"),
            (self.per_week, SESSIONS_PER_WEEK_RANGE, "per_week"),
            (self.minutes, SESSION_MINUTES_RANGE, "minutes"),
            (self.first_minutes, SESSION_MINUTES_RANGE, "first_minutes"),
        )
        for value, (low, high), name in checks:
            if not low <= value <= high:
                raise ValueError(f"Schedule.{name}={value} is outside {low}-{high}")
        if self.first_minutes > self.minutes:
            raise ValueError("Schedule.first_minutes cannot be longer than minutes")
        if not 1 <= self.reassess_after <= 6:
            raise ValueError("Schedule.reassess_after must be between 1 and 6 (reassess early)")


@dataclass(frozen=True)
class Thresholds:
    # Course of the complaint: acute under `acute_below_days`, chronic over `chronic_above_days`.
    acute_below_days: int = 42
    chronic_above_days: int = 90
    # Age: a minor under `minor_below_age` (NICE NG59 covers 16 and over), an older client from
    # `older_from_age`. Firm pressure only in between.
    minor_below_age: int = 16
    older_from_age: int = 75
    # Pain rating (0-10, now) from which pain counts as severe (the caution `severe_pain`).
    severe_pain_from: int = 8
    # Keele STarT Back: psychosocial subscale from which the risk is high; otherwise a total up
    # to `start_back_low_up_to` is low risk, above it medium.
    start_back_high_psychosocial_from: int = 4
    start_back_low_up_to: int = 3
    # Most sessions for each STarT Back risk (NICE NG59; Hill 2011).
    start_back_low_sessions: int = 3
    start_back_medium_sessions: int = 6
    start_back_high_sessions: int = 6
    # First sessions at most this long with severe pain or an older client; every session at
    # most `widespread_pain_minutes` with widespread pain (short sessions, EULAR 2017).
    short_first_minutes: int = 30
    widespread_pain_minutes: int = 30
    # Hours of desk work per day from which the desk-work advice applies.
    desk_hours_from: float = 4
    # Stress rating (0-10) from which stress management is advised.
    stress_from: int = 7
    # Fewer exercise sessions per week than this counts as inactive.
    active_from_sessions_per_week: int = 2
    # Pressure when no rule asks for another one.
    default_pressure: str = "moderate"
    # The home programme: at most this many exercises; at least `chronic_min_exercises` for a
    # chronic complaint and one for any other.
    max_exercises: int = 6
    chronic_min_exercises: int = 3
    # Courses of treatment by course and region (Cherkin 2011, Sherman 2014, common practice).
    acute: Schedule = field(default_factory=lambda: Schedule(4, 2, 30, 2))
    subacute: Schedule = field(default_factory=lambda: Schedule(6, 1, 45, 4))
    chronic_neck: Schedule = field(default_factory=lambda: Schedule(8, 2, 60, 4))
    chronic_low_back: Schedule = field(default_factory=lambda: Schedule(10, 1, 60, 4))
    chronic: Schedule = field(default_factory=lambda: Schedule(8, 1, 45, 4))

    def __post_init__(self):
        if not 0 < self.acute_below_days <= self.chronic_above_days:
            raise ValueError("need 0 < acute_below_days <= chronic_above_days")
        if not 0 < self.minor_below_age < self.older_from_age:
            raise ValueError("need 0 < minor_below_age < older_from_age")
        if self.default_pressure not in PRESSURE:
            raise ValueError(f"unknown default_pressure {self.default_pressure!r}")
        low, high = SESSION_MINUTES_RANGE
        for name in ("short_first_minutes", "widespread_pain_minutes"):
            if not low <= getattr(self, name) <= high:
                raise ValueError(f"{name} must be within {low}-{high}")
        for name in (
            "start_back_low_sessions",
            "start_back_medium_sessions",
            "start_back_high_sessions",
        ):
            if not SESSION_COUNT_RANGE[0] <= getattr(self, name) <= SESSION_COUNT_RANGE[1]:
                raise ValueError(f"{name} must be within {SESSION_COUNT_RANGE}")
        if not 1 <= self.chronic_min_exercises <= self.max_exercises:
            raise ValueError("need 1 <= chronic_min_exercises <= max_exercises")

    def schedule(self, name):
        schedule = getattr(self, name)
        if not isinstance(schedule, Schedule):
            raise KeyError(name)
        return schedule


DEFAULT_CONFIG = Thresholds()
