"""The end of a client's record (issue 13): the retention period, and the erasure of everything
of the client once it is over, or before that for a recorded legal reason.

A health record is kept for `CLINIC_RETENTION_YEARS` (10 in Germany, BGB 630f) after the last
treatment: the latest session date, plan finalization or intake (`taken_at`); a client without
any counts from the day the record was created. `manage.py retention` lists what is due and,
with `--delete`, erases it; a practice admin erases early on the client's page, given the legal
reason recorded with an erasure request.

An erasure deletes every record of the client, the signed ones too (finalized plans, archived
PDFs, addenda, referrals and outcomes, locked anamneses, consent records), in one transaction.
The database refuses those deletes except inside an erasure: the `clinic.Erasing` mark, visible
to this transaction alone, lets the triggers pass DELETE (clinic/migrations/0010). What the
records counted stays in the practice's figures (`PracticeOutcomeTally`); what stays of the
client is the audit trail's rows, and the one the caller writes for the erasure (counts per
kind, no names).
"""

import contextlib
import dataclasses
import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import DateField, OuterRef, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from anamnesis.models import Anamnesis
from clinic.models import Client, ClientRequest, Erasing
from plans.history.figures import client_figures
from plans.models import (
    Clearance,
    PlanDocument,
    PracticeOutcomeTally,
    Reassessment,
    Referral,
    ReferralOutcome,
    SessionAddendum,
    TreatmentPlan,
    TreatmentSession,
)

# How the audit row names what was deleted: (model label, short name), in this order.
KINDS = (
    ("clinic.client", "client"),
    ("clinic.consentrecord", "consent"),
    ("clinic.clientrequest", "request"),
    ("anamnesis.anamnesis", "anamnesis"),
    ("anamnesis.complaintregion", "region"),
    ("anamnesis.priorinjury", "injury"),
    ("anamnesis.sidecomparison", "side"),
    ("anamnesis.triggerpoint", "trigger"),
    ("anamnesis.psfsactivity", "psfs"),
    ("plans.treatmentplan", "plan"),
    ("plans.plandocument", "pdf"),
    ("plans.planevent", "event"),
    ("plans.safetyremoval", "removal"),
    ("plans.treatmentsession", "session"),
    ("plans.sessionaddendum", "addendum"),
    ("plans.reassessment", "reassessment"),
    ("plans.referral", "referral"),
    ("plans.referraloutcome", "outcome"),
    ("plans.clearance", "clearance"),
)


class ErasureRefused(Exception):
    """The retention period still runs and no erasure request gives a legal reason."""


def retention_years():
    return settings.CLINIC_RETENTION_YEARS


