"""The client's record as a whole (issue 13): the client's copy (GDPR art. 15), restriction
and erasure requests (art. 17/18) and the erasure itself. They span every app, so they live
here on the top floor; every client is fetched through `clinic.scoping`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from clinic import audit
from clinic import services as clinic_services
from clinic.forms import ClientRequestForm
from clinic.models import AuditAction, ClientRequest
from clinic.scoping import admin_membership_for, get_client_for, membership_for
from plans import services
from plans.history.client_copy import client_copy_zip, treats
from plans.views.documents import refuses_oversized_documents

ADMINS_ONLY = _("Only a practice admin can record restriction and erasure requests.")


def may_copy(request, client):
    """A practice admin, or a therapist who treated the client."""
    return membership_for(request).is_admin or treats(request.user, client)


@require_safe
@refuses_oversized_documents
def client_copy(request, pk):
    """The client's copy of their record as a zip file (client_copy.py lists what is in it)."""
    client = get_client_for(request, pk)
    if not may_copy(request, client):
        raise PermissionDenied(
            _("The client's copy is made by a practice admin or a therapist who treated them.")
        )
    data = client_copy_zip(client, by=request.user)
    response = HttpResponse(data, content_type="application/zip")
    name = "-".join(
        ["record", slugify(client.last_name) or "client", timezone.localdate().isoformat()]
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{name}.zip"
    )
    audit.read(request, client, action=AuditAction.EXPORTED, summary=_("client's copy (zip)"))
    return response


def client_requests(request, pk):
    """The client's restriction and erasure requests; record a new one (practice admins)."""
    admin_membership_for(request, ADMINS_ONLY)
    client = get_client_for(request, pk, even_restricted=True)
    form = ClientRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        record = clinic_services.client_request_record(
            client=client,
            kind=form.cleaned_data["kind"],
            reason=form.cleaned_data["reason"],
            legal_reason=form.cleaned_data["legal_reason"],
            by=request.user,
        )
        audit.wrote(
            request,
            AuditAction.RESTRICTED,
            client,
            summary=f"{record.kind} request"
            + (", with legal reason" if record.legal_reason else ""),
        )
        if record.kind == ClientRequest.Kind.ERASE and services.erasure_ground(client):
            messages.warning(request, _("The request was recorded. Confirm the erasure below."))
            return redirect("plans:client_erase", pk=client.pk)
        messages.success(
            request,
            _(
                "The request was recorded: the record is restricted from now on (read-only, in "
                "no list)."
            ),
        )
        return redirect(client)
    audit.read(request, client, summary=_("restriction and erasure"))
    return render(
        request,
        "plans/client/requests.html",
        {
            "client": client,
            "form": form,
            "requests": client.requests.select_related("recorded_by", "lifted_by"),
            "retention": services.retention_of(client),
            "ground": services.erasure_ground(client),
        },
    )


@require_POST
def client_restriction_lift(request, pk):
    admin_membership_for(request, ADMINS_ONLY)
    client = get_client_for(request, pk, even_restricted=True)
    lifted = clinic_services.client_restriction_lift(client=client, by=request.user)
    audit.wrote(request, AuditAction.LIFTED, client, summary=f"{lifted} request(s)")
    messages.success(request, _("The restriction was lifted: the record is writable again."))
    return redirect(client)


def client_erase(request, pk):
    """Confirm, then erase every record of the client (practice admins): once the retention
    period is over, or before that with the legal reason an erasure request records."""
    admin_membership_for(request, _("Only a practice admin can erase a client's record."))
    client = get_client_for(request, pk, even_restricted=True)
    ground = services.erasure_ground(client)
    if ground is None:
        messages.error(
            request,
            _(
                "This record cannot be erased yet: its retention period runs until %(due)s. "
                "Record an erasure request with the legal reason for an erasure before then."
            )
            % {"due": services.retention_of(client).due_since.isoformat()},
        )
        return redirect("plans:client_requests", pk=client.pk)
    if request.method == "POST":
        if request.POST.get("confirm") != "erase":
            messages.error(request, _("Tick the box to confirm the erasure."))
            return redirect("plans:client_erase", pk=client.pk)
        name = client.full_name
        try:
            ground, counts = services.client_erase(client=client)
        except services.ErasureRefused as exc:
            messages.error(request, str(exc))
            return redirect("plans:client_requests", pk=client.pk)
        audit.wrote(
            request, AuditAction.DELETED, client, summary=services.erasure_summary(ground, counts)
        )
        messages.success(request, _("The record of %(name)s was erased.") % {"name": name})
        return redirect("clinic:client_list")
    audit.read(request, client, summary=_("erasure confirmation"))
    return render(
        request,
        "plans/client/erase_confirm.html",
        {
            "client": client,
            "ground": ground,
            "retention": services.retention_of(client),
            "legal_reasons": client.requests.filter(
                kind=ClientRequest.Kind.ERASE, lifted_at__isnull=True
            ).exclude(legal_reason=""),
        },
    )
