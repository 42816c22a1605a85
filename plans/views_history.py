"""The top floor: the client's history, the treatment log, the progress report and the dashboard.

These pages compose everything about a client (records, anamneses, plans, sessions), so they live
in `plans`, which may see every app. Every object is fetched through `clinic.scoping`.
"""

from django.contrib import messages
from django.db.models import Count, F, Max, OuterRef, Subquery
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from anamnesis.contract import anamnesis_to_contract
from anamnesis.models import Anamnesis
from clinic.models import Client
from clinic.scoping import get_client_for, get_object_for, practice_for, scoped
from plans import labels, outcomes, session_services
from plans.comparison import changed_count, compare_contracts
from plans.history import (
    KINDS,
    REVIEW_ADVICE,
    RISK,
    RISK_ADVICE,
    VERDICT,
    ClientHistory,
    history_url,
    reassessment_words,
    technique_words,
)
from plans.models import PlanNotFinal, SessionLocked, TreatmentPlan, TreatmentSession
from plans.progress import progress_context, render_progress_pdf
from plans.session_forms import (
    AddendumForm,
    BaselineForm,
    PsfsFormSet,
    SessionForm,
    session_initial,
    session_instance_initial,
)

RECENT_CLIENTS = 8
# The newest entries of the timeline; "Show all" lists the rest (the chart always shows all).
TIMELINE_FIRST = 40
DASHBOARD_ROWS = 20


# The client's page


def client_history(request, pk):
    """The client's record card, "before this visit", the pain chart and the timeline."""
    client = get_client_for(request, pk)
    history = ClientHistory(client)
    kind = request.GET.get("kind", "")
    kind = kind if kind in KINDS else ""
    show_all = request.GET.get("all") == "1"
    timeline = history.timeline_of(kind)
    baseline = history.baseline
    startback = baseline["startback"] if baseline else None
    return render(
        request,
        "plans/history/client_history.html",
        {
            "client": client,
            "history": history,
            "kind": kind,
            "kinds": [(code, name, history_url(client, code)) for code, name in KINDS.items()],
            "all_url": history_url(client) + "#timeline",
            "timeline": timeline if show_all else timeline[:TIMELINE_FIRST],
            "timeline_total": len(timeline),
            "show_all_url": history_url(client, kind, show_all=True),
            "show_all": show_all,
            "chart": history.chart(),
            "progress": history.progress,
            "baseline": baseline,
            "startback": startback,
            "startback_risk": RISK.get(startback.risk) if startback else "",
            "startback_advice": RISK_ADVICE.get(startback.risk) if startback else "",
            "startback_notice": outcomes.STARTBACK_NOTICE,
            "completed_anamneses": [a for a in history.anamneses if a.is_completed],
        },
    )


def client_compare(request, pk):
    """Two anamneses of the client side by side, the changes highlighted."""
    client = get_client_for(request, pk)
    anamneses = list(
        scoped(request, Anamnesis.objects).filter(client=client).order_by("-taken_at", "-version")
    )
    by_id = {str(a.pk): a for a in anamneses}
    a = by_id.get(request.GET.get("a", ""))
    b = by_id.get(request.GET.get("b", ""))
    if a is None and b is None and len(anamneses) >= 2:
        b, a = anamneses[0], anamneses[1]  # the newest against the one before
    sections = []
    if a is not None and b is not None:
        sections = compare_contracts(anamnesis_to_contract(a), anamnesis_to_contract(b))
    return render(
        request,
        "plans/history/compare.html",
        {
            "client": client,
            "anamneses": anamneses,
            "a": a,
            "b": b,
            "sections": sections,
            "changed": changed_count(sections),
        },
    )


def client_progress_pdf(request, pk):
    """The progress report of the client's episode, rendered now with the plan's renderer."""
    client = get_client_for(request, pk)
    history = ClientHistory(client)
    pdf = render_progress_pdf(progress_context(history, by=request.user))
    response = HttpResponse(pdf, content_type="application/pdf")
    patch_cache_control(response, private=True, no_cache=True)
    filename = "-".join(
        ["progress", slugify(client.last_name) or "client", timezone.localdate().isoformat()]
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=False, filename=f"{filename}.pdf"
    )
    return response


# Sessions


def _get_plan(request, pk):
    plans = TreatmentPlan.objects.select_related("anamnesis__client")
    return get_object_for(request, plans, pk=pk)


