"""Referrals: the letter's recipient and the advice given, recorded when a referring plan is
finalized, and the follow-up until the physician's answer (or its absence) is recorded.

A referral is what the archived letter says: it is never changed or deleted (`save()` refuses,
and so do the database's triggers, plans/migrations/0007). Its outcomes are appended, never
edited: a referral is open until the first one is recorded; the newest one is its state.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clinic.models import PracticeScopedQuerySet
from clinic.submit_once import submission_column, submitted_once
from plans.engine import limits, vocabulary
from plans.models.plan import PlanIsFinal, TreatmentPlan


class ReferralQuerySet(PracticeScopedQuerySet):
    practice_field = "plan__anamnesis__client__practice"

    def open(self):
        return self.filter(outcomes__isnull=True)

    def for_client(self, client):
        return self.filter(plan__anamnesis__client=client)

    def oldest_first(self):
        return self.order_by("created_at", "id")

    def for_page(self):
        return self.select_related("plan__anamnesis__client__practice", "created_by")


class Referral(models.Model):
    """The referral of one finalized plan: to whom the letter went and what the client was told."""

    class Urgency(models.TextChoices):
        EMERGENCY = "emergency", _("Emergency")
        SAME_DAY = "same_day", _("Same day")
        URGENT = "urgent", _("Urgent")
        ROUTINE = "routine", _("Routine")

    class Advice(models.TextChoices):
        # The words complete “The client was advised …” in the letter.
        EMERGENCY_DEPARTMENT_NOW = (
            "emergency_department_now",
            _("to go to an emergency department now, without waiting for an appointment"),
        )
        NOT_DRIVE = "not_drive", _("not to drive themselves there")
        PHYSICIAN_TODAY = "physician_today", _("to see a physician today")
        PHYSICIAN_WITHIN_WEEK = (
            "physician_within_week",
            _("to see a physician within a week, and to have no treatment before"),
        )
        TELL_PHYSICIAN = "tell_physician", _("to show this letter to their physician")
        CALL_EMERGENCY_IF = (
            "call_emergency_if",
            _("to call the emergency number at once if new or worsening symptoms appear"),
        )
        SHEET_GIVEN = (
            "sheet_given",
            _("in writing, with a sheet of what to do and what to watch for"),
        )

    plan = models.OneToOneField(
        TreatmentPlan,
        on_delete=models.PROTECT,
        related_name="referral_record",
        verbose_name=_("plan"),
    )
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency)
    recipient_name = models.CharField(_("recipient"), max_length=200)
    recipient_practice = models.CharField(_("practice or department"), max_length=200, blank=True)
    recipient_address = models.TextField(_("address"), max_length=limits.ADDRESS, blank=True)
    recipient_fax = models.CharField(_("fax"), max_length=50, blank=True)
    # Advice codes (Advice) the therapist ticked as given; only these appear in the letter.
    advice = models.JSONField(_("advice given"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("referred"), default=timezone.now)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(urgency__in=vocabulary.URGENCY), name="referral_urgency_known"
            ),
            models.CheckConstraint(condition=~Q(recipient_name=""), name="referral_has_recipient"),
        ]

    def __str__(self):
        return f"{self.get_urgency_display()} · {self.recipient_name}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PlanIsFinal(
                self.plan, _("A referral is recorded with its letter: never changed.")
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("plans:referral_detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        raise PlanIsFinal(self.plan, _("A referral is recorded with its letter: never deleted."))

    @property
    def client(self):
        return self.plan.anamnesis.client

    @property
    def refers(self):
        """Instead of treatment (emergency, same day, urgent); routine informs while treating."""
        return self.urgency != self.Urgency.ROUTINE

    @property
    def is_pressing(self):
        return self.urgency in (self.Urgency.EMERGENCY, self.Urgency.SAME_DAY)

    def age_days(self, today=None):
        today = today or timezone.localdate()
        return (today - timezone.localdate(self.created_at)).days

    def no_reply_due(self, today=None):
        """“No reply” may be recorded once the referral is this old (REFERRAL_NO_REPLY_DAYS)."""
        return self.age_days(today) >= settings.REFERRAL_NO_REPLY_DAYS

    def advice_words(self):
        return [self.Advice(code).label for code in self.advice if code in self.Advice.values]


class ReferralOutcome(models.Model):
    """What came of a referral, appended by the therapist; never changed or deleted."""

    class Kind(models.TextChoices):
        SEEN = "seen", _("Seen by the physician")
        CLEARED = "cleared", _("Cleared for treatment")
        NOT_CLEARED = "not_cleared", _("Not cleared for treatment")
        NO_REPLY = "no_reply", _("No reply")

    referral = models.ForeignKey(
        Referral, on_delete=models.PROTECT, related_name="outcomes", verbose_name=_("referral")
    )
    kind = models.CharField(_("outcome"), max_length=12, choices=Kind)
    on = models.DateField(_("date"))
    restrictions = models.TextField(
        _("physician's restrictions"), max_length=limits.INSTRUCTIONS, blank=True
    )
    # Caution codes (the anamnesis's vocabulary) that carry the restrictions into an amendment.
    cautions = models.JSONField(_("restrictions as cautions"), default=list, blank=True)
    note = models.TextField(_("note"), max_length=limits.INSTRUCTIONS, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    submission = submission_column()

    class Meta:
        verbose_name = _("referral outcome")
        verbose_name_plural = _("referral outcomes")
        ordering = ["recorded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["seen", "cleared", "not_cleared", "no_reply"]),
                name="referral_outcome_kind_known",
            ),
            # Restrictions belong to a clearance; any other outcome has none.
            models.CheckConstraint(
                condition=Q(kind="cleared") | Q(restrictions=""),
                name="referral_outcome_restrictions_with_clearance",
            ),
            submitted_once("referral_outcome_submitted_once"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.on:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PlanIsFinal(None, _("A referral's outcome is appended, never changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PlanIsFinal(None, _("A referral's outcome is appended, never deleted."))

    @property
    def is_clearance(self):
        return self.kind == self.Kind.CLEARED


class Clearance(models.Model):
    """An intake that follows a physician's clearance, and the red flags the physician assessed.

    The referral asked the physician about these flags; once they cleared the client, the same
    answers on this intake (and its later versions) no longer refer. Any other flag still does.
    """

    outcome = models.ForeignKey(
        ReferralOutcome,
        on_delete=models.PROTECT,
        related_name="intakes",
        verbose_name=_("clearance"),
    )
    anamnesis = models.OneToOneField(
        "anamnesis.Anamnesis",
        on_delete=models.PROTECT,
        related_name="clearance",
        verbose_name=_("anamnesis"),
    )
    # The RED_FLAG codes of the referred intake: what the physician was asked to assess.
    red_flags = models.JSONField(_("red flags assessed"), default=list, blank=True)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("clearance")
        verbose_name_plural = _("clearances")

    def __str__(self):
        return f"{self.outcome} → {self.anamnesis}"
