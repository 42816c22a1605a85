"""The client's history, read once: anamneses, plans, sessions and reassessments.

`load_history(client)` runs a fixed number of queries however long the history is; everything
the client page, the comparison and the progress report show is computed from it in Python:
the timeline, the pain chart's readings and markers, the "before this visit" summary and the
open warnings.
"""

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from anamnesis import labels as anamnesis_labels
from anamnesis.models import Anamnesis, ComplaintRegion
from plans import labels, outcomes
from plans.charts import ChartMarker, PainReading, pain_chart
from plans.models import SessionAddendum, TreatmentPlan, TreatmentSession

KINDS = {
    "anamnesis": _("Anamneses"),
    "plan": _("Plans"),
    "session": _("Sessions"),
    "reassessment": _("Reassessments"),
    "referral": _("Referrals"),
}
VERDICT = {
    outcomes.IMPROVED: _("improved"),
    outcomes.UNCHANGED: _("not improved"),
    outcomes.WORSE: _("worse"),
}
RISK = {"low": _("low risk"), "medium": _("medium risk"), "high": _("high risk")}
# NICE NG59 on the STarT Back risk bands (paraphrased).
RISK_ADVICE = {
    "low": _("Advice and self-management: reassurance, staying active."),
    "medium": _("An exercise programme, with manual therapy only inside it."),
    "high": _("Exercise with a psychologically informed approach."),
}
REVIEW_ADVICE = _(
    "Pain and function have not changed by the clinically important amount: review the plan "
    "or refer the client to a physician."
)


@dataclass
class TimelineEntry:
    kind: str
    day: datetime.date
    order: tuple
    title: str
    url: str = ""
    detail: str = ""
    badges: list = field(default_factory=list)
    obj: object = None


def _local_day(moment):
    return timezone.localdate(moment) if moment else None


def region_words(regions):
    return ", ".join(
        str(anamnesis_labels.label(anamnesis_labels.REGION, r.region))
        + (f" ({anamnesis_labels.label(anamnesis_labels.SIDE, r.side)})" if r.side else "")
        for r in regions
    )


def technique_words(techniques):
    parts = []
    for item in techniques:
        name = str(labels.TECHNIQUE.get(item["code"], item["code"]))
        regions = [str(anamnesis_labels.REGION.get(r, r)) for r in item.get("regions", [])]
        parts.append(f"{name} ({', '.join(regions)})" if regions else name)
    return "; ".join(parts)


