from django.contrib import messages
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from clinic import audit, services
from clinic.forms import (
    AuditFilterForm,
    ClientForm,
    ClientSearchForm,
    ConsentForm,
    PracticeSettingsForm,
)
from clinic.models import (
    AuditAction,
    AuditEvent,
    AuditSubject,
    Client,
    ConsentMissing,
    ConsentRecord,
)
from clinic.scoping import (
    admin_membership_for,
    get_client_for,
    membership_for,
    practice_for,
    scoped,
)
from clinic.submit_once import ALREADY_SENT, AlreadySubmitted, create_once, earlier_submission

CLIENTS_PER_PAGE = 25
AUDIT_EVENTS_PER_PAGE = 50


def client_list(request):
    form = ClientSearchForm(request.GET or None, admin=membership_for(request).is_admin)
    form.is_valid()
    data = form.cleaned_data if form.is_bound else {}
    query = data.get("q", "")
    show_archived = data.get("archived", False)
    show_restricted = data.get("restricted", False)
    clients = scoped(request, Client.objects)
    if show_restricted:
        clients = clients.restricted()
    else:
        clients = clients.archived() if show_archived else clients.active()
    page = Paginator(clients.search(query), CLIENTS_PER_PAGE).get_page(request.GET.get("page"))
    audit.noted(
        request,
        AuditSubject.CLIENT_LIST,
        summary=_list_summary(page, query, show_archived, show_restricted),
    )
    return render(
        request,
        "clinic/client_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "show_archived": show_archived,
            "show_restricted": show_restricted,
        },
    )


def _list_summary(page, query, show_archived, show_restricted=False):
    parts = [_("page %(number)s") % {"number": page.number}]
    if show_restricted:
        parts.append(_("restricted"))
    elif show_archived:
        parts.append(_("archived"))
    if query:
        # Not the words searched for: they may be a name, and the trail outlives the client.
        parts.append(_("searched"))
    return ", ".join(parts)


def _consent_words(record):
    if record.kind == ConsentRecord.Kind.GIVEN:
        return _("consent given on %(date)s (%(covers)s)") % {
            "date": record.on.isoformat(),
            "covers": ", ".join(record.covers),
        }
    return _("consent withdrawn on %(date)s") % {"date": record.on.isoformat()}


def client_create(request):
    practice = practice_for(request)
    clients = scoped(request, Client.objects)
    earlier = earlier_submission(clients, request.POST) if request.method == "POST" else None
    if earlier is not None:
        messages.info(request, ALREADY_SENT)
        return redirect(earlier)
    form = ClientForm(request.POST or None, practice=practice)
    if request.method == "POST" and form.is_valid():
        try:
            client = create_once(
                clients,
                form.cleaned_data["submission"],
                lambda: services.client_save(form=form, practice=practice, by=request.user),
            )
        except AlreadySubmitted as exc:
            messages.info(request, ALREADY_SENT)
            return redirect(exc.record)
        consent = client.consents.last()
        summary = _consent_words(consent) if consent else ""
        audit.wrote(request, AuditAction.CREATED, client, summary=summary)
        messages.success(request, _("%(name)s was added.") % {"name": client.full_name})
        return redirect(client)
    return render(request, "clinic/client_form.html", {"form": form, "client": None})


def client_edit(request, pk):
    client = get_client_for(request, pk)
    form = ClientForm(request.POST or None, instance=client, practice=client.practice)
    if request.method == "POST" and form.is_valid():
        services.client_save(form=form, practice=client.practice, by=request.user)
        changed = [f for f in form.changed_data if f in ClientForm.Meta.fields]
        audit.wrote(request, AuditAction.CHANGED, client, summary=", ".join(changed))
        messages.success(request, _("Changes to %(name)s were saved.") % {"name": client.full_name})
        return redirect(client)
    audit.read(request, client, summary=_("edit form"))
    return render(request, "clinic/client_form.html", {"form": form, "client": client})


def consent_given(request, pk):
    """Record that the client gave their consent (a new record of the history)."""
    return _consent(request, pk, ConsentRecord.Kind.GIVEN)


def consent_withdrawn(request, pk):
    """Record that the client withdrew their consent: no new intake or session from now on;
    what is on record stays (and is kept for its retention period)."""
    return _consent(request, pk, ConsentRecord.Kind.WITHDRAWN)


