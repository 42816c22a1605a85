"""Writes on treatment plans, shared by the views, the demo data and the benchmark.

Each service runs in one transaction and records who did what in the plan's audit trail.
"""

import copy

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anamnesis.contract import anamnesis_to_contract
from anamnesis.services import anamnesis_lock
from plans import labels
from plans.document import explanations, safety_net
from plans.document.diff import plan_changes
from plans.document.render import plan_document_context, render_plan_pdf
from plans.engine import draft_plan, exercise_cautions, validate_anamnesis, validate_plan
from plans.models import (
    PlanDocument,
    PlanEvent,
    PlanIsFinal,
    Referral,
    SafetyRemoval,
    TreatmentPlan,
)
from plans.services.referral import (
    clearance_summary,
    engine_input,
    referral_record,
    unsaved_referral,
)

# The `because` of an item the therapist added: the therapist's judgement, not a finding.
THERAPIST_REF = "therapist=added"


class PlanInvalid(ValueError):
    """The plan cannot be saved or finalized; `problems` says why, one line each."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class ReasonRequired(PlanInvalid):
    """A safety item of the engine's draft was removed, or an exercise the client's cautions rule
    out was added, without a reason.

    `missing` holds (kind, code) pairs.
    """

    def __init__(self, missing):
        self.missing = list(missing)
        super().__init__(
            [
                (
                    _("Adding “%(item)s” needs a reason.")
                    if kind == SafetyRemoval.Kind.EXERCISE
                    else _("Removing “%(item)s” needs a reason.")
                )
                % {"item": safety_label(kind, code)}
                for kind, code in self.missing
            ]
        )


class DraftExists(PlanInvalid):
    """The anamnesis has an open draft plan already (one at a time); `plan` is it."""

    def __init__(self, plan):
        self.plan = plan
        super().__init__([_("This anamnesis already has a draft plan: continue with it.")])


def safety_label(kind, code):
    if kind == SafetyRemoval.Kind.REFERRAL:
        return _("Referral to a physician")
    if kind == SafetyRemoval.Kind.EXERCISE:
        return _("%(exercise)s (ruled out by the client's cautions)") % {
            "exercise": labels.EXERCISE.get(code, code)
        }
    return str(explanations.AVOID.get(code, {}).get("name", code))


def open_draft(anamnesis):
    """The draft plan of `anamnesis`, or None (there is at most one)."""
    return TreatmentPlan.objects.drafts().filter(anamnesis=anamnesis).first()


def _refuse_second_draft(anamnesis):
    existing = open_draft(anamnesis)
    if existing is not None:
        raise DraftExists(existing)


def _create_draft(**fields):
    """A new draft plan. The database keeps one draft per anamnesis: a draft another request
    stored a moment ago raises DraftExists too, not an IntegrityError."""
    try:
        with transaction.atomic():
            return TreatmentPlan.objects.create(**fields)
    except IntegrityError:
        existing = open_draft(fields["anamnesis"])
        if existing is None:
            raise
        raise DraftExists(existing) from None


@transaction.atomic
def plan_draft(*, anamnesis, author, at=None):
    """A new draft plan from a completed anamnesis, the engine's draft kept exactly as made.

    An anamnesis has one draft plan at a time: if it has one, DraftExists names it. `at` is
    the moment of drafting (now by default; the demo data passes a past one).
    """
    _refuse_second_draft(anamnesis)
    if not anamnesis.is_completed:
        raise PlanInvalid([_("Complete the anamnesis before drafting a plan.")])
    doc, _clearance = engine_input(anamnesis)
    problems = validate_anamnesis(doc)
    if problems:
        raise PlanInvalid(problems)
    engine = draft_plan(doc)
    if engine["decision"] == "screen":
        raise PlanInvalid(
            [
                _(
                    "The red-flag screening is not complete: amend the anamnesis and answer "
                    "every question before drafting a plan."
                )
            ]
        )
    plan = _create_draft(
        anamnesis=anamnesis,
        engine_draft=engine,
        plan=copy.deepcopy(engine),
        created_by=author,
        created_at=at or timezone.now(),
    )
    PlanEvent.objects.create(plan=plan, kind=PlanEvent.Kind.DRAFTED, by=author, at=plan.created_at)
    return plan


def _locked(plan):
    plan = TreatmentPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.is_final:
        raise PlanIsFinal(plan)
    return plan


def ruled_out_exercises(anamnesis):
    """{exercise code: caution codes} of the exercises this anamnesis's cautions rule out."""
    return exercise_cautions(anamnesis_to_contract(anamnesis))


