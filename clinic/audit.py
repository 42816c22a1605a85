"""The audit trail (issue 12): who read or wrote which health record, when, and from where.

Views say what they did, once it is done:

    audit.read(request, plan)                                        # a page showing a record
    audit.read(request, plan, action=AuditAction.PDF, summary=...)   # a download of it
    audit.wrote(request, AuditAction.CHANGED, client, summary=...)   # after the service returned
    audit.noted(request, AuditSubject.CLIENT_LIST, summary=...)      # a page listing clients

and management commands call `audit.by_command(...)`. Sign-in events come from the receivers
below. The events of a request are kept on it and written by the `audit_trail` middleware in a
single INSERT once the view has answered, so auditing costs a page one query. A view that fails
with a server error did not show what it meant to: its reads are dropped, its writes (already
committed by their services) are kept. Without the middleware (a view called directly) each
event is written at once.

An event names its record by kind and ids and copies no names or health data (see AuditEvent).
"""

import csv
import getpass
import ipaddress

from allauth.account.adapter import get_adapter
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clinic.models import AuditAction, AuditEvent, AuditSource, AuditSubject, Client, Membership

PENDING = "_audit_events"
USER_AGENT_LENGTH = AuditEvent._meta.get_field("user_agent").max_length
SUMMARY_LENGTH = AuditEvent._meta.get_field("summary").max_length
USERNAME_LENGTH = AuditEvent._meta.get_field("username").max_length

# The records a view reads or writes, by model; each but the client has a `client`.
SUBJECTS = {
    "clinic.client": AuditSubject.CLIENT,
    "anamnesis.anamnesis": AuditSubject.ANAMNESIS,
    "plans.treatmentplan": AuditSubject.PLAN,
    "plans.treatmentsession": AuditSubject.SESSION,
    "plans.referral": AuditSubject.REFERRAL,
}


def client_address(request):
    """The address a request came from, the one place the app decides it: the address
    django-allauth's sign-in limits count, so the lockout and the audit trail agree.

    REMOTE_ADDR, unless the app runs behind proxies that append to X-Forwarded-For
    (DJANGO_TRUSTED_PROXY_COUNT, 1 with DJANGO_BEHIND_PROXY: the entry the nearest trusted proxy
    saw connect; what comes before it is whatever the client chose to send) or one that sets a
    header of its own (DJANGO_CLIENT_IP_HEADER). Anything that is not an IP address gives None.
    """
    try:
        address = get_adapter(request).get_client_ip(request)
    except (PermissionDenied, ImproperlyConfigured):
        address = None
    return _ip(address)


def _ip(text):
    try:
        return str(ipaddress.ip_address((text or "").strip()))
    except ValueError:
        return None


def _clean(text, length):
    # PostgreSQL stores no NUL character; the text comes from the request as sent.
    return (text or "").replace("\x00", "")[:length]


def _practice_id(user):
    try:
        return user.membership.practice_id
    except (AttributeError, Membership.DoesNotExist):
        return None


def about(record):
    """The columns naming `record`: its kind, id, client and practice."""
    subject = SUBJECTS[record._meta.label_lower]
    client = record if subject == AuditSubject.CLIENT else record.client
    return {
        "subject": subject,
        "object_id": record.pk,
        "client_id": client.pk,
        "practice_id": client.practice_id,
    }


def _event(request, action, *, user=None, summary="", **columns):
    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    if user is not None:
        columns["username"] = user.get_username()
        columns.setdefault("practice_id", _practice_id(user))
    if request is not None:
        columns.setdefault("ip_address", client_address(request))
        columns["user_agent"] = _clean(request.META.get("HTTP_USER_AGENT"), USER_AGENT_LENGTH)
    columns["username"] = _clean(columns.get("username"), USERNAME_LENGTH)
    return AuditEvent(action=action, user=user, summary=str(summary)[:SUMMARY_LENGTH], **columns)


# What only shows data: dropped if the request then fails with a server error.
READS = frozenset({AuditAction.VIEWED, AuditAction.PDF, AuditAction.EXPORTED})


def _keep(request, event):
    pending = getattr(request, PENDING, None) if request is not None else None
    if pending is None:
        event.save()
    else:
        pending.append(event)


def read(request, record, *, action=AuditAction.VIEWED, summary=""):
    """`request` showed `record` (a page, a PDF, an export)."""
    _keep(request, _event(request, action, summary=summary, **about(record)))


def wrote(request, action, record, *, summary=""):
    """`request` changed `record`: call it once the service has returned."""
    _keep(request, _event(request, action, summary=summary, **about(record)))


def noted(request, subject, *, action=AuditAction.VIEWED, summary=""):
    """`request` did something in the user's practice that is not about one client's record:
    showed a list of clients, changed the practice settings, exported the audit trail."""
    _keep(request, _event(request, action, subject=subject, summary=summary))


def by_command(action, record, *, summary="", using=None):
    """A management command read or wrote `record`: no request, no app user; the operating
    system account that ran it stands as who. Without a record (a backup of every practice),
    `action` and `summary` say what was done with the whole installation."""
    try:
        username = getpass.getuser()
    except (OSError, KeyError):
        username = ""
    what = about(record) if record is not None else {"subject": AuditSubject.BACKUP}
    AuditEvent.objects.using(using).create(
        action=action,
        source=AuditSource.COMMAND,
        username=_clean(username, USERNAME_LENGTH),
        summary=str(summary)[:SUMMARY_LENGTH],
        **what,
    )


