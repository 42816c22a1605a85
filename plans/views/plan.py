import logging

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from anamnesis import labels as anamnesis_labels
from anamnesis.labels import describe_ref
from anamnesis.models import Anamnesis
from clinic import audit
from clinic.models import AuditAction
from clinic.scoping import get_object_for
from plans import labels, services
from plans.document import explanations, rules_page
from plans.document.render import (
    DocumentRefused,
    render_exercise_sheet_pdf,
    render_plan_pdf,
)
from plans.engine import draft_plan, validate_anamnesis
from plans.forms.plan import PlanEditForm
from plans.forms.referral import ReferralDetailsForm
from plans.models import PlanDocument, PlanIsFinal, Referral, TreatmentPlan
from plans.views import plan_display
from plans.views.documents import refuses_oversized_documents

logger = logging.getLogger(__name__)


def _item(item, words):
    return {
        "code": item["code"],
        "name": words[item["code"]]["name"],
        "regions": item.get("regions", []),
        "reasons": [describe_ref(ref) for ref in item.get("because", [])],
    }


def _exercise(item):
    return {
        "name": labels.EXERCISE[item["code"]],
        "dose": explanations.dose_words(item),
        "reasons": [describe_ref(ref) for ref in item.get("because", [])],
    }


def anamnesis_draft_plan(request, pk):
    """What the engine drafts from a completed anamnesis, each item with its reasons.

    Nothing is stored: reviewing and finalizing the plan is the plan document's job.
    """
    anamnesis = get_object_for(request, Anamnesis.objects.select_related("client"), pk=pk)
    if not anamnesis.is_completed:
        messages.info(request, _("Complete the anamnesis before drafting a plan."))
        return redirect(anamnesis)
    doc, clearance = services.engine_input(anamnesis)
    if validate_anamnesis(doc):
        # Completed once, contradicted since (the client record changed): the anamnesis
        # page says what and how to resolve it.
        messages.error(request, _("No plan can be drafted from this intake as it stands."))
        return redirect(anamnesis)
    plan = draft_plan(doc)
    referral = plan.get("referral")
    audit.read(request, anamnesis, summary=_("draft plan preview"))
    return render(
        request,
        "plans/plan/draft_preview.html",
        {
            "anamnesis": anamnesis,
            "client": anamnesis.client,
            "plan": plan,
            "clearance": services.clearance_summary(anamnesis, clearance),
            "refers": plan["decision"] == "refer",
            "urgency": explanations.URGENCY[referral["urgency"]] if referral else None,
            "referral_reasons": [describe_ref(ref) for ref in referral["because"]]
            if referral
            else [],
            "pressure": explanations.PRESSURE.get(plan.get("pressure")),
            "techniques": [_item(i, explanations.TECHNIQUE) for i in plan["techniques"]],
            "avoid": [_item(i, explanations.AVOID) for i in plan["avoid"]],
            "self_care": [_item(i, explanations.SELF_CARE) for i in plan["self_care"]],
            "positioning": [_item(i, explanations.POSITION) for i in plan["positioning"]],
            "exercises": [_exercise(i) for i in plan["exercises"]],
            "screens": plan["decision"] == "screen",
            "unanswered": [
                anamnesis_labels.RED_FLAG_QUESTION[code] for code in anamnesis.unanswered_red_flags
            ],
            "first_minutes": (plan.get("sessions") or {}).get("first_minutes"),
        },
    )


# The treatment plan: review and edit the draft, finalize it, print it.


