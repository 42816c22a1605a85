"""The home page: open referrals, today's clients, recent clients, plans awaiting finalization,
reassessments due and courses that are not improving."""

from django.db.models import Count, F, Max, OuterRef, Subquery
from django.shortcuts import render
from django.utils import timezone

from clinic import audit
from clinic.models import AuditSubject, Client
from clinic.scoping import practice_for
from plans import labels, outcomes, services
from plans.models import TreatmentPlan, TreatmentSession

RECENT_CLIENTS = 8
DASHBOARD_ROWS = 20


def dashboard(request):
    """Today's clients, recent clients, plans awaiting finalization, reassessments due."""
    practice = practice_for(request)
    today = timezone.localdate()
    # A restricted client (issue 13) is in no list, here neither.
    sessions = TreatmentSession.objects.for_practice(practice).filter(
        plan__anamnesis__client__restricted_at__isnull=True
    )
    todays = _one_row_per_client(
        sessions.on(today)
        .select_related("plan__anamnesis__client", "author")
        .order_by("created_at")
    )
    recent = list(
        Client.objects.for_practice(practice)
        .active()
        .annotate(last_visit=Max("anamneses__plans__sessions__date"))
        .order_by(F("last_visit").desc(nulls_last=True), "-updated_at")[:RECENT_CLIENTS]
    )
    drafts = list(
        TreatmentPlan.objects.for_practice(practice)
        .drafts()
        .filter(anamnesis__client__restricted_at__isnull=True)
        .select_related("anamnesis__client", "created_by")
        .order_by("-created_at")[:DASHBOARD_ROWS]
    )
    latest_verdict = (
        TreatmentSession.objects.filter(plan=OuterRef("pk"), reassessment__isnull=False)
        .order_by("-number")
        .values("reassessment__verdict")[:1]
    )
    finals = (
        TreatmentPlan.objects.for_practice(practice)
        .final()
        .filter(
            anamnesis__client__archived_at__isnull=True,
            anamnesis__client__restricted_at__isnull=True,
        )
        .exclude(plan__decision="refer")
        .annotate(
            done=Count("sessions"),
            last_date=Max("sessions__date"),
            latest_verdict=Subquery(latest_verdict),
        )
        .select_related("anamnesis__client")
        .order_by(F("last_date").desc(nulls_last=True), "-finalized_at")
    )
    due, not_improving = [], []
    for plan in finals:
        row = {"plan": plan, "client": plan.anamnesis.client, "number": plan.done + 1}
        planned = plan.planned_sessions or 0
        if plan.done < planned and outcomes.reassessment_due(
            plan.done + 1, plan.plan.get("reassess_after_session")
        ):
            due.append(row)
        if plan.latest_verdict and plan.latest_verdict != outcomes.IMPROVED:
            not_improving.append(row)
    open_referrals = services.open_referrals(practice)
    referrals = [
        {
            "referral": referral,
            "client": referral.plan.anamnesis.client,
            "age": referral.age_days(today),
            "no_reply": referral.no_reply_due(today),
            "urgency_name": labels.URGENCY[referral.urgency],
        }
        for referral in open_referrals[:DASHBOARD_ROWS]
    ]
    audit.noted(request, AuditSubject.DASHBOARD)
    return render(
        request,
        "plans/dashboard.html",
        {
            "open_referrals": referrals,
            "open_referral_count": open_referrals.count()
            if len(referrals) == DASHBOARD_ROWS
            else len(referrals),
            "todays": todays,
            "recent_clients": recent,
            "drafts": drafts,
            "due": due[:DASHBOARD_ROWS],
            "due_count": len(due) + len(not_improving),
            "not_improving": not_improving[:DASHBOARD_ROWS],
            "today": today,
        },
    )


def _one_row_per_client(sessions):
    """Today's sessions as one row per client, in the order they were first seen today, with
    the latest session and how many there were (a client seen twice is listed once)."""
    rows = {}
    for session in sessions:
        client = session.plan.anamnesis.client
        row = rows.get(client.pk)
        if row is None:
            if len(rows) == DASHBOARD_ROWS:
                continue
            rows[client.pk] = {"client": client, "session": session, "count": 1}
        else:
            row["session"] = session
            row["count"] += 1
    return list(rows.values())
