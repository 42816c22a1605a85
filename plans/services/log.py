"""Writes of the treatment log: sessions, addenda and reassessments.

Each function runs in one transaction; the views, the demo data and the benchmark call them.
"""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from clinic.submit_once import AlreadySubmitted
from plans import outcomes
from plans.engine import vocabulary
from plans.models import (
    Adherence,
    PlanNotFinal,
    Reassessment,
    ReassessmentSideComparison,
    SessionAddendum,
    SessionLocked,
    TreatmentPlan,
    TreatmentSession,
)

SESSION_FIELDS = (
    "date",
    "minutes",
    "techniques",
    "pressure",
    "pain_before",
    "pain_after",
    "response",
    "subjective",
    "objective",
    "assessment",
    "next_steps",
    "exercises_done",
    "exercises_hurt",
)


class SessionInvalid(ValueError):
    """The session cannot be saved; `problems` says why, one line each."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def technique_problems(techniques):
    """What is wrong with a list of {"code", "regions"} (empty when it is valid)."""
    problems = []
    if not isinstance(techniques, list):
        return [_("Techniques must be a list.")]
    seen = set()
    for item in techniques:
        code = item.get("code") if isinstance(item, dict) else None
        if code not in vocabulary.TECHNIQUE:
            problems.append(_("Unknown technique: %(code)s") % {"code": code})
            continue
        if code in seen:
            problems.append(_("%(code)s is listed twice.") % {"code": code})
        seen.add(code)
        regions = item.get("regions", [])
        if not isinstance(regions, list) or any(r not in vocabulary.REGION for r in regions):
            problems.append(_("Unknown region for %(code)s.") % {"code": code})
        if set(item) - {"code", "regions"}:
            problems.append(_("Unexpected keys for %(code)s.") % {"code": code})
    return problems


def _check_session_values(values):
    problems = technique_problems(values.get("techniques", []))
    if values.get("pressure") not in ("", None, *vocabulary.PRESSURE):
        problems.append(_("Unknown pressure: %(code)s") % {"code": values["pressure"]})
    for field in ("pain_before", "pain_after"):
        value = values.get(field)
        if value is not None and not 0 <= value <= 10:
            problems.append(_("Pain ratings are 0 to 10."))
    if values.get("minutes") is not None and not 1 <= values["minutes"] <= 240:
        problems.append(_("A session lasts 1 to 240 minutes."))
    done, hurt = values.get("exercises_done") or "", values.get("exercises_hurt") or []
    if done not in ("", *Adherence.values):
        problems.append(_("Unknown answer for the home exercises: %(code)s") % {"code": done})
    if not isinstance(hurt, list) or any(code not in vocabulary.EXERCISE for code in hurt):
        problems.append(_("Unknown exercise among those that hurt."))
    elif hurt and done in ("", Adherence.NO):
        problems.append(_("An exercise that hurt was done: say the client did the exercises."))
    if problems:
        raise SessionInvalid(problems)


def reassessment_due_for(plan, number):
    return outcomes.reassessment_due(number, plan.plan.get("reassess_after_session"))


def next_reassessment_for(plan, number):
    return outcomes.next_reassessment(number, plan.plan.get("reassess_after_session"))


def next_session_number(plan):
    return (plan.sessions.aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def session_record(*, plan, author, reassessment=None, at=None, submission=None, **values):
    """Record a visit against a finalized, current plan; the number is the next in the plan.

    `values` are the session's fields (SESSION_FIELDS). `reassessment` ({"pain_now": int,
    "ratings": {activity_id: int}, "side_comparisons": {intake_test_id: (left, right)}}, see
    `reassessment_record`) may be given at any session, whenever the therapist reassesses; at
    the plan's reassessment sessions (`reassess_after_session`, then every 4) it is required.
    `at` is the moment it was recorded (now by default; the demo data passes a past one).
    `submission` is the form's one-time token (clinic.submit_once).
    """
    plan = TreatmentPlan.objects.select_for_update().get(pk=plan.pk)
    if submission is not None:
        # Under the plan's lock: a twin submission that waited for it finds the first's session
        # (before anything else about the next session is checked).
        earlier = plan.sessions.filter(submission=submission).first()
        if earlier is not None:
            raise AlreadySubmitted(earlier)
    if plan.status != TreatmentPlan.Status.FINAL:
        raise PlanNotFinal(plan)
    plan.anamnesis.client.require_consent()
    unknown = set(values) - set(SESSION_FIELDS)
    if unknown:
        raise TypeError(f"unknown session fields: {sorted(unknown)}")
    values.setdefault("date", timezone.localdate())
    _check_session_values(values)
    number = next_session_number(plan)
    due = reassessment_due_for(plan, number)
    if due and reassessment is None:
        raise SessionInvalid([_("This session is a reassessment: rate pain and function.")])
    session = TreatmentSession.objects.create(
        plan=plan,
        number=number,
        author=author,
        created_at=at or timezone.now(),
        submission=submission,
        **values,
    )
    if reassessment is not None:
        reassessment_record(session=session, **reassessment)
    return session


@transaction.atomic
def session_update(*, session, by, reassessment=None, **values):
    """Change a session in place: only its author, only on the day it was recorded."""
    session = TreatmentSession.objects.select_for_update().select_related("plan").get(pk=session.pk)
    if not session.editable_by(by):
        raise SessionLocked(session)
    unknown = set(values) - set(SESSION_FIELDS)
    if unknown:
        raise TypeError(f"unknown session fields: {sorted(unknown)}")
    merged = {field: getattr(session, field) for field in SESSION_FIELDS} | values
    _check_session_values(merged)
    for field, value in values.items():
        setattr(session, field, value)
    session.save()
    if reassessment is not None:
        Reassessment.objects.filter(session=session).delete()
        reassessment_record(session=session, **reassessment)
    return session


@transaction.atomic
def addendum_add(*, session, author, text, submission=None):
    """A correction or later note to a session; the session itself stays as written."""
    text = (text or "").strip()
    if not text:
        raise SessionInvalid([_("An addendum needs text.")])
    return SessionAddendum.objects.create(
        session=session, author=author, text=text, submission=submission
    )


def remeasurable_side_comparisons(anamnesis):
    """The intake's side-comparison tests a reassessment can measure again: those with a name,
    the first of each name and unit."""
    tests, seen = [], set()
    for row in anamnesis.side_comparisons.all():
        key = (row.test, row.unit)
        if row.test and key not in seen:
            seen.add(key)
            tests.append(row)
    return tests


def side_comparison_problems(test, left, right):
    """What is wrong with the two sides measured for an intake `test` (empty when valid)."""
    if (left is None) != (right is None):
        return [_("%(test)s: measure both sides, or neither.") % {"test": test.test}]
    low, high = outcomes.SIDE_COMPARISON_RANGE[test.unit or ""]
    if left is not None and not (low <= left <= high and low <= right <= high):
        return [
            _("%(test)s: each side is %(low)s to %(high)s.")
            % {"test": test.test, "low": low, "high": high}
        ]
    return []


@transaction.atomic
def reassessment_record(*, session, pain_now, ratings=None, side_comparisons=None):
    """Compare pain now and the PSFS ratings ({activity_id: rating}) with the baseline, and keep
    the intake's side-comparison tests measured again ({intake_test_id: (left, right)}; a test
    left out, or given as (None, None), was not measured)."""
    anamnesis = session.plan.anamnesis
    activities = list(anamnesis.psfs_activities.all())
    ratings = {int(k): v for k, v in (ratings or {}).items()}
    missing = [a.name for a in activities if a.pk not in ratings]
    if missing:
        raise SessionInvalid(
            [_("Rate every PSFS activity: %(names)s") % {"names": ", ".join(missing)}]
        )
    measured = _side_comparisons_measured(anamnesis, side_comparisons or {})
    rows = [
        {"activity": a.pk, "name": a.name, "baseline": a.baseline, "rating": ratings[a.pk]}
        for a in activities
    ]
    pain_baseline = anamnesis.pain_now
    pain_verdict = (
        outcomes.pain_change(pain_baseline, pain_now) if pain_baseline is not None else ""
    )
    psfs_verdict = (
        outcomes.psfs_change([r["baseline"] for r in rows], [r["rating"] for r in rows])
        if len(rows) >= outcomes.PSFS_MIN_ACTIVITIES
        else ""
    )
    reassessment = Reassessment.objects.create(
        session=session,
        pain_baseline=pain_baseline,
        pain_now=pain_now,
        ratings=rows,
        pain_verdict=pain_verdict,
        psfs_verdict=psfs_verdict,
        verdict=outcomes.overall_change(pain_verdict, psfs_verdict),
    )
    ReassessmentSideComparison.objects.bulk_create(
        ReassessmentSideComparison(
            reassessment=reassessment,
            test=test.test,
            unit=test.unit,
            baseline_left=test.left,
            baseline_right=test.right,
            left=left,
            right=right,
        )
        for test, (left, right) in measured
    )
    return reassessment


def _side_comparisons_measured(anamnesis, values):
    """[(intake test, (left, right))] for the tests measured; SessionInvalid on a bad value."""
    tests = {t.pk: t for t in remeasurable_side_comparisons(anamnesis)}
    values = {int(k): v for k, v in values.items()}
    unknown = set(values) - set(tests)
    if unknown:
        raise SessionInvalid([_("Only the intake's side-comparison tests can be measured again.")])
    problems, measured = [], []
    for pk, (left, right) in values.items():
        problems += side_comparison_problems(tests[pk], left, right)
        if left is not None and right is not None:
            measured.append((tests[pk], (left, right)))
    if problems:
        raise SessionInvalid(problems)
    return measured
