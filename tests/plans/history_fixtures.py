"""Fixtures for the treatment log and the client's history: finalized plans with sessions."""

import datetime

import pytest

from plans import services
from plans.models import TreatmentSession
from tests.plans.plan_fixtures import CHRONIC_BACK, plan_from


def record(plan, by, **values):
    """A session through the service, with defaults a therapist would give."""
    values.setdefault("minutes", 30)
    values.setdefault("pain_before", 5)
    values.setdefault("techniques", [{"code": "classic_massage", "regions": ["neck"]}])
    return services.session_record(plan=plan, author=by, **values)


def bulk_sessions(plan, by, count, *, start=datetime.date(2024, 1, 8), every_days=7, pain=6):
    """Many sessions at once (bulk_create skips the service; fine for read-side tests)."""
    first = plan.sessions.count() + 1
    TreatmentSession.objects.bulk_create(
        TreatmentSession(
            plan=plan,
            number=first + i,
            date=start + datetime.timedelta(days=every_days * i),
            minutes=45,
            techniques=[{"code": "petrissage", "regions": ["lower_back"]}],
            pressure="moderate",
            pain_before=max(0, pain - i // 10),
            pain_after=max(0, pain - 1 - i // 10),
            subjective=f"Visit {first + i}",
            author=by,
        )
        for i in range(count)
    )


@pytest.fixture
def back_plan(client_record, alice):
    """A finalized plan for a chronic low back complaint: 10 sessions, reassessed after 4."""
    return services.plan_finalize(plan=plan_from(client_record, alice, CHRONIC_BACK), by=alice)
