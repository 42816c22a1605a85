"""The intake's side-comparison tests over an episode: the intake's values, then each
reassessment that measured the test again, with the change since the intake.

Read from the copies each reassessment keeps (`ReassessmentSideComparison`), so it needs no
query beyond the sessions' prefetched reassessments.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from anamnesis import labels as anamnesis_labels


@dataclass
class SideMeasure:
    """One line of a test's table: when, both sides, their difference and, after the intake,
    the change of each since the intake (None where a value is missing)."""

    label: str
    day: datetime.date
    left: float | None
    right: float | None
    url: str = ""
    since_intake: tuple = (None, None, None)

    @property
    def difference(self):
        return _difference(self.left, self.right)

    @property
    def cells(self):
        """(value, change since intake) for left, right and the difference, as text."""
        values = (self.left, self.right, self.difference)
        return [
            (_number(value), _change(change))
            for value, change in zip(values, self.since_intake, strict=True)
        ]


@dataclass
class SideCourse:
    episode: int  # the anamnesis whose test it is
    test: str
    unit: str
    intake: SideMeasure
    measures: list = field(default_factory=list)

    @property
    def unit_label(self):
        return str(anamnesis_labels.UNIT.get(self.unit, "")) if self.unit else ""

    @property
    def rows(self):
        return [self.intake, *self.measures]


def side_comparison_courses(sessions):
    """One `SideCourse` per test and episode (the plan's anamnesis), the newest episode first,
    its measures oldest first. `sessions` carry `plan.anamnesis` and their reassessment with its
    side comparisons; a test appears once it was measured again."""
    courses = {}
    for session in sorted(sessions, key=lambda s: (s.date, s.created_at, s.number)):
        reassessment = getattr(session, "reassessment", None)
        if reassessment is None:
            continue
        anamnesis = session.plan.anamnesis
        for row in reassessment.side_comparisons.all():
            key = (anamnesis.pk, row.test, row.unit)
            if key not in courses:
                intake = SideMeasure(
                    _("Intake"),
                    timezone.localdate(anamnesis.taken_at),
                    row.baseline_left,
                    row.baseline_right,
                    url=anamnesis.get_absolute_url(),
                )
                courses[key] = SideCourse(anamnesis.pk, row.test, row.unit, intake)
            course = courses[key]
            measure = SideMeasure(
                _("Session %(n)s") % {"n": session.number},
                session.date,
                row.left,
                row.right,
                url=session.get_absolute_url(),
            )
            measure.since_intake = tuple(
                _minus(now, then)
                for now, then in (
                    (measure.left, course.intake.left),
                    (measure.right, course.intake.right),
                    (measure.difference, course.intake.difference),
                )
            )
            course.measures.append(measure)
    newest_episode_first = sorted(
        courses.items(), key=lambda item: (item[1].intake.day, item[0][0]), reverse=True
    )
    # sorted() is stable: within an episode the tests keep the order they were first measured
    return [course for _key, course in newest_episode_first]


def _difference(left, right):
    return None if left is None or right is None else round(left - right, 2)


def _minus(now, then):
    return None if now is None or then is None else round(now - then, 2)


MINUS = "\N{MINUS SIGN}"


def _number(value):
    return "—" if value is None else f"{value:g}".replace("-", MINUS)


def _change(value):
    if value is None:
        return ""
    return f"{value:+g}".replace("-", MINUS) if value else "±0"