def safety_overrides(engine_draft, plan, *, ruled_out=()):
    """(kind, code) of every safety item in the engine's draft that `plan` no longer has, and of
    every exercise in `plan` that the client's cautions rule out (`ruled_out`, exercise codes)."""
    kept = {item["code"] for item in plan.get("avoid") or []}
    removed = [
        (SafetyRemoval.Kind.AVOID, item["code"])
        for item in engine_draft.get("avoid") or []
        if item["code"] not in kept
    ]
    if engine_draft.get("referral") and not plan.get("referral"):
        removed.append((SafetyRemoval.Kind.REFERRAL, engine_draft["referral"]["urgency"]))
    removed += [
        (SafetyRemoval.Kind.EXERCISE, item["code"])
        for item in plan.get("exercises") or []
        if item["code"] in ruled_out
    ]
    return removed


@transaction.atomic
def plan_update(
    *, plan, by, document, therapist_notes=None, client_instructions=None, reasons=None, at=None
):
    """Save the therapist's version of a draft plan.

    `document` is the edited plan/v2 dict; `reasons` maps (kind, code) of a removed safety item,
    or of an added exercise the client's cautions rule out, to the therapist's reason, which is
    required for every new one. `at` is the
    moment of the edit in the audit trail (now by default).
    """
    at = at or timezone.now()
    plan = _locked(plan)
    problems = validate_plan(document)
    if problems:
        raise PlanInvalid(problems)
    reasons = {key: (text or "").strip() for key, text in (reasons or {}).items()}
    removed = safety_overrides(
        plan.engine_draft, document, ruled_out=ruled_out_exercises(plan.anamnesis)
    )
    recorded = {(r.kind, r.code): r for r in plan.safety_removals.all()}
    missing = [key for key in removed if key not in recorded and not reasons.get(key)]
    if missing:
        raise ReasonRequired(missing)

    detail = plan_changes(plan.plan, document)
    for key in removed:
        reason = reasons.get(key)
        if key in recorded:
            if reason and reason != recorded[key].reason:
                recorded[key].reason = reason
                recorded[key].by = by
                recorded[key].at = at
                recorded[key].save()
        else:
            SafetyRemoval.objects.create(
                plan=plan, kind=key[0], code=key[1], reason=reasons[key], by=by, at=at
            )
            detail.append({"change": "reason", "list": key[0], "code": key[1]})
    for key, removal in recorded.items():
        if key not in removed:  # put back: the reason no longer applies
            removal.delete()

    plan.plan = document
    for field, value in (
        ("therapist_notes", therapist_notes),
        ("client_instructions", client_instructions),
    ):
        if value is not None and value != getattr(plan, field):
            setattr(plan, field, value)
            detail.append({"change": "text", "field": field})
    plan.save()
    if detail:
        PlanEvent.objects.create(plan=plan, kind=PlanEvent.Kind.EDITED, by=by, at=at, detail=detail)
    return plan


def anamnesis_notes(anamnesis):
    """The therapist's notes of the intake that a letter to the physician quotes, by section."""
    return {
        "red_flags": anamnesis.red_flag_notes,
        "complaint": anamnesis.complaint_notes,
        "history": anamnesis.history_notes,
        "cautions": anamnesis.caution_notes,
        "findings": anamnesis.findings_notes,
    }


def plan_referral(plan):
    """The referral a plan's letter shows: the recorded one of a finalized plan, else the one
    it would record now (the recipient prefilled, no advice ticked yet)."""
    try:
        return plan.referral_record
    except Referral.DoesNotExist:
        return unsaved_referral(plan)


def plan_context(*, plan, therapist_copy=False, referral=None):
    """The print context of a saved plan: the one place the web app builds it.

    `referral` (an unsaved Referral) replaces the plan's own for the letter, as finalizing does.
    """
    anamnesis = plan.anamnesis
    client = anamnesis.client
    removals = []
    if therapist_copy:
        removals = [
            {
                "label": safety_label(r.kind, r.code),
                "reason": r.reason,
                "by": r.by.get_full_name() or r.by.get_username(),
            }
            for r in plan.safety_removals.select_related("by")
        ]
    signed = plan.finalized_at
    return plan_document_context(
        plan.plan,
        anamnesis=anamnesis_to_contract(anamnesis),
        client=client,
        practice=client.practice,
        therapist=plan.finalized_by if signed else plan.created_by,
        date=timezone.localdate(signed) if signed else None,
        draft=not plan.is_final,
        version=plan.version,
        reference=plan.reference,
        client_instructions=plan.client_instructions,
        signed_at=timezone.localtime(signed) if signed else None,
        therapist_copy=therapist_copy,
        therapist_notes=plan.therapist_notes if therapist_copy else "",
        removals=removals,
        referral_record=referral or plan_referral(plan),
        anamnesis_notes=anamnesis_notes(anamnesis),
        clearance=clearance_summary(anamnesis),
    )


