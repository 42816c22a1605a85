"""Forms that create a record are submitted once: a double click, a resubmitted page or a retry
after a lost answer records one client, one intake, one session, one addendum, one outcome.

Each such form carries a hidden one-time token (`submission_field`, a fresh UUID whenever the
empty form is shown). The record it creates keeps the token in its `submission` column, unique
where set (`submitted_once`), so the database itself refuses a second record with it. A view
looks for the record of an earlier submission first (`earlier_submission`) and answers with it;
two submissions at the very same moment are settled by the constraint (`create_once`).

A post without a token (a script, an older page) is not deduplicated.
"""

import uuid

from django import forms
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

FIELD = "submission"


class AlreadySubmitted(Exception):
    """This form was submitted before; `record` is what that submission created."""

    def __init__(self, record):
        self.record = record
        super().__init__(f"already submitted: {record!r}")


ALREADY_SENT = _("This form had already been sent: it was recorded once, here.")


def submission_field():
    """The hidden token of a create form: new with every empty form shown, kept when the form
    is shown again with its errors."""
    return forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)


def submission_column():
    return models.UUIDField(_("form submission"), null=True, blank=True, editable=False)


def submitted_once(name):
    """The constraint that makes a token create one record (rows without a token are free)."""
    return models.UniqueConstraint(fields=[FIELD], condition=Q(submission__isnull=False), name=name)


def submission_token(data):
    """The token posted with a form, or None when there is none or it is not a UUID."""
    try:
        return uuid.UUID(str(data.get(FIELD, "")))
    except ValueError:
        return None


def earlier_submission(queryset, data):
    """The record an earlier submission of the same form created, among `queryset` (scoped to
    what the user may see), or None."""
    token = submission_token(data)
    return None if token is None else queryset.filter(**{FIELD: token}).first()


def create_once(queryset, token, create):
    """`create()`, unless a record of `queryset` holds `token`: then AlreadySubmitted. A
    concurrent submission that got there first makes the insert fail on the constraint; that
    is answered the same way."""
    if token is not None:
        earlier = queryset.filter(**{FIELD: token}).first()
        if earlier is not None:
            raise AlreadySubmitted(earlier)
    try:
        with transaction.atomic():
            return create()
    except IntegrityError:
        earlier = None if token is None else queryset.filter(**{FIELD: token}).first()
        if earlier is None:
            raise
        raise AlreadySubmitted(earlier) from None
