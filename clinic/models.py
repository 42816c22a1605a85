import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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


class Membership(models.Model):
    """Ties a user to exactly one practice, with a role in it."""

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

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.user} @ {self.practice} ({self.get_role_display()})"

    @property
    def is_admin(self):
        return self.role == self.Role.ADMIN


class PracticeScopedQuerySet(models.QuerySet):
    """Base for every record that belongs to a practice: one way to scope reads."""

    practice_field = "practice"

    def for_practice(self, practice):
        return self.filter(**{self.practice_field: practice})


class ClientQuerySet(PracticeScopedQuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)

    def archived(self):
        return self.filter(archived_at__isnull=False)

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
            self = self.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
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

    def get_absolute_url(self):
        return reverse("plans:client_detail", args=[self.pk])

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def is_archived(self):
        return self.archived_at is not None

    @property
    def has_consent(self):
        return self.consent_date is not None

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


class ConsentMissing(Exception):
    """Health data may not be recorded for a client who has not consented."""

    def __init__(self, client):
        self.client = client
        super().__init__(f"{client.full_name} has not consented to the processing of health data.")
