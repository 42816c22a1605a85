from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from anamnesis.contract import anamnesis_to_contract
from anamnesis.labels import describe_ref
from anamnesis.models import Anamnesis
from clinic.scoping import get_object_for
from plans import explanations
from plans.engine import draft_plan


def _item(item, words):
    return {
        "code": item["code"],
        "name": words[item["code"]]["name"],
        "regions": item.get("regions", []),
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
    plan = draft_plan(anamnesis_to_contract(anamnesis))
    referral = plan.get("referral")
    return render(
        request,
        "plans/draft_preview.html",
        {
            "anamnesis": anamnesis,
            "client": anamnesis.client,
            "plan": plan,
            "refers": plan["decision"] == "refer",
            "urgency": explanations.URGENCY[referral["urgency"]] if referral else None,
            "referral_reasons": [describe_ref(ref) for ref in referral["because"]]
            if referral
            else [],
            "pressure": explanations.PRESSURE.get(plan.get("pressure")),
            "techniques": [_item(i, explanations.TECHNIQUE) for i in plan["techniques"]],
            "avoid": [_item(i, explanations.AVOID) for i in plan["avoid"]],
            "self_care": [_item(i, explanations.SELF_CARE) for i in plan["self_care"]],
        },
    )
