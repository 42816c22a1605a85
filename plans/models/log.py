"""The treatment log: sessions recorded against a finalized plan, their addenda, and
reassessments against the measures taken at intake (pain, the PSFS activities)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clinic.models import PracticeScopedQuerySet
from clinic.submit_once import submission_column, submitted_once
from plans import outcomes
from plans.engine import limits
from plans.models.plan import TreatmentPlan


class SessionLocked(Exception):
    """A session is edited in place by its author on the day it was recorded; after that,
    corrections are addenda and the original stays as it was."""

    def __init__(self, session=None, message=None):
        self.session = session
        super().__init__(
            message
            or _(
                "A session can be changed only by its author on the day it was recorded. "
                "Add an addendum instead."
            )
        )


class PlanNotFinal(Exception):
    """Sessions are recorded against a finalized plan only."""

    def __init__(self, plan=None):
        self.plan = plan
        super().__init__(_("Sessions are recorded against a finalized plan only."))


class TreatmentSessionQuerySet(PracticeScopedQuerySet):
    practice_field = "plan__anamnesis__client__practice"

    def for_client(self, client):
        return self.filter(plan__anamnesis__client=client)

    def newest_first(self):
        return self.order_by("-date", "-number", "-id")

    def on(self, day):
        return self.filter(date=day)


class Adherence(models.TextChoices):
    """Whether the client did the home exercises since the last visit."""

    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class TreatmentSession(models.Model):
    """One visit recorded against a finalized plan ("session N of M").

    Its author may change it on the day it was recorded (local date); after that `save()`
    refuses and corrections are `SessionAddendum` rows, so the original stays as written.
    `techniques` is a list of {"code", "regions"} with the plan contract's codes.
    `exercises_done` says whether the client did the home exercises since the last visit (empty:
    not asked, a plan without exercises); `exercises_hurt` lists the EXERCISE codes that hurt.
    """

    plan = models.ForeignKey(
        TreatmentPlan, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("plan")
    )
    number = models.PositiveSmallIntegerField(_("session number"))
    date = models.DateField(_("date"))
    minutes = models.PositiveSmallIntegerField(_("minutes"))
    techniques = models.JSONField(_("techniques applied"), default=list, blank=True)
    pressure = models.CharField(_("pressure"), max_length=10, blank=True)
    pain_before = models.PositiveSmallIntegerField(_("pain before"))
    pain_after = models.PositiveSmallIntegerField(_("pain after"), null=True, blank=True)
    response = models.TextField(_("client's response"), max_length=limits.NOTES, blank=True)
    subjective = models.TextField(_("subjective"), max_length=limits.NOTES, blank=True)
    objective = models.TextField(_("objective"), max_length=limits.NOTES, blank=True)
    assessment = models.TextField(_("assessment"), max_length=limits.NOTES, blank=True)
    next_steps = models.TextField(_("plan (SOAP)"), max_length=limits.NOTES, blank=True)
    exercises_done = models.CharField(
        _("did the home exercises"), max_length=6, choices=Adherence, blank=True
    )
    exercises_hurt = models.JSONField(_("exercises that hurt"), default=list, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    submission = submission_column()

    objects = TreatmentSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("treatment session")
        verbose_name_plural = _("treatment sessions")
        ordering = ["plan", "number"]
        indexes = [models.Index(fields=["date"])]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="session_number_per_plan"),
            submitted_once("session_submitted_once"),
            models.CheckConstraint(condition=Q(number__gte=1), name="session_number_from_1"),
            models.CheckConstraint(condition=Q(pain_before__lte=10), name="session_pain_0_10"),
            models.CheckConstraint(
                condition=Q(pain_after__lte=10) | Q(pain_after__isnull=True),
                name="session_pain_after_0_10",
            ),
            models.CheckConstraint(
                condition=Q(exercises_done__in=["", *Adherence.values]),
                name="session_exercises_done_known",
            ),
        ]

    def __str__(self):
        return str(_("Session %(number)s of plan %(plan)s")) % {
            "number": self.number,
            "plan": self.plan_id,
        }

    def save(self, *args, **kwargs):
        if self.pk is None:
            status = TreatmentPlan.objects.filter(pk=self.plan_id).values_list("status").first()
            if status is None or status[0] == TreatmentPlan.Status.DRAFT:
                raise PlanNotFinal(self.plan)
        elif not self.editable_today:
            raise SessionLocked(self)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("plans:session_detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        raise SessionLocked(self, _("A recorded session is never deleted."))

    @property
    def client(self):
        return self.plan.anamnesis.client

    @property
    def recorded_on(self):
        return timezone.localdate(self.created_at)

    @property
    def editable_today(self):
        """Still the day it was recorded (local date): its author may change it in place."""
        return self.recorded_on == timezone.localdate()

    def editable_by(self, user):
        return self.editable_today and self.author_id == user.pk


class SessionAddendum(models.Model):
    """A later correction or note to a session; the session itself is kept as written."""

    session = models.ForeignKey(
        TreatmentSession,
        on_delete=models.PROTECT,
        related_name="addenda",
        verbose_name=_("session"),
    )
    text = models.TextField(_("addendum"), max_length=limits.NOTES)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    submission = submission_column()

    class Meta:
        verbose_name = _("session addendum")
        verbose_name_plural = _("session addenda")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="addendum_has_text"),
            submitted_once("addendum_submitted_once"),
        ]

    def __str__(self):
        return f"{self.session_id}: {self.text[:40]}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise SessionLocked(self.session, _("An addendum is never changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise SessionLocked(self.session, _("An addendum is never deleted."))


class Reassessment(models.Model):
    """Pain and PSFS at a reassessment session, compared with the baseline of the anamnesis.

    `ratings` holds one {"activity", "name", "baseline", "rating"} per PSFS activity; the
    verdicts are `plans.outcomes` codes (improved | unchanged | worse), empty when there was
    nothing to compare with.
    """

    session = models.OneToOneField(
        TreatmentSession,
        on_delete=models.PROTECT,
        related_name="reassessment",
        verbose_name=_("session"),
    )
    pain_baseline = models.PositiveSmallIntegerField(_("pain at intake"), null=True, blank=True)
    pain_now = models.PositiveSmallIntegerField(_("pain now"))
    ratings = models.JSONField(_("PSFS ratings"), default=list, blank=True)
    pain_verdict = models.CharField(_("pain"), max_length=10, blank=True)
    psfs_verdict = models.CharField(_("function (PSFS)"), max_length=10, blank=True)
    verdict = models.CharField(_("verdict"), max_length=10)

    class Meta:
        verbose_name = _("reassessment")
        verbose_name_plural = _("reassessments")
        constraints = [
            models.CheckConstraint(condition=Q(pain_now__lte=10), name="reassessment_pain_0_10"),
        ]

    def __str__(self):
        return f"{self.session}: {self.verdict}"

    @property
    def improved(self):
        return self.verdict == outcomes.IMPROVED

    @property
    def psfs_baseline_mean(self):
        return outcomes.psfs_mean(r["baseline"] for r in self.ratings) if self.ratings else None

    @property
    def psfs_now_mean(self):
        return outcomes.psfs_mean(r["rating"] for r in self.ratings) if self.ratings else None


def _side_values_in_range():
    """Both sides inside the range of the test's unit (`outcomes.SIDE_COMPARISON_RANGE`)."""
    condition = Q()
    for unit, (low, high) in outcomes.SIDE_COMPARISON_RANGE.items():
        condition |= Q(unit=unit, left__gte=low, left__lte=high, right__gte=low, right__lte=high)
    return condition


