"""The client's page: the record card, "before this visit", the pain chart and the timeline;
two anamneses side by side; the progress report.

These pages compose everything about a client (records, anamneses, plans, sessions), so they live
in `plans`, which may see every app. Every object is fetched through `clinic.scoping`.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _

from anamnesis.contract import anamnesis_to_contract
from anamnesis.models import Anamnesis
from clinic import audit
from clinic.models import AuditAction
from clinic.scoping import get_client_for, scoped
from plans import labels
from plans.history.client_history import (
    KINDS,
    ClientHistory,
    history_url,
)
from plans.history.compare import changed_count, compare_contracts
from plans.history.report import progress_context, render_progress_pdf
from plans.models import Referral
from plans.views.documents import refuses_oversized_documents
from plans.views.records import may_copy

# The newest entries of the timeline; "Show all" lists the rest (the chart always shows all).
TIMELINE_FIRST = 40


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
    audit.read(request, client, summary=_("record and history"))
    return render(
        request,
        "plans/client/client_history.html",
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
            **labels.startback_words(startback),
            "completed_anamneses": [a for a in history.anamneses if a.is_completed],
            "may_copy": may_copy(request, client),
            "open_referrals": [
                {"referral": r, "urgency_name": labels.URGENCY[r.urgency], "age": r.age_days()}
                for r in scoped(request, Referral.objects).for_client(client).open().oldest_first()
            ],
        },
    )


def client_compare(request, pk):
    """Two anamneses of the client side by side, the changes highlighted."""
    client = get_client_for(request, pk)
    anamneses = list(scoped(request, Anamnesis.objects).filter(client=client).newest_first())
    by_id = {str(a.pk): a for a in anamneses}
    a = by_id.get(request.GET.get("a", ""))
    b = by_id.get(request.GET.get("b", ""))
    if a is None and b is None and len(anamneses) >= 2:
        b, a = anamneses[0], anamneses[1]  # the newest against the one before
    sections = []
    if a is not None and b is not None:
        sections = compare_contracts(anamnesis_to_contract(a), anamnesis_to_contract(b))
        summary = _("anamneses %(a)s and %(b)s side by side") % {"a": a.pk, "b": b.pk}
    else:
        summary = _("anamnesis comparison")
    audit.read(request, client, summary=summary)
    return render(
        request,
        "plans/client/compare.html",
        {
            "client": client,
            "anamneses": anamneses,
            "a": a,
            "b": b,
            "sections": sections,
            "changed": changed_count(sections),
        },
    )


@refuses_oversized_documents
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
    audit.read(request, client, action=AuditAction.PDF, summary=_("progress report"))
    return response
