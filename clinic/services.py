"""Writes on client records, shared by the views, the admin and the management commands."""

from django.db import transaction
from django.utils import timezone


@transaction.atomic
def client_save(*, form, practice, by):
    """Save a client form for `practice`, recording who registered a change of consent."""
    client = form.save(commit=False)
    client.practice = practice
    if client.pk is None:
        client.submission = form.cleaned_data.get("submission")
    if not client.has_consent:
        client.consent_recorded_by = None
    elif "consent_date" in form.changed_data or not client.consent_recorded_by_id:
        client.consent_recorded_by = by
    client.save()
    return client


def client_archive(*, client):
    if client.archived_at is None:
        client.archived_at = timezone.now()
        client.save(update_fields=["archived_at", "updated_at"])
    return client


def client_restore(*, client):
    if client.archived_at is not None:
        client.archived_at = None
        client.save(update_fields=["archived_at", "updated_at"])
    return client