def _consent(request, pk, kind):
    client = get_client_for(request, pk)
    withdrawing = kind == ConsentRecord.Kind.WITHDRAWN
    if withdrawing and not client.has_consent:
        messages.info(request, _("No consent is in force: there is nothing to withdraw."))
        return redirect(client)
    records = ConsentRecord.objects.filter(client=client)
    earlier = earlier_submission(records, request.POST) if request.method == "POST" else None
    if earlier is not None:
        messages.info(request, ALREADY_SENT)
        return redirect(client)
    form = ConsentForm(request.POST or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            record = create_once(
                records,
                form.cleaned_data["submission"],
                lambda: services.consent_record(
                    client=client,
                    kind=kind,
                    on=form.cleaned_data["on"],
                    covers=form.cleaned_data.get("covers") or (),
                    note=form.cleaned_data["note"],
                    by=request.user,
                    submission=form.cleaned_data["submission"],
                ),
            )
        except AlreadySubmitted:
            messages.info(request, ALREADY_SENT)
            return redirect(client)
        except ConsentMissing:
            messages.info(request, _("No consent is in force: there is nothing to withdraw."))
            return redirect(client)
        audit.wrote(request, AuditAction.CONSENT, client, summary=_consent_words(record))
        if withdrawing:
            messages.warning(
                request,
                _(
                    "The withdrawal of consent was recorded. No new anamnesis or session can be "
                    "recorded for %(name)s; the records so far are kept for their retention "
                    "period."
                )
                % {"name": client.full_name},
            )
        else:
            messages.success(request, _("The consent was recorded."))
        return redirect(client)
    audit.read(request, client, summary=_("consent form"))
    return render(
        request,
        "clinic/consent_form.html",
        {"form": form, "client": client, "withdrawing": withdrawing},
    )


@require_POST
def client_archive(request, pk):
    client = services.client_archive(client=get_client_for(request, pk))
    audit.wrote(request, AuditAction.ARCHIVED, client)
    messages.success(
        request,
        _("%(name)s was archived. Archived clients are listed under “Show archived clients”.")
        % {"name": client.full_name},
    )
    return redirect(client)


@require_POST
def client_restore(request, pk):
    client = services.client_restore(client=get_client_for(request, pk))
    audit.wrote(request, AuditAction.RESTORED, client)
    messages.success(request, _("%(name)s was restored.") % {"name": client.full_name})
    return redirect(client)


def practice_settings(request):
    """The practice's letterhead details and logo; for practice admins only."""
    membership = admin_membership_for(
        request, _("Only a practice admin can change the practice settings.")
    )
    practice = membership.practice
    form = PracticeSettingsForm(request.POST or None, request.FILES or None, instance=practice)
    if request.method == "POST" and form.is_valid():
        form.save()
        audit.noted(
            request,
            AuditSubject.PRACTICE,
            action=AuditAction.CHANGED,
            summary=", ".join(form.changed_data),
        )
        messages.success(request, _("The practice settings were saved."))
        return redirect("clinic:practice_settings")
    return render(request, "clinic/practice_settings.html", {"form": form, "practice": practice})


def _audit_events(request):
    """The practice admin's practice, the filter form and the events it selects."""
    membership = admin_membership_for(request, _("Only a practice admin can see the audit trail."))
    form = AuditFilterForm(request.GET or None, practice=membership.practice)
    if form.is_bound:
        form.is_valid()
    events = form.filter(scoped(request, AuditEvent.objects).newest_first())
    return membership.practice, form, events


@require_safe
def audit_log(request):
    """Who read or changed which record of the practice, and every sign-in; for practice
    admins only."""
    practice, form, events = _audit_events(request)
    page = Paginator(events.select_related("user"), AUDIT_EVENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    names = audit.client_names(practice, {e.client_id for e in page if e.client_id})
    client_id = form.cleaned_data.get("client_id") if form.is_bound else None
    return render(
        request,
        "clinic/audit_log.html",
        {
            "form": form,
            "page": page,
            "rows": [(event, names.get(event.client_id)) for event in page],
            "filtered": form.is_bound and any(form.cleaned_data.values()),
            "client_name": audit.client_names(practice, [client_id]).get(client_id)
            if client_id
            else None,
            "export_query": request.GET.urlencode(),
        },
    )


@require_safe
def audit_log_csv(request):
    """The filtered audit trail as CSV, streamed; the export is itself an event of the trail."""
    practice, form, events = _audit_events(request)
    if form.is_bound and not form.is_valid():
        return redirect(f"{reverse('clinic:audit_log')}?{request.GET.urlencode()}")
    names = audit.client_names(practice, events.exclude(client_id=None).values("client_id"))
    audit.noted(
        request, AuditSubject.AUDIT_LOG, action=AuditAction.EXPORTED, summary=form.summary()
    )
    response = StreamingHttpResponse(
        audit.csv_lines(events, names), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"audit-trail-{timezone.localdate().isoformat()}.csv"
    )
    return response
