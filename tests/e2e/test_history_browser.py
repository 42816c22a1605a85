"""A therapist opens a client's history, records a session in one go and sees the chart change."""

import copy

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from plans import services
from plans.models import TreatmentSession
from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in
from tests.plans.plan_fixtures import CHRONIC_BACK, completed_anamnesis, with_measures

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_record_a_session_and_see_the_chart_change(
    page, live_server, alice, client_record, screenshot
):
    measured = with_measures(
        CHRONIC_BACK,
        [("Sitting an hour", 3), ("Bending to tie shoes", 4), ("Carrying shopping", 3)],
        start_back=(5, 2),
    )
    anamnesis = completed_anamnesis(client_record, alice, measured)
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
    points = page.locator("#pain-chart circle.point-before")
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


def test_copy_actions_fill_the_form_in_place_and_keep_what_was_typed(
    page, live_server, alice, client_record
):
    anamnesis = completed_anamnesis(client_record, alice, CHRONIC_BACK)
    plan = services.plan_finalize(
        plan=services.plan_draft(anamnesis=anamnesis, author=alice), by=alice
    )
    services.session_record(
        plan=plan,
        author=alice,
        date=timezone.localdate(),
        minutes=25,
        pain_before=5,
        pressure="light",
        techniques=[{"code": "friction", "regions": ["lower_back"]}],
    )
    sign_in(page, live_server, "alice", PASSWORD)
    page.goto(f"{live_server.url}/plans/{plan.pk}/sessions/new/")
    url = page.url
    page.get_by_label("Pain before (0-10)").fill("4")
    page.get_by_label("S · Subjective").fill("Back stiff after a long drive.")

    page.get_by_role("link", name="Copy from plan").click()
    expect(page.locator("#copy-status")).to_contain_text("copied from the plan")
    expect(page.get_by_label("Petrissage")).to_be_checked()
    assert page.url == url  # no reload
    expect(page.get_by_label("Pain before (0-10)")).to_have_value("4")
    expect(page.get_by_label("S · Subjective")).to_have_value("Back stiff after a long drive.")

    # A copied field changed by hand is replaced only after the therapist agrees.
    page.get_by_label("Petrissage").uncheck()
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("link", name="Copy previous session (1)").click()
    assert asked and "Replace the techniques" in asked[0]
    expect(page.get_by_label("Petrissage")).not_to_be_checked()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("link", name="Copy previous session (1)").click()
    expect(page.locator("#copy-status")).to_contain_text("copied from session 1")
    expect(page.get_by_label("Friction", exact=True)).to_be_checked()
    expect(page.get_by_label("Minutes")).to_have_value("25")
    expect(page.get_by_label("S · Subjective")).to_have_value("Back stiff after a long drive.")
    assert page.csp_violations == []


def test_a_double_click_on_save_records_one_session(page, live_server, alice, client_record):
    anamnesis = completed_anamnesis(client_record, alice, CHRONIC_BACK)
    plan = services.plan_finalize(
        plan=services.plan_draft(anamnesis=anamnesis, author=alice), by=alice
    )
    sign_in(page, live_server, "alice", PASSWORD)
    page.goto(f"{live_server.url}/plans/{plan.pk}/sessions/new/?copy=plan")
    page.get_by_label("Pain before (0-10)").fill("4")
    # The app's script disables the button once the form is sent; were a second click to get
    # through, the form's one-time token would still record the session once.
    page.get_by_role("button", name="Save session").dblclick()
    page.wait_for_url(f"**{client_record.get_absolute_url()}")
    expect(page.get_by_text("Session 1 was recorded.")).to_be_visible()
    assert TreatmentSession.objects.filter(plan=plan).count() == 1
    assert page.csp_violations == []