def start(request):
    setattr(request, PENDING, [])


def flush(request, response):
    """Write the request's events in one INSERT; after a server error, only its writes."""
    pending = getattr(request, PENDING, None) or []
    setattr(request, PENDING, None)
    failed = response.status_code >= 500
    events = [event for event in pending if not (failed and event.action in READS)]
    if events:
        AuditEvent.objects.bulk_create(events)


# Sign-in events. Django's signals are connected in ClinicConfig.ready(); the others are written
# so that wiring them is one line each, with the libraries' own signals:
#     axes.signals.user_locked_out.connect(audit.on_locked_out)
#     allauth.mfa.signals.authenticator_added.connect(audit.on_factor_added)
#     allauth.mfa.signals.authenticator_removed.connect(audit.on_factor_removed)
#     allauth.mfa.signals.authenticator_reset.connect(audit.on_factor_reset)


def _account(request, action, *, user=None, username="", summary="", ip_address=None):
    columns = {"subject": AuditSubject.ACCOUNT, "username": username}
    if user is not None:
        columns["object_id"] = user.pk
    elif username:
        # No user signed in: the practice of the account the attempt was made on, if any.
        columns["practice_id"] = (
            Membership.objects.filter(user__username=username)
            .values_list("practice_id", flat=True)
            .first()
        )
    if request is None:
        columns["ip_address"] = _ip(ip_address)
    _keep(request, _event(request, action, user=user, summary=summary, **columns))


def on_signed_in(sender, request=None, user=None, **kwargs):
    """django.contrib.auth.signals.user_logged_in"""
    _account(request, AuditAction.SIGNED_IN, user=user)


def on_signed_out(sender, request=None, user=None, **kwargs):
    """django.contrib.auth.signals.user_logged_out (`user` is None if nobody was signed in)"""
    if user is not None:
        _account(request, AuditAction.SIGNED_OUT, user=user)


def on_sign_in_failed(sender, credentials=None, request=None, **kwargs):
    """django.contrib.auth.signals.user_login_failed: no user, the username as typed."""
    username = str((credentials or {}).get("username", ""))
    _account(request, AuditAction.SIGN_IN_FAILED, username=_clean(username, USERNAME_LENGTH))


def on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    """clinic.signals.sign_in_locked_out(request, username): sign-in refused by the lockout."""
    _account(
        request,
        AuditAction.LOCKED_OUT,
        username=_clean(username, USERNAME_LENGTH),
        ip_address=ip_address,
    )


def _factor(request, action, user, authenticator):
    kind = getattr(authenticator, "type", "") or ""
    _account(request, action, user=user, summary=str(kind))


def on_factor_added(sender, request=None, user=None, authenticator=None, **kwargs):
    """allauth.mfa.signals.authenticator_added(request, user, authenticator)"""
    _factor(request, AuditAction.FACTOR_ADDED, user, authenticator)


def on_factor_removed(sender, request=None, user=None, authenticator=None, **kwargs):
    """allauth.mfa.signals.authenticator_removed(request, user, authenticator)"""
    _factor(request, AuditAction.FACTOR_REMOVED, user, authenticator)


def on_factor_reset(sender, request=None, user=None, authenticator=None, **kwargs):
    """allauth.mfa.signals.authenticator_reset(request, user, authenticator): recovery codes
    generated anew."""
    _factor(request, AuditAction.FACTOR_RESET, user, authenticator)


# Reading the trail: the practice admin's page and its CSV export.

CSV_HEADER = [
    _("When"),
    _("Username"),
    _("Action"),
    _("Record"),
    _("Record id"),
    _("Client id"),
    _("Client"),
    _("Detail"),
    _("Address"),
    _("Browser"),
    _("Source"),
]
# A cell a spreadsheet would read as a formula is written as text (CSV injection): the browser
# string and the username of a failed sign-in are whatever was sent.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def client_names(practice, ids):
    """{client id: full name} of those clients of `practice` that still exist."""
    clients = Client.objects.for_practice(practice).filter(pk__in=ids)
    return {
        pk: f"{first} {last}"
        for pk, first, last in clients.values_list("pk", "first_name", "last_name")
    }


def _cell(value):
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


class _Echo:
    def write(self, value):
        return value


def csv_lines(events, names):
    """The CSV of `events` line by line, for a streamed download; `names` as client_names()."""
    writer = csv.writer(_Echo())
    # A byte-order mark, so that spreadsheet programs read the file as UTF-8.
    yield "\ufeff" + writer.writerow([_cell(str(title)) for title in CSV_HEADER])
    for event in events.iterator(chunk_size=2000):
        yield writer.writerow(
            _cell(value)
            for value in (
                timezone.localtime(event.at).isoformat(timespec="seconds"),
                event.username,
                event.get_action_display(),
                event.get_subject_display(),
                event.object_id,
                event.client_id,
                names.get(event.client_id, ""),
                event.summary,
                event.ip_address,
                event.user_agent,
                event.get_source_display(),
            )
        )
