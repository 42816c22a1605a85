"""The client's history, read once: anamneses, plans, sessions and reassessments.

`load_history(client)` runs a fixed number of queries however long the history is; everything
the client page, the comparison and the progress report show is computed from it in Python:
the timeline, the pain chart's readings and markers, the "before this visit" summary and the
open warnings.
"""

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Prefetch, prefetch_related_objects
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from anamnesis import labels as anamnesis_labels
from anamnesis.models import Anamnesis, ComplaintRegion
from plans import labels, outcomes
from plans.history.adherence import adherence_summary, adherence_words
from plans.history.chart import INTAKE, PLAN, ChartMarker, PainReading, pain_chart
from plans.history.side_comparison import side_comparison_courses
from plans.models import SessionAddendum, TreatmentPlan, TreatmentSession

KINDS = {
    "anamnesis": _lazy("Anamneses"),
    "plan": _lazy("Plans"),
    "session": _lazy("Sessions"),
    "reassessment": _lazy("Reassessments"),
    "referral": _lazy("Referrals"),
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
    day_iso: str = ""
    day_short: str = ""


def _local_day(moment):
    return timezone.localdate(moment) if moment else None


def technique_words(techniques):
    """The techniques in short: regions said once when every technique had the same ones."""
    if not techniques:
        return ""
    names = [str(labels.TECHNIQUE.get(item["code"], item["code"])) for item in techniques]
    region_sets = [tuple(item.get("regions", [])) for item in techniques]

    def where(regions):
        return ", ".join(str(anamnesis_labels.REGION.get(r, r)) for r in regions)

    if len(set(region_sets)) == 1:
        regions = where(region_sets[0])
        return ", ".join(names) + (f" · {regions}" if regions else "")
    return "; ".join(
        f"{name} ({where(regions)})" if regions else name
        for name, regions in zip(names, region_sets, strict=True)
    )


class ClientHistory:
    """Everything about one client, loaded in a fixed number of queries."""

    def __init__(self, client):
        self.client = client
        # Through the client's own relation, so that `client.anamneses.all` in templates (the
        # anamnesis list on the record card) reads these rows instead of querying again.
        getattr(client, "_prefetched_objects_cache", {}).pop("anamneses", None)
        prefetch_related_objects(
            [client],
            Prefetch(
                "anamneses",
                queryset=Anamnesis.objects.select_related("taken_by")
                .prefetch_related(
                    Prefetch("regions", queryset=ComplaintRegion.objects.order_by("id")),
                    "psfs_activities",
                )
                .newest_first(),
            ),
        )
        self.anamneses = list(client.anamneses.all())
        anamnesis_by_id = {a.pk: a for a in self.anamneses}
        self.plans = list(
            TreatmentPlan.objects.for_client(client)
            .select_related("created_by", "finalized_by")
            .newest_first()
        )
        for plan in self.plans:
            plan.anamnesis = anamnesis_by_id[plan.anamnesis_id]
        plan_by_id = {p.pk: p for p in self.plans}
        self.sessions = list(
            TreatmentSession.objects.for_client(client)
            .select_related("author", "reassessment")
            .prefetch_related(
                Prefetch("addenda", queryset=SessionAddendum.objects.select_related("author")),
                "reassessment__side_comparisons",
            )
            .newest_first()
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
        return [s.reassessment for s in self.sessions if getattr(s, "reassessment", None)]

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
        planned = plan.planned_sessions or 0
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
        """The measures taken with the current episode's intake: STarT Back and the PSFS."""
        anamnesis = self.current_plan.anamnesis if self.current_plan else self.latest_anamnesis
        if anamnesis is None:
            return None
        anamnesis = next((a for a in self.anamneses if a.pk == anamnesis.pk), anamnesis)
        activities = list(anamnesis.psfs_activities.all())
        startback = outcomes.startback_of(anamnesis)
        if startback is None and not activities:
            return None
        return {
            "anamnesis": anamnesis,
            "activities": activities,
            "startback": startback,
            "psfs_mean": outcomes.psfs_mean(a.baseline for a in activities)
            if len(activities) >= outcomes.PSFS_MIN_ACTIVITIES
            else None,
        }

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
            where = ", ".join(
                anamnesis_labels.region_words(r.region, r.side) for r in a.regions.all()
            )
            pain = ""
            if a.pain_now is not None and a.pain_worst is not None:
                pain = _("pain %(now)s now, %(worst)s at worst") % {
                    "now": a.pain_now,
                    "worst": a.pain_worst,
                }
            elif a.pain_now is not None:
                pain = _("pain %(now)s now") % {"now": a.pain_now}
            entries.append(
                TimelineEntry(
                    kind="anamnesis",
                    day=_local_day(a.taken_at),
                    order=(a.taken_at, 0),
                    title=str(_("Anamnesis"))
                    + (f" · {_('version')} {a.version}" if a.version > 1 else ""),
                    url=a.get_absolute_url(),
                    detail=" · ".join(p for p in (where, str(pain)) if p),
                    badges=badges,
                    obj=a,
                )
            )
        for plan in self.plans:
            sessions = plan.schedule
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
        # A long history has hundreds of sessions: translate each phrase once, not per session.
        session_title = _("Session %(n)s of %(m)s")
        pain_before = _("pain %(before)s before")
        pain_change = _("pain %(before)s → %(after)s")
        addendum = [_("addendum")]
        reassessment_title = _("Reassessment")
        techniques = {}
        zone = timezone.get_current_timezone()
        for s in self.sessions:
            moment = _day_moment(s.date, s.created_at, zone)
            planned = s.plan.planned_sessions
            pain = pain_before % {"before": s.pain_before}
            if s.pain_after is not None:
                pain = pain_change % {"before": s.pain_before, "after": s.pain_after}
            key = repr(s.techniques)
            if key not in techniques:
                techniques[key] = technique_words(s.techniques)
            url = s.get_absolute_url()
            detail = " · ".join(p for p in (str(pain), techniques[key], adherence_words(s)) if p)
            entries.append(
                TimelineEntry(
                    kind="session",
                    day=s.date,
                    order=(moment, 2, s.number),
                    title=session_title % {"n": s.number, "m": planned or "?"},
                    url=url,
                    detail=detail,
                    badges=addendum if s.addenda.all() else [],
                    obj=s,
                )
            )
            r = getattr(s, "reassessment", None)
            if r is not None:
                entries.append(
                    TimelineEntry(
                        kind="reassessment",
                        day=s.date,
                        order=(moment, 3, s.number),
                        title=reassessment_title,
                        url=url,
                        detail=reassessment_words(r),
                        badges=[str(labels.VERDICT.get(r.verdict, r.verdict))],
                        obj=r,
                    )
                )
        entries.sort(key=lambda e: e.order, reverse=True)
        for entry in entries:
            entry.day_iso = entry.day.isoformat()
            entry.day_short = short_date(entry.day)
        return entries

    @cached_property
    def side_courses(self):
        """The intake's side-comparison tests measured again, per test over each episode."""
        return side_comparison_courses(self.sessions)

    @cached_property
    def adherence(self):
        """How often the client did the home exercises over the current plan's sessions."""
        plan = self.current_plan
        return adherence_summary(self.plan_sessions(plan) if plan else [])

    def timeline_of(self, kind):
        if kind in KINDS:
            return [e for e in self.timeline if e.kind == kind]
        return self.timeline

    # The pain chart

    def chart_readings(self):
        intake = _("Intake")
        readings = [
            PainReading(
                _local_day(a.taken_at),
                a.pain_now,
                worst=a.pain_worst,
                kind=INTAKE,
                label=str(intake) + (f" · {_('version')} {a.version}" if a.version > 1 else ""),
                order=(a.taken_at, a.version),
            )
            for a in self.anamneses
            if a.is_completed and (a.pain_now is not None or a.pain_worst is not None)
        ]
        session_title = _("Session %(n)s of %(m)s")
        readings += [
            PainReading(
                s.date,
                s.pain_before,
                s.pain_after,
                label=session_title % {"n": s.number, "m": s.plan.planned_sessions or "?"},
                order=(s.created_at, s.number),
            )
            for s in self.sessions
        ]
        return readings

    def chart_markers(self):
        markers = [
            ChartMarker(_local_day(a.taken_at), INTAKE, str(_("Intake")), (a.taken_at, a.version))
            for a in self.anamneses
            if a.is_completed
        ]
        markers += [
            ChartMarker(
                _local_day(p.finalized_at),
                PLAN,
                str(_("Plan v%(v)s") % {"v": p.version}),
                (p.finalized_at, p.version),
            )
            for p in self.plans
            if p.finalized_at and not p.is_referral
        ]
        return markers

    def chart(self, **size):
        return ChartDrawing(pain_chart(self.chart_readings(), self.chart_markers(), **size))


def _num(value):
    return f"{value:g}"


def short_date(day):
    return formats.date_format(day, "SHORT_DATE_FORMAT")


class ChartDrawing:
    """A `PainChart` with its SVG attributes and the text alternative as ready strings; other
    attributes pass through."""

    def __init__(self, chart):
        self.data = chart
        said = {
            "before": (_("%(visit)s, %(day)s: pain %(rating)s before"), chart.before_points),
            "after": (_("%(visit)s, %(day)s: pain %(rating)s after"), chart.after_points),
            "worst": (_("%(visit)s, %(day)s: pain %(rating)s at worst"), chart.worst_points),
        }
        intake_now = _("%(visit)s, %(day)s: pain %(rating)s now")
        circles = {}
        for series, (words, points) in said.items():
            circles[series] = [
                (
                    _num(x),
                    _num(y),
                    (intake_now if series == "before" and r.kind == INTAKE else words)
                    % {"visit": r.label, "day": short_date(r.day), "rating": rating},
                )
                for x, y, rating, r in points
            ]
        self.before_circles = circles["before"]
        self.after_circles = circles["after"]
        self.worst_marks = [
            (_num(float(x) - 3.5), _num(float(y) - 3.5), title) for x, y, title in circles["worst"]
        ]
        self.small_points = len(chart.slots) > 40
        self.x_ticks = [(_num(x), short_date(day), anchor) for x, day, anchor in chart.x_labels]
        self.y_ticks = [(rating, _num(y)) for rating, y in chart.y_ticks]
        self.marker_lines = [
            (_num(x), kind, label, f"{label} · {short_date(day)}", anchor)
            for x, kind, label, day, anchor in chart.marker_labels
        ]
        self.first_day = short_date(chart.slots[0][1].day) if chart.slots else ""
        self.last_day = short_date(chart.slots[-1][1].day) if chart.slots else ""

    @cached_property
    def rows(self):
        """The readings as table rows, newest first: the chart's text alternative."""
        return [
            {
                "day": short_date(r.day),
                "day_iso": r.day.isoformat(),
                "visit": r.label,
                "before": r.before,
                "after": r.after,
                "worst": r.worst,
                "intake": r.kind == INTAKE,
            }
            for r in reversed(self.data.readings)
        ]

    def __getattr__(self, name):
        return getattr(self.data, name)


def _day_moment(day, created_at, zone=None):
    """When a session happened, for ordering: its recording time if recorded that day."""
    zone = zone or timezone.get_current_timezone()
    created = created_at.astimezone(zone)
    if created.date() == day:
        return created
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=zone)


def reassessment_words(r):
    parts = []
    if r.pain_baseline is not None:
        parts.append(
            str(
                _("pain %(before)s at intake, %(now)s now (%(verdict)s)")
                % {
                    "before": r.pain_baseline,
                    "now": r.pain_now,
                    "verdict": labels.VERDICT.get(r.pain_verdict, r.pain_verdict),
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
                    "verdict": labels.VERDICT.get(r.psfs_verdict, r.psfs_verdict),
                }
            )
        )
    return "; ".join(parts)


def history_url(client, kind="", *, show_all=False):
    url = reverse("plans:client_detail", args=[client.pk])
    query = "&".join(
        part for part in (f"kind={kind}" if kind else "", "all=1" if show_all else "") if part
    )
    return f"{url}?{query}#timeline" if query else url
