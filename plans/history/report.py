"""The progress report: the episode on paper for the client or the referring physician.

Baseline against now, the sessions done, the pain chart and the current plan, rendered by the
plan document's renderer: the same letterhead, the same deny-by-default `AssetFetcher`, the same
typesetters and bounds (plus a small stylesheet of its own).
"""

from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from anamnesis.contract import anamnesis_to_contract
from plans import labels, outcomes
from plans.document.render import (
    PRINT_FONT_FAMILY,
    STYLESHEET,
    AssetFetcher,
    html_to_pdf,
    plan_document_context,
)
from plans.history.client_history import reassessment_words, technique_words

TEMPLATE = "plans/print/progress.html"
PROGRESS_STYLESHEET = "print/progress.css"
CHART_STYLESHEET = "css/pain-chart.css"
# The report lists the latest sessions; the chart shows them all.
REPORT_SESSIONS = 10


@cache
def chart_css():
    """The chart's colours for the SVG inside the PDF (WeasyPrint styles an inline SVG only from
    its own <style>); browsers get the same file as a stylesheet. In the PDF the chart's text is
    set in the document's own font, like the rest of the report."""
    rules = Path(finders.find(CHART_STYLESHEET)).read_text(encoding="utf-8")
    return mark_safe(f'{rules}\n.pain-chart {{ font-family: "{PRINT_FONT_FAMILY}"; }}\n')


def progress_context(history, *, by=None):
    client = history.client
    plan = history.current_plan
    anamnesis = plan.anamnesis if plan else history.latest_anamnesis
    context = plan_document_context(
        plan.plan if plan else {},
        anamnesis=anamnesis_to_contract(anamnesis) if anamnesis is not None else None,
        client=client,
        practice=client.practice,
        therapist=by,
        draft=False,
        version=plan.version if plan else None,
        reference=plan.reference if plan else "",
    )
    sessions = history.sessions
    last = history.last_session
    reassessment = history.last_reassessment
    pain_first = anamnesis.pain_now if anamnesis is not None else None
    pain_last = last.pain_before if last is not None else None
    pain_verdict = (
        outcomes.pain_change(pain_first, pain_last)
        if pain_first is not None and pain_last is not None
        else ""
    )
    baseline = history.baseline
    startback = baseline["startback"] if baseline else None
    context.update(
        {
            "draft": False,
            "date": timezone.localdate(),
            "anamnesis": anamnesis,
            "intake_day": timezone.localdate(anamnesis.taken_at) if anamnesis else None,
            "progress": history.progress,
            "sessions_total": len(sessions),
            "first_session": sessions[-1] if sessions else None,
            "last_session": last,
            "pain_first": pain_first,
            "pain_last": pain_last,
            "pain_verdict": labels.VERDICT.get(pain_verdict, ""),
            "baseline": baseline,
            **labels.startback_words(startback),
            "reassessment": reassessment,
            "reassessment_words": reassessment_words(reassessment) if reassessment else "",
            "verdict": labels.VERDICT.get(reassessment.verdict) if reassessment else "",
            "psfs_verdict": labels.VERDICT.get(reassessment.psfs_verdict, "")
            if reassessment
            else "",
            "not_improving": history.not_improving,
            "side_courses": [
                c for c in history.side_courses if anamnesis and c.episode == anamnesis.pk
            ],
            "session_rows": [
                {
                    "number": s.number,
                    "planned": s.plan.planned_sessions,
                    "date": s.date,
                    "pain_before": s.pain_before,
                    "pain_after": s.pain_after,
                    "techniques": technique_words(s.techniques),
                    "exercises": s.get_exercises_done_display() if s.exercises_done else "",
                }
                for s in sessions[:REPORT_SESSIONS]
            ],
            "more_sessions": max(0, len(sessions) - REPORT_SESSIONS),
            "adherence": history.adherence,
            "exercises_asked": any(s.exercises_done for s in sessions[:REPORT_SESSIONS]),
            "chart": history.chart(width=640, height=200),
            "chart_css": chart_css(),
            "plan": plan,
        }
    )
    return context


def render_progress_html(context):
    return render_to_string(TEMPLATE, context)


def render_progress_pdf(context, *, fetcher=None):
    return html_to_pdf(
        render_progress_html(context),
        fetcher=fetcher or AssetFetcher(media=context["media"]),
        stylesheets=(STYLESHEET, PROGRESS_STYLESHEET),
    )
