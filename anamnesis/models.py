"""The anamnesis: the structured intake a therapist records at the first visit.

The fields of the anamnesis/v2 contract that the intake records have a home here (the contract
and what an import leaves out: `anamnesis.contract`). Age and sex are not stored here: the
contract's `client` block comes from the client record. What is filtered or charted is a real
column; the lists are related rows (regions, prior injuries, side comparisons, trigger points) or
ordered JSON lists of contract codes (pain character, causes, red flags, cautions), which keep the
order they were recorded in. The red-flag screening keeps the answers yes (`red_flags`) and no
(`red_flags_absent`); a question in neither list was not asked yet (an intake saved before the
question existed) and is exported as `red_flags_unanswered`. Free-text contract fields are
nullable so that "not asked" (None) and "asked, left empty" ("") stay apart through an import and
export.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anamnesis import labels
from clinic.models import PracticeScopedQuerySet
from clinic.submit_once import submission_column, submitted_once
from plans.engine import limits, vocabulary
from plans.engine.rules import start_back_risk


class AnamnesisQuerySet(PracticeScopedQuerySet):
    practice_field = "client__practice"

    def drafts(self):
        return self.filter(status=Anamnesis.Status.DRAFT)

    def completed(self):
        return self.filter(status=Anamnesis.Status.COMPLETED)

    def locked(self):
        return self.filter(locked_at__isnull=False)

    def with_red_flags(self):
        return self.exclude(red_flags=[])

    def newest_first(self):
        return self.order_by("-taken_at", "-version")


class Anamnesis(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        COMPLETED = "completed", _("Completed")

    client = models.ForeignKey(
        "clinic.Client",
        on_delete=models.PROTECT,
        related_name="anamneses",
        verbose_name=_("client"),
    )
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("taken by"),
    )
    taken_at = models.DateTimeField(_("taken at"), default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    # One amendment per version: the versions of an anamnesis are a chain, never a tree.
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amended_by",
        verbose_name=_("amends"),
    )
    locked_at = models.DateTimeField(
        _("locked"),
        null=True,
        blank=True,
        help_text=_("Set when a plan is finalized from this anamnesis; then it is only amended."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    # The raw form data of an autosave that did not validate, so that no typing is ever lost.
    draft_snapshot = models.JSONField(_("unsaved form data"), null=True, blank=True)
    submission = submission_column()

    # The complaint
    onset_date = models.DateField(_("onset"), null=True, blank=True)
    duration_days = models.PositiveIntegerField(_("days since onset"), null=True, blank=True)
    course = models.CharField(
        _("course"),
        max_length=10,
        choices=labels.choices(vocabulary.COURSE, labels.COURSE),
        blank=True,
    )
    course_overridden = models.BooleanField(_("course set by the therapist"), default=False)
    recurrent = models.BooleanField(_("recurrent"), null=True, blank=True)
    pain_character = models.JSONField(_("pain character"), default=list, blank=True)
    radiation = models.CharField(
        _("radiation"),
        max_length=20,
        choices=labels.choices(vocabulary.RADIATION, labels.RADIATION),
        blank=True,
    )
    pain_now = models.PositiveSmallIntegerField(
        _("pain now"), null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    pain_worst = models.PositiveSmallIntegerField(
        _("pain at worst"), null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    suspected = models.CharField(
        _("suspected condition"),
        max_length=30,
        choices=labels.choices(vocabulary.SUSPECTED, labels.SUSPECTED),
        blank=True,
    )
    causes = models.JSONField(_("causes"), default=list, blank=True)
    aggravating = models.TextField(  # noqa: DJ001
        _("what makes it worse"), max_length=limits.ANSWER, null=True, blank=True
    )
    easing = models.TextField(  # noqa: DJ001
        _("what eases it"), max_length=limits.ANSWER, null=True, blank=True
    )
    complaint_notes = models.TextField(
        _("notes on the complaint"), max_length=limits.FINDINGS, blank=True
    )

    # The client's own goals, in their words, in the order given.
    goals = models.JSONField(_("goals"), default=list, blank=True)

    # Lifestyle
    occupation = models.CharField(_("occupation"), max_length=200, null=True, blank=True)  # noqa: DJ001
    desk_hours_per_day = models.FloatField(
        _("desk hours per day"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )
    exercise_sessions_per_week = models.PositiveSmallIntegerField(
        _("exercise sessions per week"), null=True, blank=True, validators=[MaxValueValidator(21)]
    )
    stress = models.PositiveSmallIntegerField(
        _("stress"), null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    sleep = models.CharField(
        _("sleep"),
        max_length=10,
        choices=labels.choices(vocabulary.SLEEP, labels.SLEEP),
        blank=True,
    )
    lifestyle_notes = models.TextField(
        _("notes on lifestyle"), max_length=limits.FINDINGS, blank=True
    )

    # History
    history_notes = models.TextField(
        _("notes on the history"), max_length=limits.FINDINGS, blank=True
    )

    # Red-flag screening: every flag is asked; a flag in neither list has not been answered yet.
    red_flags = models.JSONField(_("red flags present"), default=list, blank=True)
    red_flags_absent = models.JSONField(_("red flags ruled out"), default=list, blank=True)
    red_flag_notes = models.TextField(
        _("notes on the red-flag screening"), max_length=limits.FINDINGS, blank=True
    )

    # Cautions
    cautions = models.JSONField(_("cautions"), default=list, blank=True)
    caution_notes = models.TextField(_("notes on cautions"), max_length=limits.FINDINGS, blank=True)

    # Examination
    impairment = models.CharField(
        _("impairment"),
        max_length=12,
        choices=labels.choices(vocabulary.IMPAIRMENT, labels.IMPAIRMENT),
        blank=True,
    )
    visual = models.TextField(  # noqa: DJ001
        _("visual findings"), max_length=limits.FINDINGS, null=True, blank=True
    )
    tissue = models.CharField(
        _("tissue depth"),
        max_length=12,
        choices=labels.choices(vocabulary.TISSUE, labels.TISSUE),
        blank=True,
    )
    tone = models.CharField(
        _("tone"),
        max_length=10,
        choices=labels.choices(vocabulary.TONE, labels.TONE),
        blank=True,
    )
    # Neurological findings: blank or None means not examined.
    straight_leg_raise = models.CharField(
        _("straight leg raise"),
        max_length=20,
        choices=labels.choices(vocabulary.STRAIGHT_LEG_RAISE, labels.STRAIGHT_LEG_RAISE),
        blank=True,
    )
    reflexes = models.CharField(
        _("reflexes"),
        max_length=10,
        choices=labels.choices(vocabulary.REFLEXES, labels.REFLEXES),
        blank=True,
    )
    dermatomal_sensory_loss = models.BooleanField(
        _("dermatomal sensory loss"), null=True, blank=True
    )
    myotomal_weakness = models.BooleanField(_("myotomal weakness"), null=True, blank=True)
    findings_notes = models.TextField(
        _("notes on the examination"), max_length=limits.FINDINGS, blank=True
    )

    # Disability questionnaires (raw NDI score, ODI percent); None means not given.
    ndi = models.PositiveSmallIntegerField(
        _("Neck Disability Index"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(vocabulary.NDI[1])],
    )
    odi = models.PositiveSmallIntegerField(
        _("Oswestry Disability Index"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(vocabulary.ODI[1])],
    )
    # Keele STarT Back (low back complaints only): the total of the nine items and the
    # psychosocial subscale (items 5-9); both or neither. The PSFS is `PsfsActivity` rows.
    startback_total = models.PositiveSmallIntegerField(
        _("STarT Back total score"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(vocabulary.START_BACK_TOTAL[1])],
    )
    startback_psychosocial = models.PositiveSmallIntegerField(
        _("STarT Back psychosocial subscale"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(vocabulary.START_BACK_PSYCHOSOCIAL[1])],
    )

    # Which optional contract sections were given (an empty `{}` counts), for a faithful export.
    sections = models.JSONField(_("contract sections present"), default=list, blank=True)

    objects = AnamnesisQuerySet.as_manager()

    class Meta:
        verbose_name = _("anamnesis")
        verbose_name_plural = _("anamneses")
        ordering = ["-taken_at", "-version"]
        indexes = [
            models.Index(fields=["client", "-taken_at"]),
            models.Index(fields=["status"]),
            models.Index(fields=["course"]),
            models.Index(fields=["suspected"]),
        ]
        constraints = [
            submitted_once("anamnesis_submitted_once"),
            models.CheckConstraint(
                condition=Q(pain_now__lte=10) | Q(pain_now__isnull=True),
                name="anamnesis_pain_now_0_10",
            ),
            models.CheckConstraint(
                condition=Q(pain_worst__lte=10) | Q(pain_worst__isnull=True),
                name="anamnesis_pain_worst_0_10",
            ),
            models.CheckConstraint(
                condition=Q(ndi__lte=50) | Q(ndi__isnull=True),
                name="anamnesis_ndi_0_50",
            ),
            models.CheckConstraint(
                condition=Q(odi__lte=100) | Q(odi__isnull=True),
                name="anamnesis_odi_0_100",
            ),
            models.CheckConstraint(
                condition=Q(startback_total__isnull=True, startback_psychosocial__isnull=True)
                | Q(
                    startback_total__isnull=False,
                    startback_psychosocial__isnull=False,
                    startback_total__lte=vocabulary.START_BACK_TOTAL[1],
                    startback_psychosocial__lte=vocabulary.START_BACK_PSYCHOSOCIAL[1],
                )
                & Q(startback_psychosocial__lte=models.F("startback_total")),
                name="anamnesis_startback_scores",
            ),
            models.CheckConstraint(
                condition=Q(previous__isnull=True, version=1)
                | Q(previous__isnull=False, version__gt=1),
                name="anamnesis_version_follows_previous",
            ),
        ]

    def __str__(self):
        return str(_("Anamnesis of %(client)s, %(date)s (version %(version)s)")) % {
            "client": self.client,
            "date": timezone.localtime(self.taken_at).date().isoformat(),
            "version": self.version,
        }

    def get_absolute_url(self):
        return reverse("anamnesis:detail", args=[self.pk])

    @property
    def is_locked(self):
        return self.locked_at is not None

    @property
    def is_completed(self):
        return self.status == self.Status.COMPLETED

    @property
    def has_red_flags(self):
        return bool(self.red_flags)

    @property
    def unanswered_red_flags(self):
        answered = set(self.red_flags) | set(self.red_flags_absent)
        return [code for code in vocabulary.RED_FLAG if code not in answered]

    @property
    def red_flag_screening_done(self):
        return not self.unanswered_red_flags

    @property
    def red_flag_answers(self):
        """Each flag in screening order: True (yes), False (no) or None (not yet asked)."""
        answers = dict.fromkeys(vocabulary.RED_FLAG)
        answers.update(dict.fromkeys(self.red_flags_absent, False))
        answers.update(dict.fromkeys(self.red_flags, True))
        return {code: answers[code] for code in vocabulary.RED_FLAG}

    @property
    def start_back_risk(self):
        """low, medium or high, banded as the engine bands it; None without a screening."""
        if self.startback_total is None:
            return None
        return start_back_risk(self.startback_total, self.startback_psychosocial)

    @property
    def age_at_intake(self):
        return self.client.age_on(timezone.localtime(self.taken_at).date())


class ComplaintRegion(models.Model):
    anamnesis = models.ForeignKey(Anamnesis, on_delete=models.CASCADE, related_name="regions")
    region = models.CharField(
        _("region"), max_length=20, choices=labels.choices(vocabulary.REGION, labels.REGION)
    )
    side = models.CharField(
        _("side"), max_length=10, choices=labels.choices(vocabulary.SIDE, labels.SIDE), blank=True
    )

    class Meta:
        verbose_name = _("complaint region")
        verbose_name_plural = _("complaint regions")
        ordering = ["id"]

    def __str__(self):
        if not self.side:
            return str(labels.REGION[self.region])
        return f"{labels.REGION[self.region]} ({labels.SIDE[self.side]})"


class PriorInjury(models.Model):
    anamnesis = models.ForeignKey(
        Anamnesis, on_delete=models.CASCADE, related_name="prior_injuries"
    )
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=labels.choices(vocabulary.INJURY_KIND, labels.INJURY_KIND),
        blank=True,
    )
    region = models.CharField(
        _("body part"),
        max_length=20,
        choices=labels.choices(vocabulary.BODY_PART, labels.BODY_PART),
        blank=True,
    )
    years_ago = models.PositiveIntegerField(_("years ago"), null=True, blank=True)
    note = models.TextField(  # noqa: DJ001
        _("note"), max_length=limits.ANSWER, null=True, blank=True
    )

    class Meta:
        verbose_name = _("prior injury")
        verbose_name_plural = _("prior injuries")
        ordering = ["id"]

    def __str__(self):
        return str(labels.label(labels.INJURY_KIND, self.kind) or _("prior injury"))


class SideComparison(models.Model):
    anamnesis = models.ForeignKey(
        Anamnesis, on_delete=models.CASCADE, related_name="side_comparisons"
    )
    test = models.CharField(_("test"), max_length=200, null=True, blank=True)  # noqa: DJ001
    left = models.FloatField(_("left"), null=True, blank=True)
    right = models.FloatField(_("right"), null=True, blank=True)
    unit = models.CharField(
        _("unit"), max_length=10, choices=labels.choices(vocabulary.UNIT, labels.UNIT), blank=True
    )

    class Meta:
        verbose_name = _("side comparison")
        verbose_name_plural = _("side comparisons")
        ordering = ["id"]

    def __str__(self):
        return self.test or str(_("side comparison"))

    @property
    def difference(self):
        """Left minus right, or None until both sides are measured."""
        if self.left is None or self.right is None:
            return None
        return round(self.left - self.right, 2)


class TriggerPoint(models.Model):
    anamnesis = models.ForeignKey(
        Anamnesis, on_delete=models.CASCADE, related_name="trigger_points"
    )
    muscle = models.CharField(_("muscle"), max_length=200, null=True, blank=True)  # noqa: DJ001
    side = models.CharField(
        _("side"),
        max_length=10,
        choices=labels.choices(vocabulary.TRIGGER_POINT_SIDE, labels.TRIGGER_POINT_SIDE),
        blank=True,
    )

    class Meta:
        verbose_name = _("trigger point")
        verbose_name_plural = _("trigger points")
        ordering = ["id"]

    def __str__(self):
        return self.muscle or str(_("trigger point"))


class PsfsActivity(models.Model):
    """One activity of the Patient-Specific Functional Scale the client chose at intake, with
    how well they do it now: 0 = unable, 10 = as before the problem. It is the baseline that
    reassessments compare with."""

    anamnesis = models.ForeignKey(
        Anamnesis,
        on_delete=models.CASCADE,
        related_name="psfs_activities",
        verbose_name=_("anamnesis"),
    )
    name = models.CharField(_("activity"), max_length=200)
    baseline = models.PositiveSmallIntegerField(_("rating at intake"))

    class Meta:
        verbose_name = _("PSFS activity")
        verbose_name_plural = _("PSFS activities")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(baseline__lte=vocabulary.PSFS_SCORE[1]), name="psfs_baseline_0_10"
            ),
        ]

    def __str__(self):
        return self.name


# The rows of an anamnesis by the name of their relation: replaced as a whole on every save,
# copied into an amendment.
ROW_MODELS = {
    "regions": ComplaintRegion,
    "prior_injuries": PriorInjury,
    "side_comparisons": SideComparison,
    "trigger_points": TriggerPoint,
    "psfs_activities": PsfsActivity,
}