def _plan_page(request, plan, form=None, status=200, referral_form=None):
    removals = {(r.kind, r.code): r for r in plan.safety_removals.select_related("by")}
    if form is None and plan.is_draft:
        form = PlanEditForm(plan=plan, regions=_anamnesis_regions(plan.anamnesis))
    referral = plan.plan.get("referral")
    if referral_form is None and plan.is_draft and referral:
        referral_form = ReferralDetailsForm(plan=plan)
    engine_referral = plan.engine_draft.get("referral")
    audit.read(request, plan, summary=_version(plan))
    return render(
        request,
        "plans/plan/plan_detail.html",
        {
            "plan": plan,
            "client": plan.anamnesis.client,
            "anamnesis": plan.anamnesis,
            "form": form,
            "items": plan_display.review_items(plan, removals),
            "fields": plan_display.review_fields(plan),
            "referral": referral,
            "referral_name": labels.URGENCY.get(referral["urgency"]) if referral else None,
            "referral_reasons": [plan_display.ref_words(r) for r in referral["because"]]
            if referral
            else [],
            "referral_removed": bool(engine_referral and not referral),
            "engine_referral_name": labels.URGENCY.get(engine_referral["urgency"])
            if engine_referral
            else None,
            "removals": plan_display.removal_rows(plan),
            "history": plan_display.history(plan),
            "versions": _versions(plan),
            "superseded_by": getattr(plan, "superseded_by", None) if plan.is_superseded else None,
            "archive": PlanDocument.objects.filter(plan=plan).values("sha256", "size").first(),
            "referral_form": referral_form,
            "referral_record": Referral.objects.filter(plan=plan).first(),
            "clearance": services.clearance_summary(plan.anamnesis),
            "has_sheet": plan.is_referral
            and referral
            and referral["urgency"] in ("emergency", "same_day", "urgent"),
        },
        status=status,
    )


def _version(plan):
    return _("version %(version)s") % {"version": plan.version}


def _anamnesis_regions(anamnesis):
    return [row.region for row in anamnesis.regions.all()]


def _versions(plan):
    """Every version of this plan, oldest first."""
    first = plan
    while first.supersedes_id:
        first = first.supersedes
    chain = [first]
    while True:
        try:
            chain.append(chain[-1].superseded_by)
        except TreatmentPlan.DoesNotExist:
            return chain


@require_POST
def plan_create(request, pk):
    anamnesis = get_object_for(request, Anamnesis.objects.select_related("client"), pk=pk)
    try:
        plan = services.plan_draft(anamnesis=anamnesis, author=request.user)
    except services.DraftExists as exc:
        messages.info(request, str(exc))
        return redirect(exc.plan)
    except services.PlanInvalid as exc:
        for problem in exc.problems:
            messages.error(request, problem)
        return redirect(anamnesis)
    audit.wrote(request, AuditAction.CREATED, plan, summary=_version(plan))
    messages.success(
        request, _("The plan was drafted. Review it, change what you need, then finalize.")
    )
    return redirect(plan)


def plan_detail(request, pk):
    plan = get_object_for(request, TreatmentPlan.objects.for_page(), pk=pk)
    if request.method != "POST":
        return _plan_page(request, plan)
    if plan.is_final:
        messages.error(request, str(PlanIsFinal(plan)))
        return _plan_page(request, plan, status=409)
    form = PlanEditForm(request.POST, plan=plan, regions=_anamnesis_regions(plan.anamnesis))
    if not form.is_valid():
        return _plan_page(request, plan, form=form, status=422)
    try:
        services.plan_update(
            plan=plan,
            by=request.user,
            document=form.document(),
            reasons=form.reasons(),
            therapist_notes=form.cleaned_data["therapist_notes"],
            client_instructions=form.cleaned_data["client_instructions"],
        )
    except PlanIsFinal as exc:
        messages.error(request, str(exc))
        return _plan_page(request, plan, status=409)
    except services.PlanInvalid as exc:
        for problem in exc.problems:
            form.add_error(None, problem)
        return _plan_page(request, plan, form=form, status=422)
    audit.wrote(request, AuditAction.CHANGED, plan, summary=_version(plan))
    messages.success(request, _("Your changes to the plan were saved."))
    return redirect(plan)