def _get_session(request, pk):
    sessions = TreatmentSession.objects.select_related(
        "plan__anamnesis__client", "author", "reassessment"
    )
    return get_object_for(request, sessions, pk=pk)


def session_new(request, pk):
    """Record a visit against a finalized plan. `?copy=plan|previous` fills the form."""
    plan = _get_plan(request, pk)
    client = plan.anamnesis.client
    if plan.status != TreatmentPlan.Status.FINAL or plan.is_referral:
        messages.error(request, str(PlanNotFinal(plan)))
        return redirect(plan)
    if client.is_archived:
        messages.error(request, _("This client is archived: restore the record to add a session."))
        return redirect(client)
    number = session_services.next_session_number(plan)
    due = session_services.reassessment_due_for(plan, number)
    activities = session_services.psfs_baseline(plan.anamnesis) if due else []
    previous = plan.sessions.order_by("-number").first()
    copy = request.GET.get("copy")
    form = SessionForm(
        request.POST or None,
        plan=plan,
        activities=activities,
        reassessment=due,
        initial=session_initial(plan=plan, source=copy, previous=previous),
    )
    if request.method == "POST" and form.is_valid():
        try:
            session = session_services.session_record(
                plan=plan,
                author=request.user,
                reassessment=form.reassessment_values(),
                **form.values(),
            )
        except session_services.SessionInvalid as exc:
            for problem in exc.problems:
                form.add_error(None, problem)
        except PlanNotFinal as exc:
            messages.error(request, str(exc))
            return redirect(plan)
        else:
            messages.success(
                request,
                _("Session %(n)s was recorded.") % {"n": session.number},
            )
            if _has_reassessment(session) and not session.reassessment.improved:
                messages.warning(request, str(REVIEW_ADVICE))
            return redirect(client)
    return render(
        request,
        "plans/sessions/session_form.html",
        {
            "form": form,
            "plan": plan,
            "client": client,
            "number": number,
            "planned": (plan.plan.get("sessions") or {}).get("count"),
            "due": due,
            "previous": previous,
            "copy": copy,
            "session": None,
        },
        status=422 if request.method == "POST" else 200,
    )


def session_detail(request, pk):
    session = _get_session(request, pk)
    reassessment = session.reassessment if _has_reassessment(session) else None
    return render(
        request,
        "plans/sessions/session_detail.html",
        {
            "session": session,
            "plan": session.plan,
            "client": session.plan.anamnesis.client,
            "addenda": session.addenda.select_related("author"),
            "addendum_form": AddendumForm(),
            "can_edit": session.editable_by(request.user),
            "techniques": technique_words(session.techniques),
            "pressure_label": labels.PRESSURE.get(session.pressure, ""),
            "reassessment": reassessment,
            "reassessment_words": reassessment_words(reassessment) if reassessment else "",
            "verdict": VERDICT.get(reassessment.verdict, "") if reassessment else "",
            "review_advice": REVIEW_ADVICE,
        },
    )


def _has_reassessment(session):
    try:
        return session.reassessment is not None
    except TreatmentSession.reassessment.RelatedObjectDoesNotExist:
        return False


