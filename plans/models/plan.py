"""Treatment plans: the engine's draft, the therapist's version of it, and the archived PDF.

A plan keeps the engine's draft (`engine_draft`) exactly as generated and the therapist's edited
version (`plan`) next to it; both are plan/v1 documents, codes and all. Once finalized a plan is
the record of what was agreed: it never changes again (`save()` refuses), and its PDF is
archived once, with its SHA-256. A later change makes a new version that supersedes it.

The database refuses the same changes itself, with triggers (plans/migrations/0004): a finalized
plan, an archived document and a session addendum are never updated or deleted, except a final
plan becoming superseded. `save()` and `delete()` refuse first, with the messages people see.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clinic.models import PracticeScopedQuerySet
from plans.engine import limits


class PlanIsFinal(Exception):
    """A finalized plan is the record of what was agreed: revise it into a new version instead."""

    def __init__(self, plan=None, message=None):
        self.plan = plan
        super().__init__(
            message
            or _("This plan is finalized and cannot be changed. Revise it into a new version.")
        )


# Fields a finalized plan may still change, and only in this way: final -> superseded.
SUPERSEDE_FIELDS = frozenset({"status", "superseded_at", "updated_at"})


class TreatmentPlanQuerySet(PracticeScopedQuerySet):
    practice_field = "anamnesis__client__practice"

    def drafts(self):
        return self.filter(status=TreatmentPlan.Status.DRAFT)

    def final(self):
        return self.filter(status=TreatmentPlan.Status.FINAL)

    def for_client(self, client):
        return self.filter(anamnesis__client=client)

    def newest_first(self):
        return self.order_by("-created_at", "-version")

    def for_page(self):
        """With what a plan's pages show: its client and practice, who signed, what it revises."""
        return self.select_related(
            "anamnesis__client__practice", "created_by", "finalized_by", "supersedes"
        )


