"""The practice's figures by year: plans finalized, referrals by urgency, sessions and the
verdicts of reassessments. Counted from the live records plus what erased records left in
`PracticeOutcomeTally`, so erasing a client after its retention period changes no figure."""

from collections import Counter, defaultdict

from django.db.models import Count
from django.db.models.functions import ExtractYear

from plans import outcomes
from plans.models import (
    PracticeOutcomeTally,
    Reassessment,
    Referral,
    TreatmentPlan,
    TreatmentSession,
)
from plans.models.tally import FIGURES


def _count(by_year, queryset, year_of, figure_of):
    rows = (
        queryset.annotate(year=ExtractYear(year_of))
        .values("year", *figure_of[1])
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        by_year[row["year"]][figure_of[0](row)] += row["n"]


def _figures(*, plans, referrals, sessions, reassessments):
    by_year = defaultdict(Counter)
    _count(
        by_year,
        plans.filter(finalized_at__isnull=False),
        "finalized_at",
        (lambda row: "plans_finalized", ()),
    )
    _count(
        by_year, referrals, "created_at", (lambda row: f"referrals_{row['urgency']}", ("urgency",))
    )
    _count(by_year, sessions, "date", (lambda row: "sessions", ()))
    _count(
        by_year,
        reassessments,
        "session__date",
        (
            lambda row: (
                "reassessments_improved"
                if row["verdict"] == outcomes.IMPROVED
                else "reassessments_not_improved"
            ),
            ("verdict",),
        ),
    )
    return by_year


def client_figures(client):
    """{year: Counter(figure: n)} of one client's records."""
    return _figures(
        plans=TreatmentPlan.objects.for_client(client),
        referrals=Referral.objects.for_client(client),
        sessions=TreatmentSession.objects.for_client(client),
        reassessments=Reassessment.objects.filter(session__plan__anamnesis__client=client),
    )


def practice_figures(practice):
    """{year: {figure: n}} of the practice: its records now plus those erased."""
    by_year = _figures(
        plans=TreatmentPlan.objects.for_practice(practice),
        referrals=Referral.objects.for_practice(practice),
        sessions=TreatmentSession.objects.for_practice(practice),
        reassessments=Reassessment.objects.filter(
            session__plan__anamnesis__client__practice=practice
        ),
    )
    for tally in PracticeOutcomeTally.objects.filter(practice=practice):
        for figure in FIGURES:
            by_year[tally.year][figure] += getattr(tally, figure)
    return {
        year: {figure: counts[figure] for figure in FIGURES}
        for year, counts in sorted(by_year.items())
    }
