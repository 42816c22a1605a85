"""The treatment log: sessions recorded against a finalized plan and their addenda. A
reassessment compares with the measures taken at intake (the anamnesis)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from clinic import audit
from clinic.models import AuditAction, ConsentMissing
from clinic.scoping import get_object_for
from clinic.submit_once import ALREADY_SENT, AlreadySubmitted, create_once, earlier_submission
from plans import labels, services
from plans.forms.log import (
    AddendumForm,
    SessionForm,
    copy_sources,
    reassessment_initial,
    session_initial,
    session_instance_initial,
)
from plans.history.adherence import adherence_words, exercise_suggestions
from plans.history.client_history import (
    REVIEW_ADVICE,
    reassessment_words,
    technique_words,
)
from plans.history.side_comparison import side_comparison_courses
from plans.models import PlanNotFinal, SessionLocked, TreatmentPlan, TreatmentSession

NO_CONSENT_NO_SESSION = _lazy(
    "No consent to the processing of health data is in force (it was withdrawn or never "
    "given): no session can be recorded. The sessions so far stay on record."
)


def _get_session(request, pk):
    sessions = TreatmentSession.objects.select_related(
        "plan__anamnesis__client", "author", "reassessment"
    )
    return get_object_for(request, sessions, pk=pk)


def session_new(request, pk):
    """Record a visit against a finalized plan. `?copy=plan|previous` fills the form."""
    plan = get_object_for(request, TreatmentPlan.objects.for_page(), pk=pk)
    client = plan.anamnesis.client
    # Before anything else: the next session may ask other questions (a reassessment).
    earlier = earlier_submission(plan.sessions, request.POST) if request.method == "POST" else None
    if earlier is not None:
        messages.info(request, ALREADY_SENT)
        return redirect(earlier)
    if plan.status != TreatmentPlan.Status.FINAL or plan.is_referral:
        messages.error(request, str(PlanNotFinal(plan)))
        return redirect(plan)
    if client.is_archived:
        messages.error(request, _("This client is archived: restore the record to add a session."))
        return redirect(client)
    if not client.has_consent:
        messages.error(request, str(NO_CONSENT_NO_SESSION))
        return redirect(client)
    number = services.next_session_number(plan)
    due = services.reassessment_due_for(plan, number)
    previous = plan.sessions.order_by("-number").first()
    copy = request.GET.get("copy")
    form = SessionForm(
        request.POST or None,
        plan=plan,
        activities=plan.anamnesis.psfs_activities.all(),
        side_tests=services.remeasurable_side_comparisons(plan.anamnesis),
        reassessment=due,
        initial=session_initial(plan=plan, source=copy, previous=previous),
    )
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["submission"]
        try:
            session = create_once(
                plan.sessions,
                token,
                lambda: services.session_record(
                    plan=plan,
                    author=request.user,
                    reassessment=form.reassessment_values(),
                    submission=token,
                    **form.values(),
                ),
            )
        except AlreadySubmitted as exc:
            messages.info(request, ALREADY_SENT)
            return redirect(exc.record)
        except services.SessionInvalid as exc:
            for problem in exc.problems:
                form.add_error(None, problem)
        except PlanNotFinal as exc:
            messages.error(request, str(exc))
            return redirect(plan)
        except ConsentMissing:
            messages.error(request, str(NO_CONSENT_NO_SESSION))
            return redirect(client)
        else:
            audit.wrote(request, AuditAction.CREATED, session, summary=_number(session))
            messages.success(
                request,
                _("Session %(n)s was recorded.") % {"n": session.number},
            )
            if getattr(session, "reassessment", None) and not session.reassessment.improved:
                messages.warning(request, str(REVIEW_ADVICE))
            return redirect(client)
    audit.read(request, plan, summary=_("form for session %(n)s") % {"n": number})
    return render(
        request,
        "plans/log/session_form.html",
        {
            "form": form,
            "plan": plan,
            "client": client,
            "number": number,
            "planned": plan.planned_sessions,
            "due": due,
            "next_planned": services.next_reassessment_for(plan, number),
            "previous": previous,
            "copy": copy,
            "copy_sources": copy_sources(plan=plan, previous=previous),
            "session": None,
            "suggestions": exercise_suggestions(
                plan.plan.get("exercises") or [], list(plan.sessions.all())
            )
            if due
            else [],
        },
        status=422 if request.method == "POST" else 200,
    )


def _number(session):
    return _("session %(n)s") % {"n": session.number}


def session_detail(request, pk):
    session = _get_session(request, pk)
    reassessment = getattr(session, "reassessment", None)
    audit.read(request, session, summary=_number(session))
    return render(
        request,
        "plans/log/session_detail.html",
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
            "verdict": labels.VERDICT.get(reassessment.verdict, "") if reassessment else "",
            "side_courses": side_comparison_courses([session]),
            "review_advice": REVIEW_ADVICE,
            "adherence": adherence_words(session),
            "suggestions": exercise_suggestions(
                session.plan.plan.get("exercises") or [],
                list(session.plan.sessions.filter(number__lte=session.number)),
            )
            if reassessment
            else [],
        },
    )


def session_edit(request, pk):
    """The author changes the session on the day it was recorded; later, addenda only."""
    session = _get_session(request, pk)
    plan = session.plan
    if not session.editable_by(request.user):
        messages.error(request, str(SessionLocked(session)))
        return redirect(session)
    reassessed = getattr(session, "reassessment", None) is not None
    side_tests = services.remeasurable_side_comparisons(plan.anamnesis)
    initial = session_instance_initial(session)
    if reassessed:
        initial |= reassessment_initial(session.reassessment, side_tests)
    form = SessionForm(
        request.POST or None,
        plan=plan,
        activities=plan.anamnesis.psfs_activities.all(),
        side_tests=side_tests,
        reassessment=reassessed,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(
                session=session,
                by=request.user,
                reassessment=form.reassessment_values(),
                **form.values(),
            )
        except SessionLocked as exc:
            messages.error(request, str(exc))
            return redirect(session)
        except services.SessionInvalid as exc:
            for problem in exc.problems:
                form.add_error(None, problem)
        else:
            audit.wrote(request, AuditAction.CHANGED, session, summary=_number(session))
            messages.success(request, _("The session was saved."))
            return redirect(session)
    audit.read(
        request, session, summary=_("%(session)s, edit form") % {"session": _number(session)}
    )
    return render(
        request,
        "plans/log/session_form.html",
        {
            "form": form,
            "plan": plan,
            "client": plan.anamnesis.client,
            "number": session.number,
            "planned": plan.planned_sessions,
            "due": reassessed,
            "session": session,
        },
        status=422 if request.method == "POST" else 200,
    )


@require_POST
def session_addendum(request, pk):
    session = _get_session(request, pk)
    form = AddendumForm(request.POST)
    if earlier_submission(session.addenda, request.POST) is not None:
        messages.info(request, ALREADY_SENT)
    elif form.is_valid():
        token = form.cleaned_data["submission"]
        try:
            create_once(
                session.addenda,
                token,
                lambda: services.addendum_add(
                    session=session,
                    author=request.user,
                    text=form.cleaned_data["text"],
                    submission=token,
                ),
            )
        except AlreadySubmitted:
            messages.info(request, ALREADY_SENT)
        else:
            summary = _("%(session)s, addendum") % {"session": _number(session)}
            audit.wrote(request, AuditAction.CHANGED, session, summary=summary)
            messages.success(request, _("The addendum was added; the session is kept as written."))
    else:
        messages.error(request, _("An addendum needs text."))
    return redirect(session)