@require_http_methods(["GET", "HEAD", "POST"])
def plan_finalize(request, pk):
    """Sign the plan, once the therapist has seen what will be signed.

    GET (and a POST without `confirmed`) shows the confirmation page: the plan as it will be
    archived, and for a referral the letter's recipient and the advice given (ReferralDetailsForm,
    carried as hidden fields). Only a POST with `confirmed=1` signs; bad input changes nothing.
    """
    plan = get_object_for(request, TreatmentPlan.objects.for_page(), pk=pk)
    if not plan.is_draft:
        if request.method != "POST":
            return redirect(plan)
        messages.error(request, _("This plan is finalized: it cannot be changed or signed again."))
        return _plan_page(request, plan, status=409)
    details = None
    referral_form = None
    if plan.plan.get("referral"):
        if request.method != "POST":
            messages.info(request, _("Fill in the letter's recipient, then finalize."))
            return redirect(f"{plan.get_absolute_url()}#referral-finalize")
        referral_form = ReferralDetailsForm(request.POST, plan=plan)
        if not referral_form.is_valid():
            messages.error(request, _("Check the letter's recipient below before finalizing."))
            return _plan_page(request, plan, status=422, referral_form=referral_form)
        details = referral_form.details()
    if request.method != "POST" or request.POST.get("confirmed") != "1":
        return _finalize_confirmation(request, plan, referral_form)
    try:
        plan = services.plan_finalize(plan=plan, by=request.user, referral=details)
    except PlanIsFinal as exc:
        messages.error(request, str(exc))
        return _plan_page(request, plan, status=409)
    except services.PlanInvalid as exc:
        for problem in exc.problems:
            messages.error(request, problem)
        return redirect(plan)
    except DocumentRefused as exc:
        # Nothing was signed: the plan stays a draft to shorten.
        messages.error(request, exc.message)
        return redirect(plan)
    audit.wrote(request, AuditAction.FINALIZED, plan, summary=_version(plan))
    messages.success(request, _("The plan is finalized and its PDF is archived."))
    return redirect(plan)


# What the confirmation page lists of the plan to be signed, in the plan's order.
SIGNED_SECTIONS = {
    "positioning": gettext_lazy("Positioning"),
    "techniques": gettext_lazy("Techniques"),
    "avoid": gettext_lazy("Avoid"),
    "self_care": gettext_lazy("Self-care"),
    "exercises": gettext_lazy("Home exercises"),
}


def _finalize_confirmation(request, plan, referral_form):
    referral = plan.plan.get("referral")
    items = plan_display.review_items(plan, {})
    return render(
        request,
        "plans/plan/finalize_confirm.html",
        {
            "plan": plan,
            "client": plan.anamnesis.client,
            "anamnesis": plan.anamnesis,
            "sections": [
                (heading, [i for i in items[name] if i["mark"] != "removed"])
                for name, heading in SIGNED_SECTIONS.items()
                if items[name]
            ],
            "fields": plan_display.review_fields(plan),
            "referral": referral,
            "referral_name": labels.URGENCY.get(referral["urgency"]) if referral else None,
            "referral_form": referral_form,
            "advice_words": [
                str(label)
                for code, label in Referral.Advice.choices
                if referral_form is not None and code in referral_form.cleaned_data["advice"]
            ],
        },
    )


@require_POST
def plan_revise(request, pk):
    plan = get_object_for(request, TreatmentPlan.objects.for_page(), pk=pk)
    if plan.is_draft:
        messages.info(request, _("This plan is still a draft: change it directly."))
        return redirect(plan)
    try:
        revision = services.plan_revise(plan=plan, by=request.user)
    except services.DraftExists as exc:
        messages.info(request, str(exc))
        return redirect(exc.plan)
    audit.wrote(
        request,
        AuditAction.CREATED,
        revision,
        summary=_("version %(version)s, revising version %(old)s")
        % {"version": revision.version, "old": plan.version},
    )
    messages.success(
        request,
        _("Version %(version)s was started from the finalized plan, which is now superseded.")
        % {"version": revision.version},
    )
    return redirect(revision)