class ClientHistory:
    """Everything about one client, loaded in a fixed number of queries."""

    def __init__(self, client):
        self.client = client
        self.anamneses = list(
            Anamnesis.objects.filter(client=client)
            .select_related("taken_by", "outcome_baseline")
            .prefetch_related(
                Prefetch("regions", queryset=ComplaintRegion.objects.order_by("id")),
                "psfs_activities",
            )
            .order_by("-taken_at", "-version")
        )
        anamnesis_by_id = {a.pk: a for a in self.anamneses}
        self.plans = list(
            TreatmentPlan.objects.filter(anamnesis__client=client)
            .select_related("created_by", "finalized_by")
            .order_by("-created_at", "-version")
        )
        for plan in self.plans:
            plan.anamnesis = anamnesis_by_id[plan.anamnesis_id]
        plan_by_id = {p.pk: p for p in self.plans}
        self.sessions = list(
            TreatmentSession.objects.filter(plan__anamnesis__client=client)
            .select_related("author", "reassessment")
            .prefetch_related(
                Prefetch("addenda", queryset=SessionAddendum.objects.select_related("author"))
            )
            .order_by("-date", "-number", "-id")
        )
        self.sessions_by_plan = {}
        for session in self.sessions:
            session.plan = plan_by_id[session.plan_id]
            self.sessions_by_plan.setdefault(session.plan_id, []).append(session)

    # What is current

    @cached_property
    def current_plan(self):
        """The finalized plan no later version replaces (newest first), else None."""
        for plan in self.plans:
            if plan.status == TreatmentPlan.Status.FINAL and not plan.is_referral:
                return plan
        return None

    @cached_property
    def drafts(self):
        return [p for p in self.plans if p.is_draft]

    @cached_property
    def latest_anamnesis(self):
        completed = [a for a in self.anamneses if a.is_completed]
        return completed[0] if completed else None

    @property
    def last_session(self):
        return self.sessions[0] if self.sessions else None

    @cached_property
    def reassessments(self):
        return [s.reassessment for s in self.sessions if _has_reassessment(s)]

    @property
    def last_reassessment(self):
        return self.reassessments[0] if self.reassessments else None

    def plan_sessions(self, plan):
        return self.sessions_by_plan.get(plan.pk, [])

    @cached_property
    def progress(self):
        """The current plan's progress: done, planned, next number and whether it reassesses."""
        plan = self.current_plan
        if plan is None:
            return None
        done = len(self.plan_sessions(plan))
        planned = (plan.plan.get("sessions") or {}).get("count") or 0
        next_number = done + 1
        return {
            "plan": plan,
            "done": done,
            "planned": planned,
            "next_number": next_number,
            "next_is_reassessment": outcomes.reassessment_due(
                next_number, plan.plan.get("reassess_after_session")
            ),
            "finished": planned and done >= planned,
        }

    @cached_property
    def baseline(self):
        """The outcome baseline of the current episode: STarT Back and the PSFS activities."""
        anamnesis = self.current_plan.anamnesis if self.current_plan else self.latest_anamnesis
        while anamnesis is not None:
            baseline = getattr(anamnesis, "outcome_baseline", None)
            activities = list(anamnesis.psfs_activities.all())
            if baseline is not None or activities:
                return {
                    "anamnesis": anamnesis,
                    "activities": activities,
                    "startback": baseline.startback if baseline else None,
                    "psfs_mean": outcomes.psfs_mean(a.baseline for a in activities)
                    if len(activities) >= outcomes.PSFS_MIN_ACTIVITIES
                    else None,
                }
            anamnesis = next((a for a in self.anamneses if a.pk == anamnesis.previous_id), None)
        return None

    @cached_property
    def not_improving(self):
        """The latest reassessment did not show an important improvement."""
        last = self.last_reassessment
        return last is not None and last.verdict != outcomes.IMPROVED

    # Warnings

    @cached_property
    def warnings(self):
        """Open warnings before the next visit: (level, text), the most serious first."""
        found = []
        anamnesis = self.latest_anamnesis
        if anamnesis is not None:
            for code in anamnesis.red_flags:
                found.append(
                    (
                        "danger",
                        _("Red flag: %(flag)s")
                        % {"flag": anamnesis_labels.label(anamnesis_labels.RED_FLAG, code)},
                    )
                )
            for code in anamnesis.cautions:
                found.append(
                    (
                        "warning",
                        _("Caution: %(caution)s")
                        % {"caution": anamnesis_labels.label(anamnesis_labels.CAUTION, code)},
                    )
                )
        plan = self.current_plan
        if plan is not None:
            for text in plan.plan.get("warnings", []):
                found.append(("warning", text))
        if self.not_improving:
            found.append(("danger", REVIEW_ADVICE))
        progress = self.progress
        if progress and progress["next_is_reassessment"]:
            found.append(
                (
                    "info",
                    _("Reassessment due at the next session (session %(n)s).")
                    % {"n": progress["next_number"]},
                )
            )
        if progress and progress["finished"]:
            found.append(
                (
                    "info",
                    _("All %(n)s planned sessions are done: reassess and revise the plan.")
                    % {"n": progress["planned"]},
                )
            )
        for draft in self.drafts:
            found.append(
                (
                    "info",
                    _("Plan version %(v)s is a draft awaiting finalization.")
                    % {"v": draft.version},
                )
            )
        return found

    # Timeline

    @cached_property
    def timeline(self):
        entries = []
        for a in self.anamneses:
            badges = [str(a.get_status_display())]
            if a.course:
                badges.append(str(anamnesis_labels.label(anamnesis_labels.COURSE, a.course)))
            if a.red_flags:
                badges.append(str(_("red flag")))
            pain = (
                _("pain %(now)s now, %(worst)s at worst")
                % {"now": a.pain_now, "worst": a.pain_worst}
                if a.pain_now is not None
                else ""
            )
            entries.append(
                TimelineEntry(
                    kind="anamnesis",
                    day=_local_day(a.taken_at),
                    order=(a.taken_at, 0),
                    title=str(_("Anamnesis"))
                    + (f" · {_('version')} {a.version}" if a.version > 1 else ""),
                    url=a.get_absolute_url(),
                    detail=" · ".join(p for p in (region_words(a.regions.all()), str(pain)) if p),
                    badges=badges,
                    obj=a,
                )
            )
        for plan in self.plans:
            sessions = (plan.plan.get("sessions") or {}) if not plan.is_referral else {}
            moment = plan.finalized_at or plan.created_at
            detail = ""
            if sessions:
                detail = ngettext(
                    "%(count)s session of %(minutes)s minutes",
                    "%(count)s sessions of %(minutes)s minutes",
                    sessions.get("count", 0),
                ) % {"count": sessions.get("count"), "minutes": sessions.get("minutes")}
            elif plan.is_referral:
                urgency = (plan.plan.get("referral") or {}).get("urgency")
                detail = str(labels.URGENCY.get(urgency, urgency or ""))
            entries.append(
                TimelineEntry(
                    kind="referral" if plan.is_referral else "plan",
                    day=_local_day(moment),
                    order=(moment, 1),
                    title=(str(_("Referral")) if plan.is_referral else str(_("Treatment plan")))
                    + f" · {_('version')} {plan.version}",
                    url=plan.get_absolute_url(),
                    detail=detail,
                    badges=[str(plan.get_status_display())],
                    obj=plan,
                )
            )
        for s in self.sessions:
            moment = _day_moment(s.date, s.created_at)
            planned = (s.plan.plan.get("sessions") or {}).get("count")
            pain = _("pain %(before)s before") % {"before": s.pain_before}
            if s.pain_after is not None:
                pain = _("pain %(before)s → %(after)s") % {
                    "before": s.pain_before,
                    "after": s.pain_after,
                }
            entries.append(
                TimelineEntry(
                    kind="session",
                    day=s.date,
                    order=(moment, 2, s.number),
                    title=_("Session %(n)s of %(m)s") % {"n": s.number, "m": planned or "?"},
                    url=s.get_absolute_url(),
                    detail=" · ".join(p for p in (str(pain), technique_words(s.techniques)) if p),
                    badges=[str(_("addendum"))] if s.addenda.all() else [],
                    obj=s,
                )
            )
            if _has_reassessment(s):
                r = s.reassessment
                entries.append(
                    TimelineEntry(
                        kind="reassessment",
                        day=s.date,
                        order=(moment, 3, s.number),
                        title=str(_("Reassessment")),
                        url=s.get_absolute_url(),
                        detail=reassessment_words(r),
                        badges=[str(VERDICT.get(r.verdict, r.verdict))],
                        obj=r,
                    )
                )
        entries.sort(key=lambda e: e.order, reverse=True)
        return entries

    def timeline_of(self, kind):
        if kind in KINDS:
            return [e for e in self.timeline if e.kind == kind]
        return self.timeline

    # The pain chart

    def chart_readings(self):
        readings = [
            PainReading(_local_day(a.taken_at), a.pain_now, a.pain_worst)
            for a in self.anamneses
            if a.is_completed and a.pain_now is not None
        ]
        readings += [PainReading(s.date, s.pain_before) for s in self.sessions]
        return readings

    def chart_markers(self):
        markers = [
            ChartMarker(_local_day(a.taken_at), "intake", str(_("Intake")))
            for a in self.anamneses
            if a.is_completed
        ]
        markers += [
            ChartMarker(
                _local_day(p.finalized_at), "plan", str(_("Plan v%(v)s") % {"v": p.version})
            )
            for p in self.plans
            if p.finalized_at and not p.is_referral
        ]
        return markers

    def chart(self, **size):
        return pain_chart(self.chart_readings(), self.chart_markers(), **size)


def _has_reassessment(session):
    try:
        return session.reassessment is not None
    except TreatmentSession.reassessment.RelatedObjectDoesNotExist:
        return False


def _day_moment(day, created_at):
    created = timezone.localtime(created_at)
    if created.date() == day:
        return created
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def reassessment_words(r):
    parts = []
    if r.pain_baseline is not None:
        parts.append(
            str(
                _("pain %(before)s at intake, %(now)s now (%(verdict)s)")
                % {
                    "before": r.pain_baseline,
                    "now": r.pain_now,
                    "verdict": VERDICT.get(r.pain_verdict, r.pain_verdict),
                }
            )
        )
    else:
        parts.append(str(_("pain %(now)s now") % {"now": r.pain_now}))
    if r.ratings:
        parts.append(
            str(
                _("PSFS mean %(before)s → %(now)s (%(verdict)s)")
                % {
                    "before": r.psfs_baseline_mean,
                    "now": r.psfs_now_mean,
                    "verdict": VERDICT.get(r.psfs_verdict, r.psfs_verdict),
                }
            )
        )
    return "; ".join(parts)


def history_url(client, kind=""):
    url = reverse("clinic:client_detail", args=[client.pk])
    return f"{url}?kind={kind}#timeline" if kind else url
