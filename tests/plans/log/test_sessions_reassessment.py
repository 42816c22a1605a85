"""Reassessment at the plan's session and every 4 after, against the measures taken at intake
(pain, the PSFS activities); STarT Back's risk band on the plan and client pages."""

import pytest
from django.urls import reverse

from plans import outcomes, services
from plans.models import Reassessment
from tests.plans.history_fixtures import bulk_sessions, record
from tests.plans.log.test_sessions import post_data
from tests.plans.plan_fixtures import CHRONIC_BACK, plan_from, with_measures

pytestmark = pytest.mark.django_db


ACTIVITIES = [
    ("Sitting at the desk for an hour", 3),
    ("Lifting the shopping", 4),
    ("Putting on socks", 5),
]


def measured_plan(client, by, activities=ACTIVITIES, start_back=None):
    """A finalized chronic low back plan (10 sessions, reassessed after 4) whose intake took
    the PSFS `activities` (mean 4; pain at intake 4) and, if given, STarT Back."""
    doc = with_measures(CHRONIC_BACK, activities, start_back)
    return services.plan_finalize(plan=plan_from(client, by, doc), by=by)


@pytest.fixture
def back_plan(client_record, alice):
    return measured_plan(client_record, alice)


def test_reassessment_is_due_at_the_plans_session_then_every_four():
    due = [n for n in range(1, 20) if outcomes.reassessment_due(n, 4)]
    assert due == [4, 8, 12, 16]
    assert not outcomes.reassessment_due(3, None)


@pytest.mark.parametrize(
    ("total", "psychosocial", "risk"), [(2, 1, "low"), (5, 2, "medium"), (7, 4, "high")]
)
def test_startback_at_intake_gives_the_risk_band_and_the_notice(
    alice_client, client_record, alice, total, psychosocial, risk
):
    plan = measured_plan(client_record, alice, start_back=(total, psychosocial))
    plan_page = alice_client.get(plan.get_absolute_url()).content.decode()
    assert "STarT Back" in plan_page and f"{risk} risk" in plan_page
    assert "© Keele University" in plan_page
    client_page = alice_client.get(client_record.get_absolute_url()).content.decode()
    assert f"{risk} risk" in client_page


def test_a_plan_without_measures_says_reassessments_compare_the_pain_only(
    alice_client, client_record, alice
):
    plan = measured_plan(client_record, alice, activities=())
    page = alice_client.get(plan.get_absolute_url()).content.decode()
    assert "reassessments compare the pain only" in page


def test_the_session_form_asks_for_the_reassessment_when_due(alice_client, back_plan, alice):
    bulk_sessions(back_plan, alice, 3)
    url = reverse("plans:session_new", args=[back_plan.pk])
    page = alice_client.get(url).content.decode()
    assert "Session 4 of 10" in page
    assert "This is a reassessment session" in page
    assert "Putting on socks" in page
    response = alice_client.post(url, post_data())
    assert response.status_code == 422  # the reassessment is required
    assert not Reassessment.objects.exists()


def reassess(alice_client, plan, pain, ratings):
    activities = list(plan.anamnesis.psfs_activities.all())
    extra = {"reassess_pain": str(pain)}
    extra.update({f"psfs_{a.pk}": str(r) for a, r in zip(activities, ratings, strict=True)})
    return alice_client.post(
        reverse("plans:session_new", args=[plan.pk]), post_data(**extra), follow=True
    )


def test_an_important_change_shows_as_improved(alice_client, back_plan, alice):
    bulk_sessions(back_plan, alice, 3)
    response = reassess(alice_client, back_plan, pain=2, ratings=[6, 7, 6])
    r = Reassessment.objects.get()
    assert (r.pain_verdict, r.psfs_verdict, r.verdict) == ("improved", "improved", "improved")
    assert r.psfs_baseline_mean == 4 and r.psfs_now_mean == 6.33
    assert "review the plan" not in response.content.decode()


def test_no_important_change_suggests_reviewing_the_plan_or_referring(
    alice_client, back_plan, alice
):
    bulk_sessions(back_plan, alice, 3)
    response = reassess(alice_client, back_plan, pain=4, ratings=[4, 4, 5])
    r = Reassessment.objects.get()
    assert (r.pain_verdict, r.psfs_verdict, r.verdict) == ("unchanged", "unchanged", "unchanged")
    page = response.content.decode()
    assert "review the plan or refer the client to a physician" in page
    dashboard = alice_client.get("/").content.decode()
    assert "not improving: review the plan or refer" in dashboard


def test_worse_pain_is_worse_even_when_function_improved(client_record, alice):
    back_plan = measured_plan(client_record, alice, [("a", 2), ("b", 2), ("c", 2)])
    anamnesis = back_plan.anamnesis
    bulk_sessions(back_plan, alice, 3)
    ids = [a.pk for a in anamnesis.psfs_activities.all()]
    session = record(
        back_plan, alice, reassessment={"pain_now": 7, "ratings": dict.fromkeys(ids, 6)}
    )
    assert session.reassessment.verdict == "worse"


def test_thirty_percent_of_a_high_baseline_counts_as_improved():
    assert outcomes.pain_change(9, 7) == "improved"  # 2 points
    assert outcomes.pain_change(3, 2) == "improved"  # 33 %
    assert outcomes.pain_change(8, 7) == "unchanged"
    assert outcomes.overall_change("unchanged", "") == "unchanged"
    assert outcomes.overall_change("", "improved") == "improved"
    assert outcomes.overall_change("improved", "worse") == "worse"