@require_safe
@refuses_oversized_documents
def plan_pdf(request, pk):
    """The client's copy: a finalized plan always answers its archived bytes, unchanged; a
    draft is rendered now, marked DRAFT. `?copy=therapist` adds the page for the practice file."""
    plan = get_object_for(request, TreatmentPlan.objects.for_page(), pk=pk)
    therapist_copy = request.GET.get("copy") == "therapist"
    if plan.is_final and not therapist_copy:
        archived = PlanDocument.objects.filter(plan=plan).only("pdf", "sha256").first()
        if archived is None:
            raise Http404(_("The archived document of this plan is missing."))
        if not archived.is_intact:
            # Bytes that are not the ones signed are never served as the signed document.
            logger.error(
                "Archived PDF of plan %s does not match its SHA-256 %s", plan.pk, archived.sha256
            )
            audit.wrote(request, AuditAction.ALTERED, plan, summary=_version(plan))
            return render(request, "plans/plan/document_altered.html", {"plan": plan}, status=409)
        response = HttpResponse(bytes(archived.pdf), content_type="application/pdf")
        response["ETag"] = f'"{archived.sha256}"'
    else:
        context = services.plan_context(plan=plan, therapist_copy=therapist_copy)
        response = HttpResponse(render_plan_pdf(context), content_type="application/pdf")
        patch_cache_control(response, no_cache=True)
    patch_cache_control(response, private=True)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=False, filename=_pdf_filename(plan, therapist_copy)
    )
    copy = _("therapist's copy") if therapist_copy else _("client's copy")
    if plan.is_draft:
        copy = _("%(copy)s, draft") % {"copy": copy}
    summary = f"{_version(plan)}, {copy}"
    audit.read(request, plan, action=AuditAction.PDF, summary=summary)
    return response


def _plan_with_exercises(request, pk):
    plan = get_object_for(request, TreatmentPlan.objects.for_page(), pk=pk)
    if not plan.plan.get("exercises"):
        raise Http404(_("This plan has no home exercises."))
    return plan


@require_safe
def exercise_sheet(request, pk):
    """The plan's home exercises as a page the therapist can print or hand over as a PDF."""
    plan = _plan_with_exercises(request, pk)
    audit.read(
        request, plan, summary=_("%(version)s, exercise sheet") % {"version": _version(plan)}
    )
    return render(
        request,
        "plans/plan/exercise_sheet.html",
        {
            "plan": plan,
            "client": plan.anamnesis.client,
            "sheet": services.plan_context(plan=plan),
        },
    )


@require_safe
@refuses_oversized_documents
def exercise_sheet_pdf(request, pk):
    """The exercise sheet as PDF, rendered now from the plan (a finalized plan never changes)."""
    plan = _plan_with_exercises(request, pk)
    pdf = render_exercise_sheet_pdf(services.plan_context(plan=plan))
    response = HttpResponse(pdf, content_type="application/pdf")
    patch_cache_control(response, private=True, no_cache=True)
    client = plan.anamnesis.client
    parts = ["exercises", slugify(client.last_name) or "client", f"v{plan.version}"]
    if plan.is_draft:
        parts.append("draft")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=False, filename="-".join(parts) + ".pdf"
    )
    summary = _("%(version)s, exercise sheet") % {"version": _version(plan)}
    audit.read(request, plan, action=AuditAction.PDF, summary=summary)
    return response


def _pdf_filename(plan, therapist_copy):
    client = plan.anamnesis.client
    when = timezone.localdate(plan.finalized_at) if plan.finalized_at else timezone.localdate()
    kind = "referral" if plan.is_referral else "plan"
    parts = [kind, slugify(client.last_name) or "client", when.isoformat(), f"v{plan.version}"]
    if plan.is_draft:
        parts.append("draft")
    if therapist_copy:
        parts.append("therapist-copy")
    return "-".join(parts) + ".pdf"


def rules(request):
    """Every rule of the plan engine with its explanation, effect and source, and the thresholds.

    Rendered from the rule table itself, so the page cannot drift from what the engine does.
    """
    return render(
        request,
        "plans/plan/rules.html",
        {"groups": rules_page.rule_groups(), "thresholds": rules_page.thresholds()},
    )
