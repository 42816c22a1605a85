"""The practice's figures that outlive erased records (issue 13).

When a client's record is erased after its retention period, what it added to the practice's
figures stays as anonymous numbers: one row per practice and year, no client, no names. The
practice's figures are the live records plus these rows (plans.history.figures).
"""

from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

# The counted figures, in the order they are shown.
FIGURES = (
    "plans_finalized",
    "referrals_emergency",
    "referrals_same_day",
    "referrals_urgent",
    "referrals_routine",
    "sessions",
    "reassessments_improved",
    "reassessments_not_improved",
)


class PracticeOutcomeTally(models.Model):
    """What the erased records of one practice counted in one year."""

    practice = models.ForeignKey(
        "clinic.Practice",
        on_delete=models.PROTECT,
        related_name="outcome_tallies",
        verbose_name=_("practice"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    plans_finalized = models.PositiveIntegerField(_("plans finalized"), default=0)
    referrals_emergency = models.PositiveIntegerField(_("emergency referrals"), default=0)
    referrals_same_day = models.PositiveIntegerField(_("same-day referrals"), default=0)
    referrals_urgent = models.PositiveIntegerField(_("urgent referrals"), default=0)
    referrals_routine = models.PositiveIntegerField(_("routine referrals"), default=0)
    sessions = models.PositiveIntegerField(_("sessions"), default=0)
    reassessments_improved = models.PositiveIntegerField(_("reassessments: improved"), default=0)
    reassessments_not_improved = models.PositiveIntegerField(
        _("reassessments: not improved"), default=0
    )

    class Meta:
        verbose_name = _("practice outcome tally")
        verbose_name_plural = _("practice outcome tallies")
        ordering = ["practice", "year"]
        constraints = [
            models.UniqueConstraint(fields=["practice", "year"], name="tally_once_per_year"),
        ]

    def __str__(self):
        return f"{self.practice_id} {self.year}"

    @classmethod
    def add(cls, practice, by_year):
        """Add `by_year` ({year: {figure: count}}) to the practice's rows, in the caller's
        transaction (F() expressions: two erasures at once both count)."""
        for year, counts in by_year.items():
            counts = {name: n for name, n in counts.items() if n}
            if not counts:
                continue
            cls.objects.get_or_create(practice=practice, year=year)
            cls.objects.filter(practice=practice, year=year).update(
                **{name: F(name) + n for name, n in counts.items()}
            )
