import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clinic.folding import fold
from clinic.submit_once import submission_column, submitted_once
from plans.engine import limits


class Practice(models.Model):
    name = models.CharField(_("name"), max_length=200)
    address = models.TextField(_("address"), max_length=limits.ADDRESS, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    logo = models.ImageField(
        _("logo"),
        upload_to="logos/",
        blank=True,
        help_text=_("Printed in the letterhead of plans and letters. PNG or JPEG."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        ordering = ["name"]

    def __str__(self):
        return self.name


class PracticeScopedQuerySet(models.QuerySet):
    """Base for every record that belongs to a practice: one way to scope reads."""

    practice_field = "practice"

    def for_practice(self, practice):
        return self.filter(**{self.practice_field: practice})


class MembershipQuerySet(PracticeScopedQuerySet):
    def active(self):
        return self.filter(user__is_active=True)

    def admins(self):
        return self.filter(role=Membership.Role.ADMIN)


class Membership(models.Model):
    """Ties a user to exactly one practice, with a role in it.

    Accounts are deactivated, never deleted: the records they wrote keep their author."""

    class Role(models.TextChoices):
        THERAPIST = "therapist", _("Therapist")
        ADMIN = "admin", _("Practice admin")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="membership",
        verbose_name=_("user"),
    )
    practice = models.ForeignKey(
        Practice,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("practice"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.THERAPIST)
    qualification = models.CharField(
        _("qualification"),
        max_length=200,
        blank=True,
        help_text=_(
            "As the therapist signs letters to physicians, e.g. “Physiotherapist, BSc” or "
            "“Certified massage therapist”."
        ),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.user} @ {self.practice} ({self.get_role_display()})"

    @property
    def is_admin(self):
        return self.role == self.Role.ADMIN


class ClientQuerySet(PracticeScopedQuerySet):
    # A restricted record (GDPR art. 18) is in no list: it is reached by its address alone.
    def active(self):
        return self.filter(archived_at__isnull=True, restricted_at__isnull=True)

    def archived(self):
        return self.filter(archived_at__isnull=False, restricted_at__isnull=True)

    def restricted(self):
        return self.filter(restricted_at__isnull=False)

    def same_person(self, *, first_name, last_name, date_of_birth):
        return self.filter(
            first_name__iexact=first_name.strip(),
            last_name__iexact=last_name.strip(),
            date_of_birth=date_of_birth,
        )

    def search(self, query):
        """Match every word of `query` against the name, or a whole date against the birth date."""
        # NUL cannot be stored in (or compared with) PostgreSQL text.
        query = (query or "").replace("\x00", "").strip()
        if not query:
            return self
        born = parse_birth_date(query)
        if born is not None:
            return self.filter(date_of_birth=born)
        for word in query.split():
            self = self.filter(search_name__contains=fold(word))
        return self


BIRTH_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y")


def parse_birth_date(text):
    for fmt in BIRTH_DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


class Client(models.Model):
    class Sex(models.TextChoices):
        # The codes are the plan contract's `client.sex` vocabulary.
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        DIVERSE = "diverse", _("Diverse")
        UNKNOWN = "unknown", _("Not stated")

    practice = models.ForeignKey(
        Practice, on_delete=models.PROTECT, related_name="clients", verbose_name=_("practice")
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=10, choices=Sex, default=Sex.UNKNOWN)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    occupation = models.CharField(_("occupation"), max_length=200, blank=True)
    address = models.TextField(_("address"), max_length=limits.ADDRESS, blank=True)
    referring_physician = models.CharField(_("referring physician"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), max_length=limits.NOTES, blank=True)
    # The name as search compares it (clinic.folding), kept by save(); bulk writes set it too.
    search_name = models.CharField(max_length=201, editable=False, default="")

    # The consent in force, kept by clinic.services.consent_record from the newest ConsentRecord
    # (the history, which is the evidence): the day it was given and who recorded it, or
    # neither when it was never given or has been withdrawn.
    consent_date = models.DateField(
        _("consent to processing health data given on"), null=True, blank=True
    )
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent recorded by"),
    )

    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    # Since when processing is restricted (a restriction or erasure request in force), kept by
    # clinic.services with the ClientRequest rows that say why; None when it is not.
    restricted_at = models.DateTimeField(_("restricted"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submission = submission_column()

    objects = ClientQuerySet.as_manager()

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["last_name", "first_name", "date_of_birth"]
        indexes = [
            models.Index(fields=["practice", "last_name", "first_name"]),
            models.Index(fields=["practice", "date_of_birth"]),
        ]
        constraints = [
            # Consent is a date and the person who recorded it, or neither.
            models.CheckConstraint(
                condition=(
                    Q(consent_date__isnull=True, consent_recorded_by__isnull=True)
                    | Q(consent_date__isnull=False, consent_recorded_by__isnull=False)
                ),
                name="client_consent_date_and_recorder_together",
            ),
            submitted_once("client_submitted_once"),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.search_name = fold(self.full_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"first_name", "last_name"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_name"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("plans:client_detail", args=[self.pk])

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def is_archived(self):
        return self.archived_at is not None

    @property
    def is_restricted(self):
        return self.restricted_at is not None

    @property
    def has_consent(self):
        return self.consent_date is not None

    @property
    def consent_withdrawn(self):
        """The newest consent record is a withdrawal (not merely: never given)."""
        latest = self.consents.order_by("-recorded_at", "-id").first()
        return latest is not None and latest.kind == ConsentRecord.Kind.WITHDRAWN

    @property
    def age(self):
        return self.age_on(timezone.localdate())

    def age_on(self, day):
        """Full years of age on `day`."""
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def require_consent(self):
        """Raise ConsentMissing unless the client consented to the processing of health data."""
        if not self.has_consent:
            raise ConsentMissing(self)

    def require_unrestricted(self):
        """Raise ClientRestricted while a restriction or erasure request is in force."""
        if self.is_restricted:
            raise ClientRestricted(self)


class ConsentMissing(Exception):
    """Health data may not be recorded for a client who has not consented."""

    def __init__(self, client):
        self.client = client
        super().__init__(f"{client.full_name} has not consented to the processing of health data.")


class ClientRestricted(PermissionDenied):
    """The client asked to restrict the processing of their record (or to erase it): it is
    read-only while the request is in force."""

    def __init__(self, client):
        self.client = client
        super().__init__(
            _(
                "The processing of this client's record is restricted (a restriction or erasure "
                "request is in force): it can be read, not changed. A practice admin can lift "
                "the restriction."
            )
        )


class ConsentQuerySet(models.QuerySet):
    def oldest_first(self):
        return self.order_by("recorded_at", "id")


class ConsentRecord(models.Model):
    """One statement about the client's consent (issue 13): given, or withdrawn; on which day,
    what it covers and who recorded it. The history is the evidence and is only appended to: the
    database refuses UPDATE and DELETE (clinic/migrations/0011), except DELETE by the erasure of
    the whole record after its retention period. The newest row is the consent in force, which
    `Client.consent_date` mirrors."""

    class Kind(models.TextChoices):
        GIVEN = "given", _("Given")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Scope(models.TextChoices):
        HEALTH_DATA = "health_data", _("Processing of health data for assessment and treatment")
        PHYSICIAN = (
            "physician",
            _("Exchange with the referring physician (release from confidentiality)"),
        )

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="consents", verbose_name=_("client")
    )
    kind = models.CharField(_("consent"), max_length=10, choices=Kind)
    on = models.DateField(_("date"))
    # Scope codes: what the client agreed to, or withdrew.
    covers = models.JSONField(_("covers"), default=list)
    note = models.CharField(_("note"), max_length=limits.LINE, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    submission = submission_column()

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent history")
        ordering = ["recorded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["given", "withdrawn"]), name="consent_kind_known"
            ),
            submitted_once("consent_submitted_once"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.on:%Y-%m-%d}"

    def covers_words(self):
        return [self.Scope(code).label for code in self.covers if code in self.Scope.values]


class ClientRequest(models.Model):
    """The client asked to restrict the processing of their record (GDPR art. 18) or to erase
    it (art. 17). While a request is in force (not lifted) the record is restricted: read-only
    and in no list. An erasure is carried out when the retention period ends, or before that
    with a recorded legal reason (plans.services.erasure)."""

    class Kind(models.TextChoices):
        RESTRICT = "restrict", _("Restriction of processing")
        ERASE = "erase", _("Erasure")

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="requests", verbose_name=_("client")
    )
    kind = models.CharField(_("request"), max_length=10, choices=Kind)
    reason = models.TextField(_("the client's request"), max_length=limits.ANSWER)
    legal_reason = models.TextField(
        _("legal reason for erasure before the end of retention"),
        max_length=limits.ANSWER,
        blank=True,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lifted by"),
    )
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)

    class Meta:
        verbose_name = _("restriction or erasure request")
        verbose_name_plural = _("restriction and erasure requests")
        ordering = ["recorded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["restrict", "erase"]), name="client_request_kind_known"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="client_request_has_reason"),
            models.CheckConstraint(
                condition=Q(lifted_at__isnull=True, lifted_by__isnull=True)
                | Q(lifted_at__isnull=False, lifted_by__isnull=False),
                name="client_request_lifted_at_and_by_together",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.recorded_at:%Y-%m-%d}"

    @property
    def in_force(self):
        return self.lifted_at is None


class Erasing(models.Model):
    """The mark of an erasure in progress: while a row of this table is visible, the triggers
    that protect signed records let DELETE through (never UPDATE). The erasure service
    (plans.services.erasure) inserts one inside its transaction and removes it before commit,
    so no other transaction ever sees one. The audit trail's triggers ignore it."""

    client_id = models.BigIntegerField()

    class Meta:
        db_table = "clinic_erasing"
        verbose_name = _("erasure in progress")

    def __str__(self):
        return f"erasing client {self.client_id}"


class InvitationQuerySet(PracticeScopedQuerySet):
    def pending(self):
        return self.filter(
            accepted_at__isnull=True, withdrawn_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """A practice admin's one-time link for a new team member to create their account.

    Only a hash of the link's token is stored: the link itself is in the e-mail alone."""

    practice = models.ForeignKey(
        Practice, on_delete=models.PROTECT, related_name="invitations", verbose_name=_("practice")
    )
    email = models.EmailField(_("e-mail"))
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    role = models.CharField(
        _("role"), max_length=20, choices=Membership.Role, default=Membership.Role.THERAPIST
    )
    qualification = models.CharField(_("qualification"), max_length=200, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitation",
        verbose_name=_("account created"),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            # Used once: the moment and the account it made, or neither.
            models.CheckConstraint(
                condition=(
                    Q(accepted_at__isnull=True, accepted_by__isnull=True)
                    | Q(accepted_at__isnull=False, accepted_by__isnull=False)
                ),
                name="invitation_accepted_at_and_by_together",
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(withdrawn_at__isnull=True),
                name="invitation_not_both_accepted_and_withdrawn",
            ),
        ]

    def __str__(self):
        return f"{self.full_name} <{self.email}>"

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()


class AuditEventQuerySet(PracticeScopedQuerySet):
    def newest_first(self):
        return self.order_by("-at", "-id")

    def between(self, first_day=None, last_day=None):
        """Events on the days from `first_day` to `last_day` (local dates, both included)."""
        if first_day is not None:
            self = self.filter(at__gte=_start_of(first_day))
        if last_day is not None:
            self = self.filter(at__lt=_start_of(last_day + datetime.timedelta(days=1)))
        return self


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class AuditAction(models.TextChoices):
    VIEWED = "viewed", _("Viewed")
    CREATED = "created", _("Created")
    CHANGED = "changed", _("Changed")
    COMPLETED = "completed", _("Completed")
    FINALIZED = "finalized", _("Finalized")
    PDF = "pdf", _("Opened as PDF")
    EXPORTED = "exported", _("Exported")
    ARCHIVED = "archived", _("Archived")
    RESTORED = "restored", _("Restored")
    DELETED = "deleted", _("Deleted")
    CONSENT = "consent", _("Consent changed")
    SIGNED_IN = "signed_in", _("Signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
    LOCKED_OUT = "locked_out", _("Locked out")
    SIGNED_OUT = "signed_out", _("Signed out")
    FACTOR_ADDED = "factor_added", _("Second factor added")
    FACTOR_REMOVED = "factor_removed", _("Second factor removed")
    FACTOR_RESET = "factor_reset", _("Recovery codes renewed")
    ALTERED = "altered", _("Altered document refused")
    RESTRICTED = "restricted", _("Restricted")
    LIFTED = "lifted", _("Restriction lifted")


class AuditSubject(models.TextChoices):
    CLIENT = "client", _("Client")
    CLIENT_LIST = "client_list", _("Client list")
    DASHBOARD = "dashboard", _("Today page")
    ANAMNESIS = "anamnesis", _("Anamnesis")
    PLAN = "plan", _("Treatment plan")
    SESSION = "session", _("Session")
    REFERRAL = "referral", _("Referral")
    PRACTICE = "practice", _("Practice settings")
    AUDIT_LOG = "audit_log", _("Audit log")
    ACCOUNT = "account", _("Account")
    BACKUP = "backup", _("Backup of all practices")


class AuditSource(models.TextChoices):
    WEB = "web", _("Web")
    COMMAND = "command", _("Command line")


class AuditEvent(models.Model):
    """One access to a health record, or one sign-in event: who, when, what, which record and
    from which address (issue 12). Written by `clinic.audit`, never by hand.

    Append-only: the database refuses UPDATE and DELETE (clinic/migrations/0004). A row stands on
    its own, so that it outlives what it names: the record it read may be deleted after its
    retention period and the user who acted may leave, and neither may take the row with it or
    be blocked by it. So the record is named by its kind and ids (plain columns, no foreign key)
    and the user by a copy of the username; `user` is kept for joins while the account exists,
    without a database constraint and with DO_NOTHING (SET_NULL would be an UPDATE the table
    refuses). No names or health data are copied into a row: the page that lists them looks the
    client up while the record exists.

    Action and record are not checked against their choices in the database: on SQLite, adding
    a choice would remake the table and drop its protecting triggers; only `clinic.audit`
    writes here.
    """

    Action = AuditAction
    Subject = AuditSubject
    Source = AuditSource

    at = models.DateTimeField(_("when"), db_default=Now())
    practice = models.ForeignKey(
        Practice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("practice"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    # As typed at a failed sign-in, where there may be no such user.
    username = models.CharField(_("username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction)
    subject = models.CharField(_("record"), max_length=20, choices=AuditSubject)
    object_id = models.BigIntegerField(_("record id"), null=True, blank=True)
    # The client whose data it was, by id only (not a foreign key: see the docstring).
    client_id = models.BigIntegerField(_("client id"), null=True, blank=True)
    summary = models.CharField(_("detail"), max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=AuditSource, default=AuditSource.WEB
    )

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["practice", "-at"], name="audit_practice_at"),
            models.Index(fields=["practice", "client_id"], name="audit_practice_client"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username or '-'} {self.action} {self.subject}"
