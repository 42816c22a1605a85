"""Writes on client records, shared by the views, the admin and the management commands."""

from django.db import transaction
from django.utils import timezone

from clinic.models import Client, ClientRequest, ConsentMissing, ConsentRecord


@transaction.atomic
def client_save(*, form, practice, by):
    """Save a client form for `practice`. A new client's consent, when the form records one,
    is the first record of the consent history."""
    client = form.save(commit=False)
    client.practice = practice
    new = client.pk is None
    if new:
        client.submission = form.cleaned_data.get("submission")
    else:
        client.require_unrestricted()
    client.save()
    consent = form.consent() if new else None
    if consent is not None:
        day, covers = consent
        consent_record(client=client, kind=ConsentRecord.Kind.GIVEN, on=day, by=by, covers=covers)
        client.refresh_from_db()
    return client


def client_archive(*, client):
    client.require_unrestricted()
    if client.archived_at is None:
        client.archived_at = timezone.now()
        client.save(update_fields=["archived_at", "updated_at"])
    return client


def client_restore(*, client):
    client.require_unrestricted()
    if client.archived_at is not None:
        client.archived_at = None
        client.save(update_fields=["archived_at", "updated_at"])
    return client


@transaction.atomic
def consent_record(*, client, kind, on, by, covers=(), note="", submission=None):
    """Append a consent record (given or withdrawn) to the client's history and make it the
    consent in force. A withdrawal withdraws what the consent in force covered."""
    client = Client.objects.select_for_update().get(pk=client.pk)
    client.require_unrestricted()
    if kind == ConsentRecord.Kind.WITHDRAWN:
        if not client.has_consent:
            raise ConsentMissing(client)
        latest = client.consents.order_by("-recorded_at", "-id").first()
        covers = latest.covers if latest else [ConsentRecord.Scope.HEALTH_DATA]
    else:
        covers = sorted({ConsentRecord.Scope.HEALTH_DATA, *covers})
    record = ConsentRecord.objects.create(
        client=client,
        kind=kind,
        on=on,
        covers=list(covers),
        note=note,
        recorded_by=by,
        submission=submission,
    )
    given = kind == ConsentRecord.Kind.GIVEN
    client.consent_date = on if given else None
    client.consent_recorded_by = by if given else None
    client.save(update_fields=["consent_date", "consent_recorded_by", "updated_at"])
    return record


@transaction.atomic
def client_request_record(*, client, kind, reason, by, legal_reason=""):
    """Record a restriction or erasure request: the record is restricted from now on."""
    client = Client.objects.select_for_update().get(pk=client.pk)
    request = ClientRequest.objects.create(
        client=client, kind=kind, reason=reason, legal_reason=legal_reason, recorded_by=by
    )
    if client.restricted_at is None:
        client.restricted_at = request.recorded_at
        client.save(update_fields=["restricted_at", "updated_at"])
    return request


@transaction.atomic
def client_restriction_lift(*, client, by):
    """Lift every request in force (the client withdrew it, or it was settled): the record is
    writable and listed again. The requests stay on record."""
    client = Client.objects.select_for_update().get(pk=client.pk)
    now = timezone.now()
    lifted = client.requests.filter(lifted_at__isnull=True).update(lifted_at=now, lifted_by=by)
    client.restricted_at = None
    client.save(update_fields=["restricted_at", "updated_at"])
    return lifted
