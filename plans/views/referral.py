"""A referral's page and its follow-up: record the outcome, start the next intake after a
clearance, and the client's sheet of what to do now. Every object comes through
`clinic.scoping`; writes are POST only."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from anamnesis import labels as anamnesis_labels
from anamnesis import services as anamnesis_services
from clinic import audit
from clinic.models import AuditAction, ConsentMissing
from clinic.scoping import get_object_for
from clinic.submit_once import ALREADY_SENT, AlreadySubmitted, create_once, earlier_submission
from plans import labels, services
from plans.document.render import render_sheet_pdf
from plans.forms.referral import ReferralOutcomeForm
from plans.models import Referral, TreatmentPlan
from plans.views.documents import refuses_oversized_documents


def _referral_page(request, referral, form=None, status=200):
    outcomes = list(referral.outcomes.select_related("recorded_by"))
    for outcome in outcomes:
        outcome.caution_words = [
            anamnesis_labels.label(anamnesis_labels.CAUTION, code) for code in outcome.cautions
        ]
    audit.read(request, referral)
    return render(
        request,
        "plans/referral/referral_detail.html",
        {
            "referral": referral,
            "plan": referral.plan,
            "client": referral.client,
            "urgency_name": labels.URGENCY.get(referral.urgency),
            "outcomes": outcomes,
            "clearance": next((o for o in reversed(outcomes) if o.is_clearance), None),
            "form": form or ReferralOutcomeForm(referral=referral),
            "age": referral.age_days(),
        },
        status=status,
    )


@require_safe
def referral_detail(request, pk):
    referral = get_object_for(request, Referral.objects.for_page(), pk=pk)
    return _referral_page(request, referral)


@require_POST
def referral_outcome(request, pk):
    referral = get_object_for(request, Referral.objects.for_page(), pk=pk)
    # Before the form: once an outcome is recorded the referral is closed to another.
    if earlier_submission(referral.outcomes, request.POST) is not None:
        messages.info(request, ALREADY_SENT)
        return redirect(referral)
    form = ReferralOutcomeForm(request.POST, referral=referral)
    if not form.is_valid():
        return _referral_page(request, referral, form=form, status=422)
    try:
        outcome = create_once(
            referral.outcomes,
            form.cleaned_data["submission"],
            lambda: services.referral_outcome_record(
                referral=referral, by=request.user, **form.cleaned_data
            ),
        )
    except AlreadySubmitted:
        messages.info(request, ALREADY_SENT)
        return redirect(referral)
    except services.ReferralInvalid as exc:
        for field, message in exc.problems.items():
            form.add_error(field if field in form.fields else None, message)
        return _referral_page(request, referral, form=form, status=422)
    summary = _("outcome: %(kind)s") % {"kind": outcome.kind}
    audit.wrote(request, AuditAction.CHANGED, referral, summary=summary)
    messages.success(
        request,
        _("Recorded: %(outcome)s. The referral is closed.")
        % {"outcome": outcome.get_kind_display()},
    )
    return redirect(referral)


@require_POST
def referral_anamnesis(request, pk, outcome_pk):
    """After a clearance: an amendment of the referred intake (or, with `new`, a new intake)
    with the physician's restrictions as cautions; then the intake form."""
    referral = get_object_for(request, Referral.objects.for_page(), pk=pk)
    outcome = get_object_or_404(referral.outcomes, pk=outcome_pk)
    if not outcome.is_clearance:
        messages.error(request, _("Only a clearance for treatment leads to a new intake."))
        return redirect(referral)
    try:
        anamnesis = services.referral_anamnesis(
            outcome=outcome, by=request.user, new=request.POST.get("new") == "1"
        )
    except anamnesis_services.AnamnesisAlreadyAmended as exc:
        messages.error(request, str(exc))
        return redirect(exc.newest)
    except ConsentMissing:
        messages.error(request, _("Record the client's consent before a new anamnesis."))
        return redirect(referral)
    summary = _("version %(version)s, after clearance by referral %(referral)s") % {
        "version": anamnesis.version,
        "referral": referral.pk,
    }
    audit.wrote(request, AuditAction.CREATED, anamnesis, summary=summary)
    messages.success(
        request,
        _(
            "The physician's restrictions are recorded as cautions in anamnesis version "
            "%(version)s. The red flags the physician assessed no longer refer from this "
            "intake; screen again: any other flag still refers."
        )
        % {"version": anamnesis.version},
    )
    return redirect("anamnesis:edit", pk=anamnesis.pk)


@require_safe
@refuses_oversized_documents
def referral_sheet(request, pk):
    """The client's sheet for a plan that refers: what to do now, when to call the emergency
    number; rendered now (it does not depend on the plan being signed)."""
    plan = get_object_for(request, TreatmentPlan.objects.for_page(), pk=pk)
    context = services.sheet_context(plan=plan)
    if context is None:
        raise Http404(_("Only a plan that refers the client has a sheet for the client."))
    response = HttpResponse(render_sheet_pdf(context), content_type="application/pdf")
    patch_cache_control(response, private=True, no_cache=True)
    client = plan.anamnesis.client
    filename = "-".join(
        ["what-to-do-now", slugify(client.last_name) or "client", timezone.localdate().isoformat()]
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=False, filename=f"{filename}.pdf"
    )
    audit.read(request, plan, action=AuditAction.PDF, summary=_("client's referral sheet"))
    return response
