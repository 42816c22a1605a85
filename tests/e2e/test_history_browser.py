"""A therapist opens a client's history, records a session in one go and sees the chart change."""

import copy

import pytest
from playwright.sync_api import expect

from plans import services
from plans.models import TreatmentSession
from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in
from tests.plans.plan_fixtures import CHRONIC_BACK, completed_anamnesis

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_record_a_session_and_see_the_chart_change(
    page, live_server, alice, client_record, screenshot
):
    anamnesis = completed_anamnesis(client_record, alice, CHRONIC_BACK)
    services.baseline_record(
        anamnesis=anamnesis,
        by=alice,
        activities=[("Sitting an hour", 3), ("Bending to tie shoes", 4), ("Carrying shopping", 3)],
        startback_total=5,
        startback_psychosocial=2,
    )
    plan = services.plan_finalize(
        plan=services.plan_draft(anamnesis=anamnesis, author=alice), by=alice
    )
    later = copy.deepcopy(CHRONIC_BACK)
    later["complaint"]["intensity"] = {"now": 3, "worst": 6}
    completed_anamnesis(client_record, alice, later)

    sign_in(page, live_server, "alice", PASSWORD)
    page.goto(f"{live_server.url}{client_record.get_absolute_url()}")
    expect(page.get_by_role("heading", name="Before this visit")).to_be_visible()
    expect(page.locator("#startback").get_by_text("medium risk")).to_be_visible()
    points = page.locator("#pain-chart circle.point-now")
    before = points.count()  # the chart is drawn on the server: complete once the page is
    assert before > 0
    screenshot("history_client_before")

    page.get_by_role("link", name="+ Record session 1").click()
    page.get_by_role("link", name="Copy from plan").click()
    expect(page.get_by_label("Petrissage")).to_be_checked()
    page.get_by_label("Pain before (0-10)").fill("4")
    page.get_by_label("Pain after (0-10)").fill("2")
    page.get_by_label("S · Subjective").fill("Back stiff after a long drive.")
    page.get_by_label("P · Plan").fill("Hip hinge exercise at home.")
    screenshot("history_session_form")
    page.get_by_role("button", name="Save session").click()

    page.wait_for_url(f"**{client_record.get_absolute_url()}")
    expect(page.get_by_text("Session 1 was recorded.")).to_be_visible()
    expect(points).to_have_count(before + 1)
    expect(page.locator("#last-session").get_by_text("pain 4 before")).to_be_visible()
    expect(page.get_by_text("Back stiff after a long drive.")).to_be_visible()
    session = TreatmentSession.objects.get(plan=plan)
    assert session.number == 1 and session.pressure == plan.plan["pressure"]
    screenshot("history_client_after")

    sessions_only = page.get_by_role("link", name="Sessions", exact=True)
    sessions_only.click()
    expect(sessions_only).to_have_attribute("aria-current", "true")
    expect(page.locator(".timeline-entry")).to_have_count(1)
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url("**/compare/**")
    expect(page.locator("tr.changed")).to_have_count(2)  # pain now and at worst
    screenshot("history_compare")

    page.goto(f"{live_server.url}/")
    expect(page.locator("#today").get_by_text("Client")).to_be_visible()
    screenshot("history_dashboard")
    assert page.csp_violations == []


def test_record_the_psfs_baseline_in_the_browser(page, live_server, alice, client_record):
    anamnesis = completed_anamnesis(client_record, alice, CHRONIC_BACK)
    sign_in(page, live_server, "alice", PASSWORD)
    page.goto(f"{live_server.url}/anamnesis/{anamnesis.pk}/baseline/")
    rows = [("Sitting an hour", "3"), ("Bending to tie shoes", "4"), ("Carrying shopping", "5")]
    for number, (name, rating) in enumerate(rows, start=1):
        page.get_by_label(f"Activity {number}", exact=True).fill(name)
        page.get_by_label(f"Rating of activity {number} (0-10)", exact=True).fill(rating)
    page.get_by_label("Rating of activity 4 (0-10)", exact=True).fill("6")
    page.get_by_role("button", name="Save baseline").click()
    expect(page.get_by_text("Name the activity you rated.")).to_be_visible()

    page.get_by_label("Rating of activity 4 (0-10)", exact=True).fill("")
    page.get_by_role("button", name="Save baseline").click()
    expect(page.get_by_text("The baseline measures were saved.")).to_be_visible()
    expect(page.locator("#psfs-mean").get_by_text("mean 4")).to_be_visible()
    assert [(a.name, a.baseline) for a in anamnesis.psfs_activities.all()] == [
        (name, int(rating)) for name, rating in rows
    ]
    assert page.csp_violations == []