def years_after(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February, in a year without one
        return datetime.date(day.year + years, 3, 1)


@dataclasses.dataclass(frozen=True)
class Retention:
    client: Client
    last_treatment: datetime.date
    due_since: datetime.date

    def is_due(self, today=None):
        return self.due_since <= (today or timezone.localdate())


def _latest(queryset, field):
    return Subquery(queryset.order_by(f"-{field}").values(field)[:1])


def with_last_treatment(clients):
    """`clients` with the last day of each one's treatment: `last_session`, `last_final` and
    `last_intake` (local dates, None without one)."""
    tz = timezone.get_current_timezone()
    sessions = TreatmentSession.objects.filter(plan__anamnesis__client=OuterRef("pk"))
    finals = TreatmentPlan.objects.filter(
        anamnesis__client=OuterRef("pk"), finalized_at__isnull=False
    ).annotate(day=TruncDate("finalized_at", tzinfo=tz))
    intakes = Anamnesis.objects.filter(client=OuterRef("pk")).annotate(
        day=TruncDate("taken_at", tzinfo=tz)
    )
    return clients.annotate(
        last_session=_latest(sessions, "date"),
        last_final=Subquery(finals.order_by("-day").values("day")[:1], output_field=DateField()),
        last_intake=Subquery(intakes.order_by("-day").values("day")[:1], output_field=DateField()),
    )


def retention_of(client, years=None):
    """When `client` was last treated and since when their record is due for erasure."""
    if not hasattr(client, "last_session"):
        client = with_last_treatment(Client.objects.filter(pk=client.pk)).get()
    days = [d for d in (client.last_session, client.last_final, client.last_intake) if d]
    last = max(days) if days else timezone.localdate(client.created_at)
    return Retention(client, last, years_after(last, years or retention_years()))


def due_for_erasure(*, practice=None, today=None, years=None):
    """The clients whose retention period is over, by practice and oldest due first."""
    today = today or timezone.localdate()
    clients = Client.objects.select_related("practice")
    if practice is not None:
        clients = clients.for_practice(practice)
    rows = (retention_of(c, years) for c in with_last_treatment(clients).iterator())
    due = [row for row in rows if row.is_due(today)]
    return sorted(due, key=lambda r: (r.client.practice.name, r.client.practice_id, r.due_since))


def erasure_ground(client, *, today=None):
    """Why `client` may be erased now: "retention" (its period is over), "legal reason" (an
    erasure request in force gives one), or None."""
    if retention_of(client).is_due(today):
        return "retention"
    if (
        client.requests.filter(kind=ClientRequest.Kind.ERASE, lifted_at__isnull=True)
        .exclude(legal_reason="")
        .exists()
    ):
        return "legal reason"
    return None


@contextlib.contextmanager
def _erasing(client):
    """Inside this block, in this transaction only, the protecting triggers let DELETE pass."""
    mark = Erasing.objects.create(client_id=client.pk)
    try:
        yield
    finally:
        Erasing.objects.filter(pk=mark.pk).delete()


def _newest_first(queryset):
    """Delete a chain of versions one by one, newest first: each version protects the one it
    follows (`previous`, `supersedes`)."""
    counts = {}
    for pk in list(queryset.order_by("-version", "-pk").values_list("pk", flat=True)):
        _add(counts, queryset.model.objects.filter(pk=pk).delete())
    return counts


def _add(counts, deleted):
    for label, n in deleted[1].items():
        counts[label.lower()] = counts.get(label.lower(), 0) + n
    return counts


@transaction.atomic
def client_erase(*, client, today=None):
    """Erase every record of `client`, signed ones included, if the retention period is over or
    an erasure request gives a legal reason (ErasureRefused otherwise). The practice's figures
    keep what the records counted. Returns (ground, {short kind: count}): why, and what was
    deleted; the caller records both in the audit trail (`erasure_summary`)."""
    client = Client.objects.select_for_update().get(pk=client.pk)
    ground = erasure_ground(client, today=today)
    if ground is None:
        raise ErasureRefused(
            _(
                "The retention period of this record runs until %(due)s. Before that it is "
                "erased only with a legal reason recorded with the erasure request."
            )
            % {"due": retention_of(client).due_since.isoformat()}
        )
    PracticeOutcomeTally.add(client.practice, client_figures(client))
    plans = TreatmentPlan.objects.filter(anamnesis__client=client)
    sessions = TreatmentSession.objects.filter(plan__in=plans)
    referrals = Referral.objects.filter(plan__in=plans)
    anamneses = Anamnesis.objects.filter(client=client)
    counts = {}
    with _erasing(client):
        _add(counts, Clearance.objects.filter(anamnesis__in=anamneses).delete())
        _add(counts, Clearance.objects.filter(outcome__referral__in=referrals).delete())
        _add(counts, ReferralOutcome.objects.filter(referral__in=referrals).delete())
        _add(counts, referrals.delete())
        _add(counts, Reassessment.objects.filter(session__in=sessions).delete())
        _add(counts, SessionAddendum.objects.filter(session__in=sessions).delete())
        _add(counts, sessions.delete())
        _add(counts, PlanDocument.objects.filter(plan__in=plans).delete())
        for label, n in _newest_first(plans).items():
            counts[label] = counts.get(label, 0) + n
        for label, n in _newest_first(anamneses).items():
            counts[label] = counts.get(label, 0) + n
        _add(counts, client.consents.all().delete())
        _add(counts, client.requests.all().delete())
        _add(counts, Client.objects.filter(pk=client.pk).delete())
    by_kind = {short: counts.get(label, 0) for label, short in KINDS}
    return ground, {kind: n for kind, n in by_kind.items() if n}


def erasure_summary(ground, counts):
    """The audit row's words: why, and how many of each kind (no names)."""
    return f"{ground}: " + " ".join(f"{kind}={n}" for kind, n in counts.items())