class ReassessmentSideComparison(models.Model):
    """A side-comparison test from the intake measured again at a reassessment.

    The test's name and unit and the intake's values are copied, so the reassessment reads on
    its own like its PSFS `ratings`. Only tests measured on both sides are stored.
    """

    reassessment = models.ForeignKey(
        Reassessment,
        on_delete=models.CASCADE,
        related_name="side_comparisons",
        verbose_name=_("reassessment"),
    )
    test = models.CharField(_("test"), max_length=200)
    unit = models.CharField(_("unit"), max_length=10, blank=True)
    baseline_left = models.FloatField(_("left at intake"), null=True, blank=True)
    baseline_right = models.FloatField(_("right at intake"), null=True, blank=True)
    left = models.FloatField(_("left"))
    right = models.FloatField(_("right"))

    class Meta:
        verbose_name = _("side comparison at a reassessment")
        verbose_name_plural = _("side comparisons at reassessments")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["reassessment", "test", "unit"], name="reassessment_side_test_once"
            ),
            models.CheckConstraint(condition=~Q(test=""), name="reassessment_side_test_named"),
            models.CheckConstraint(
                condition=_side_values_in_range(), name="reassessment_side_values_in_range"
            ),
        ]

    def __str__(self):
        return f"{self.test}: {self.left:g} / {self.right:g}"

    @property
    def difference(self):
        """Left minus right, as the intake's `SideComparison.difference`."""
        return round(self.left - self.right, 2)

    @property
    def baseline_difference(self):
        if self.baseline_left is None or self.baseline_right is None:
            return None
        return round(self.baseline_left - self.baseline_right, 2)
