"""From a completed anamnesis to a finalized plan and its PDF, in a real browser."""

import copy

import pytest
from playwright.sync_api import expect

from anamnesis.contract import anamnesis_from_contract
from plans.models import PlanDocument, TreatmentPlan
from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in
from tests.pdf import pdf_text
from tests.plans.plan_fixtures import ACUTE_NECK

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_completed_anamnesis_to_a_downloaded_plan_pdf(
    page, live_server, alice, client_record, screenshot
):
    anamnesis = anamnesis_from_contract(
        client=client_record, taken_by=alice, doc=copy.deepcopy(ACUTE_NECK)
    )
    sign_in(page, live_server, "alice", PASSWORD)

    page.goto(f"{live_server.url}/anamnesis/{anamnesis.pk}/")
    page.get_by_role("link", name="Draft plan").click()
    page.get_by_role("button", name="Create plan").click()
    page.wait_for_url("**/plans/*/")
    expect(page.get_by_text("The plan was drafted.")).to_be_visible()
    screenshot("plan_draft")

    page.get_by_label("Sessions", exact=True).fill("6")
    page.get_by_label("Friction, Neck").check()
    page.get_by_label("Effleurage, Neck").uncheck()
    page.get_by_role("checkbox", name="Pressure on the spine").uncheck()
    page.get_by_label("Instructions for the client").fill("Bring a towel, please.")
    page.get_by_role("button", name="Save changes").click()
    # removing a safety item asks for a reason, and nothing typed is lost
    expect(page.get_by_text("Say why you remove this safety item.")).to_be_visible()
    expect(page.get_by_label("Sessions", exact=True)).to_have_value("6")
    page.get_by_label("Reason for removing “Pressure on the spine”").fill(
        "Only the shoulder girdle is treated."
    )
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Your changes to the plan were saved.")).to_be_visible()
    expect(page.locator('[data-code="friction"][data-mark="added"]')).to_be_visible()
    expect(page.locator('[data-code="effleurage"][data-mark="removed"]')).to_be_visible()
    expect(page.locator("#plan-removals").get_by_text("Only the shoulder girdle")).to_be_visible()
    screenshot("plan_edited")

    page.get_by_role("link", name="Finalize and sign…").click()
    # The confirmation shows what will be signed; only "Sign now" signs.
    expect(page.locator("#finalize-summary")).to_contain_text("Friction")
    screenshot("plan_finalize_confirm")
    page.get_by_role("button", name="Sign now").click()
    expect(page.get_by_text("The plan is finalized and its PDF is archived.")).to_be_visible()
    expect(page.locator("#plan-status")).to_have_text("Final")
    screenshot("plan_final")

    pdf_url = page.get_by_role("link", name="PDF for the client").get_attribute("href")
    response = page.request.get(f"{live_server.url}{pdf_url}")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    plan = TreatmentPlan.objects.get()
    assert pdf == bytes(PlanDocument.objects.get(plan=plan).pdf)
    text = pdf_text(pdf)
    assert "We plan 6 sessions of 30 minutes each" in text
    assert "Friction" in text
    assert "Bring a towel, please." in text
    assert "Only the shoulder girdle" not in text  # the reason is for the therapist only

    page.get_by_role("button", name="Change (new version)").click()
    page.wait_for_url("**/plans/*/")
    expect(page.locator("h1 + p")).to_contain_text("Version 2")
    page.get_by_role("link", name="Version 1").click()
    expect(page.locator("#superseded")).to_be_visible()
    screenshot("plan_superseded")
    assert page.csp_violations == []


def test_plan_page_on_a_tablet(browser, live_server, alice, client_record, screenshot):
    from plans import services

    anamnesis = anamnesis_from_contract(
        client=client_record, taken_by=alice, doc=copy.deepcopy(ACUTE_NECK)
    )
    plan = services.plan_draft(anamnesis=anamnesis, author=alice)
    context = browser.new_context(viewport={"width": 800, "height": 1280}, locale="en-GB")
    tablet = context.new_page()
    try:
        sign_in(tablet, live_server, "alice", PASSWORD)
        tablet.goto(f"{live_server.url}/plans/{plan.pk}/")
        expect(tablet.get_by_role("link", name="Finalize and sign…")).to_be_visible()
        width = tablet.evaluate("document.documentElement.scrollWidth")
        assert width <= 800, "the plan page scrolls sideways on a tablet"
        tablet.screenshot(path="var/screenshots/plan_tablet.png", full_page=True)
    finally:
        context.close()