class TreatmentPlan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        FINAL = "final", _("Final")
        SUPERSEDED = "superseded", _("Superseded")

    anamnesis = models.ForeignKey(
        "anamnesis.Anamnesis",
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name=_("anamnesis"),
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("supersedes"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.DRAFT)
    engine_draft = models.JSONField(_("engine's draft"), editable=False)
    plan = models.JSONField(_("plan"))
    therapist_notes = models.TextField(
        _("notes for the therapist"), max_length=limits.NOTES, blank=True
    )
    client_instructions = models.TextField(
        _("instructions for the client"), max_length=limits.INSTRUCTIONS, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("drafted by"),
    )
    created_at = models.DateTimeField(_("drafted"), default=timezone.now)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    finalized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("finalized by"),
    )
    finalized_at = models.DateTimeField(_("finalized"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("superseded"), null=True, blank=True)

    objects = TreatmentPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("treatment plan")
        verbose_name_plural = _("treatment plans")
        ordering = ["-created_at", "-version"]
        constraints = [
            models.CheckConstraint(
                condition=Q(supersedes__isnull=True, version=1)
                | Q(supersedes__isnull=False, version__gt=1),
                name="plan_version_follows_supersedes",
            ),
            models.CheckConstraint(
                condition=Q(status="draft", finalized_at__isnull=True)
                | Q(~Q(status="draft"), finalized_at__isnull=False, finalized_by__isnull=False),
                name="plan_final_is_signed",
            ),
            # One draft at a time: a second "create plan" continues the open one.
            models.UniqueConstraint(
                fields=["anamnesis"],
                condition=Q(status="draft"),
                name="plan_one_draft_per_anamnesis",
            ),
        ]

    def __str__(self):
        return str(_("Treatment plan %(pk)s, version %(version)s")) % {
            "pk": self.pk,
            "version": self.version,
        }

    def save(self, *args, **kwargs):
        if self.pk is not None:
            self._refuse_changes_to_the_record()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("plans:detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        stored_final = type(self).objects.filter(pk=self.pk).exclude(status=self.Status.DRAFT)
        if self.is_final or stored_final.exists():
            raise PlanIsFinal(self)
        return super().delete(*args, **kwargs)

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    @property
    def is_final(self):
        """Finalized (including superseded versions): never changed again."""
        return self.status != self.Status.DRAFT

    @property
    def is_superseded(self):
        return self.status == self.Status.SUPERSEDED

    @property
    def is_referral(self):
        return self.plan.get("decision") == "refer"

    @property
    def client(self):
        return self.anamnesis.client

    @property
    def schedule(self):
        """The plan's sessions (count, per_week, minutes); empty for a referral."""
        return self.plan.get("sessions") or {}

    @property
    def planned_sessions(self):
        """How many sessions the plan sets; None for a referral, which sets none."""
        return self.schedule.get("count")

    @property
    def reference(self):
        """How the document names itself in its footer."""
        return _("Plan %(pk)s/%(version)s") % {"pk": self.pk, "version": self.version}

    def _refuse_changes_to_the_record(self):
        stored = type(self).objects.filter(pk=self.pk).first()
        if stored is None:
            return
        if stored.engine_draft != self.engine_draft:
            raise PlanIsFinal(self, _("The engine's draft of a plan is never changed."))
        if not stored.is_final:
            return
        changed = {
            f.attname
            for f in self._meta.concrete_fields
            if getattr(stored, f.attname) != getattr(self, f.attname)
        }
        # The one change of a finalized plan, as the database allows it too (plans/migrations/0004).
        superseding = (
            stored.status == self.Status.FINAL
            and self.status == self.Status.SUPERSEDED
            and self.superseded_at is not None
        )
        if not superseding or changed - SUPERSEDE_FIELDS:
            raise PlanIsFinal(self)


class PlanDocument(models.Model):
    """The PDF of a finalized plan, rendered once; downloads return exactly these bytes.

    A table of its own, so that lists of plans never load the bytes.
    """

    plan = models.OneToOneField(
        TreatmentPlan,
        on_delete=models.PROTECT,
        related_name="document",
        verbose_name=_("plan"),
    )
    pdf = models.BinaryField(_("PDF"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size in bytes"))
    rendered_at = models.DateTimeField(_("rendered"), default=timezone.now)

    class Meta:
        verbose_name = _("archived plan document")
        verbose_name_plural = _("archived plan documents")

    def __str__(self):
        return f"{self.plan} ({self.sha256[:12]})"

    def save(self, *args, **kwargs):
        if self.pk is not None or type(self).objects.filter(plan_id=self.plan_id).exists():
            raise PlanIsFinal(self.plan, _("The archived document of a plan is never replaced."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PlanIsFinal(self.plan, _("The archived document of a plan is never deleted."))

    @classmethod
    def of(cls, plan, pdf):
        pdf = bytes(pdf)
        return cls(plan=plan, pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest(), size=len(pdf))

    @property
    def is_intact(self):
        return hashlib.sha256(bytes(self.pdf)).hexdigest() == self.sha256


class SafetyRemoval(models.Model):
    """The therapist overrode a safety item of the engine's draft: removed an avoid-item or the
    referral, or added an exercise that the client's cautions rule out (`exercise`).

    Kept with the reason; shown on the plan page and the therapist's copy, never the client's.
    """

    class Kind(models.TextChoices):
        AVOID = "avoid", _("Avoid-item")
        REFERRAL = "referral", _("Referral")
        EXERCISE = "exercise", _("Exercise the cautions rule out")

    plan = models.ForeignKey(
        TreatmentPlan, on_delete=models.CASCADE, related_name="safety_removals"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    code = models.CharField(_("code"), max_length=40)
    reason = models.TextField(_("reason"), max_length=limits.ANSWER)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("safety item removed")
        verbose_name_plural = _("safety items removed")
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind", "code"], name="plan_removal_once"),
            models.CheckConstraint(condition=~Q(reason=""), name="plan_removal_has_reason"),
            models.CheckConstraint(
                condition=Q(kind__in=["avoid", "referral", "exercise"]),
                name="plan_removal_kind_known",
            ),
        ]

    def __str__(self):
        return f"{self.kind}:{self.code}"


class PlanEvent(models.Model):
    """The audit trail of a plan: who drafted, edited, finalized and superseded it, and when."""

    class Kind(models.TextChoices):
        DRAFTED = "drafted", _("Drafted")
        EDITED = "edited", _("Edited")
        FINALIZED = "finalized", _("Finalized")
        SUPERSEDED = "superseded", _("Superseded")
        REFERRED = "referred", _("Referral recorded")
        OUTCOME = "outcome", _("Referral outcome recorded")

    plan = models.ForeignKey(TreatmentPlan, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("what"), max_length=12, choices=Kind)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    # Codes, not words: the changes as {"change": ..., "field"/"list", "code", "from", "to"}.
    detail = models.JSONField(_("detail"), default=list, blank=True)

    class Meta:
        verbose_name = _("plan event")
        verbose_name_plural = _("plan events")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"