def sheet_context(*, plan):
    """The print context of the client's referral sheet, or None for a plan that does not
    refer (a routine letter needs no sheet: treatment goes ahead)."""
    referral = plan.plan.get("referral")
    if not plan.is_referral or not referral or referral["urgency"] not in safety_net.WHAT_TO_DO:
        return None
    context = plan_context(plan=plan)
    context["draft"] = False  # what to do now does not wait for the plan to be signed
    context["date"] = timezone.localdate()
    context["sheet"] = safety_net.sheet_context(
        urgency=referral["urgency"],
        red_flags=[
            ref.partition("=")[2] for ref in referral["because"] if ref.startswith("red_flags=")
        ]
        + list(plan.anamnesis.red_flags),
        emergency_number=settings.EMERGENCY_PHONE_NUMBER,
    )
    return context


@transaction.atomic
def plan_finalize(*, plan, by, at=None, referral=None):
    """Sign the plan: it becomes immutable, its PDF is rendered once and archived with its
    SHA-256, and the anamnesis it came from is locked (amended from now on, never edited).

    A plan that refers (or treats and informs the physician) records its Referral first, and
    the letter in the PDF is rendered from it: `referral` holds the recipient fields and the
    `advice` codes the therapist ticked as given (the client's referring physician and no
    advice by default).

    `at` is the moment of signing (now by default); the demo data passes a past date so the
    archived document and the record agree."""
    plan = _locked(plan)
    problems = validate_plan(plan.plan)
    if problems:
        raise PlanInvalid(problems)
    plan.status = TreatmentPlan.Status.FINAL
    plan.finalized_by = by
    plan.finalized_at = at or timezone.now()
    plan.save()
    referral_record(plan=plan, by=by, at=plan.finalized_at, details=referral)
    document = PlanDocument.of(plan, render_plan_pdf(plan_context(plan=plan)))
    document.save()
    anamnesis_lock(anamnesis=plan.anamnesis, at=plan.finalized_at)
    PlanEvent.objects.create(
        plan=plan,
        kind=PlanEvent.Kind.FINALIZED,
        by=by,
        at=plan.finalized_at,
        detail=[{"change": "archived", "sha256": document.sha256}],
    )
    return plan


@transaction.atomic
def plan_revise(*, plan, by, at=None):
    """A new draft version of a finalized plan; the finalized one is marked superseded.

    Revising a plan that was already superseded returns its newer version instead of forking.
    If the anamnesis has another draft plan open, DraftExists names it (one draft at a time).
    `at` is the moment of the revision (now by default; the demo data passes a past one).
    """
    plan = TreatmentPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.is_superseded:
        return plan.superseded_by
    if not plan.is_final:
        return plan
    _refuse_second_draft(plan.anamnesis)
    at = at or timezone.now()
    revision = _create_draft(
        anamnesis=plan.anamnesis,
        version=plan.version + 1,
        supersedes=plan,
        engine_draft=plan.engine_draft,
        plan=copy.deepcopy(plan.plan),
        therapist_notes=plan.therapist_notes,
        client_instructions=plan.client_instructions,
        created_by=by,
        created_at=at,
    )
    for removal in plan.safety_removals.all():
        SafetyRemoval.objects.create(
            plan=revision,
            kind=removal.kind,
            code=removal.code,
            reason=removal.reason,
            by=removal.by,
            at=removal.at,
        )
    plan.status = TreatmentPlan.Status.SUPERSEDED
    plan.superseded_at = at
    plan.save()
    PlanEvent.objects.create(
        plan=plan,
        kind=PlanEvent.Kind.SUPERSEDED,
        by=by,
        at=at,
        detail=[{"change": "superseded", "by_plan": revision.pk, "version": revision.version}],
    )
    PlanEvent.objects.create(
        plan=revision,
        kind=PlanEvent.Kind.DRAFTED,
        by=by,
        at=at,
        detail=[{"change": "revision", "of_plan": plan.pk, "version": plan.version}],
    )
    return revision