def session_edit(request, pk):
    """The author changes the session on the day it was recorded; later, addenda only."""
    session = _get_session(request, pk)
    plan = session.plan
    if not session.editable_by(request.user):
        messages.error(request, str(SessionLocked(session)))
        return redirect(session)
    reassessed = _has_reassessment(session)
    activities = session_services.psfs_baseline(plan.anamnesis) if reassessed else []
    initial = session_instance_initial(session)
    if reassessed:
        initial["reassess_pain"] = session.reassessment.pain_now
        for row in session.reassessment.ratings:
            initial[f"psfs_{row['activity']}"] = row["rating"]
    form = SessionForm(
        request.POST or None,
        plan=plan,
        activities=activities,
        reassessment=reassessed,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            session_services.session_update(
                session=session,
                by=request.user,
                reassessment=form.reassessment_values(),
                **form.values(),
            )
        except SessionLocked as exc:
            messages.error(request, str(exc))
            return redirect(session)
        except session_services.SessionInvalid as exc:
            for problem in exc.problems:
                form.add_error(None, problem)
        else:
            messages.success(request, _("The session was saved."))
            return redirect(session)
    return render(
        request,
        "plans/sessions/session_form.html",
        {
            "form": form,
            "plan": plan,
            "client": plan.anamnesis.client,
            "number": session.number,
            "planned": (plan.plan.get("sessions") or {}).get("count"),
            "due": reassessed,
            "session": session,
        },
        status=422 if request.method == "POST" else 200,
    )


@require_POST
def session_addendum(request, pk):
    session = _get_session(request, pk)
    form = AddendumForm(request.POST)
    if form.is_valid():
        session_services.addendum_add(
            session=session, author=request.user, text=form.cleaned_data["text"]
        )
        messages.success(request, _("The addendum was added; the session is kept as written."))
    else:
        messages.error(request, _("An addendum needs text."))
    return redirect(session)


# The outcome baseline of an anamnesis


def baseline_edit(request, pk):
    """PSFS activities and, for a low back complaint, the STarT Back screening."""
    anamnesis = get_object_for(
        request,
        Anamnesis.objects.select_related("client").prefetch_related("regions"),
        pk=pk,
    )
    low_back = session_services.has_low_back_complaint(anamnesis)
    stored = getattr(anamnesis, "outcome_baseline", None) if _has_baseline(anamnesis) else None
    initial = {}
    if stored is not None:
        initial["startback_total"] = stored.startback_total
        initial["startback_psychosocial"] = stored.startback_psychosocial
    form = BaselineForm(request.POST or None, low_back=low_back, initial=initial)
    psfs = PsfsFormSet(request.POST or None, instance=anamnesis)
    if request.method == "POST" and all([form.is_valid(), psfs.is_valid()]):
        try:
            session_services.baseline_record(
                anamnesis=anamnesis,
                by=request.user,
                activities=psfs.activities(),
                startback_total=form.cleaned_data.get("startback_total"),
                startback_psychosocial=form.cleaned_data.get("startback_psychosocial"),
            )
        except session_services.SessionInvalid as exc:
            for problem in exc.problems:
                form.add_error(None, problem)
        else:
            messages.success(request, _("The baseline measures were saved."))
            return redirect("plans:baseline", pk=anamnesis.pk)
    startback = stored.startback if stored is not None else None
    return render(
        request,
        "plans/history/baseline_form.html",
        {
            "form": form,
            "psfs": psfs,
            "anamnesis": anamnesis,
            "client": anamnesis.client,
            "low_back": low_back,
            "stored": stored,
            "startback": startback,
            "startback_risk": RISK.get(startback.risk) if startback else "",
            "startback_advice": RISK_ADVICE.get(startback.risk) if startback else "",
            "startback_notice": outcomes.STARTBACK_NOTICE,
            "psfs_mean": outcomes.psfs_mean(a.baseline for a in anamnesis.psfs_activities.all())
            if anamnesis.psfs_activities.count() >= outcomes.PSFS_MIN_ACTIVITIES
            else None,
        },
        status=422 if request.method == "POST" else 200,
    )


def _has_baseline(anamnesis):
    from plans.models import OutcomeBaseline

    try:
        return anamnesis.outcome_baseline is not None
    except OutcomeBaseline.DoesNotExist:
        return False


# The dashboard


def dashboard(request):
    """Today's clients, recent clients, plans awaiting finalization, reassessments due."""
    practice = practice_for(request)
    today = timezone.localdate()
    sessions = TreatmentSession.objects.for_practice(practice)
    todays = list(
        sessions.on(today)
        .select_related("plan__anamnesis__client", "author")
        .order_by("created_at")[:DASHBOARD_ROWS]
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
        .filter(anamnesis__client__archived_at__isnull=True)
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
        planned = (plan.plan.get("sessions") or {}).get("count") or 0
        if plan.done < planned and outcomes.reassessment_due(
            plan.done + 1, plan.plan.get("reassess_after_session")
        ):
            due.append(row)
        if plan.latest_verdict and plan.latest_verdict != outcomes.IMPROVED:
            not_improving.append(row)
    return render(
        request,
        "plans/history/dashboard.html",
        {
            "todays": todays,
            "recent_clients": recent,
            "drafts": drafts,
            "due": due[:DASHBOARD_ROWS],
            "due_count": len(due) + len(not_improving),
            "not_improving": not_improving[:DASHBOARD_ROWS],
            "today": today,
        },
    )
