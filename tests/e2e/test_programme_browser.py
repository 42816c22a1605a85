"""The therapist tailors the home exercise programme and downloads the exercise sheet."""

import pytest
from playwright.sync_api import expect

from plans.engine.exercises import EXERCISES
from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in
from tests.pdf import pdf_text
from tests.plans.plan_fixtures import NECK_NERVE_ROOT, plan_from

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_edits_a_programme_and_downloads_the_exercise_sheet(
    page, live_server, alice, client_record, screenshot
):
    plan = plan_from(client_record, alice, NECK_NERVE_ROOT)
    first = plan.plan["exercises"][0]["code"]
    codes = [item["code"] for item in plan.plan["exercises"]]
    new = next(c for c in ("pelvic_tilt", "walking", "cat_cow") if c not in codes)
    sign_in(page, live_server, "alice", PASSWORD)
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")

    editor = page.locator("#programme-editor")
    editor.get_by_label(f"Sets, {EXERCISES[first].name}").fill("3")
    editor.get_by_role("checkbox", name=EXERCISES[new].name).check()
    editor.get_by_role("checkbox", name="Neck side stretch").check()
    screenshot("programme_editor")
    page.get_by_role("button", name="Save changes").click()
    # the neck stretch is ruled out by the nerve root signs: it needs a reason, at its row
    expect(page.get_by_text("The client's cautions rule this exercise out")).to_be_visible()
    expect(editor.get_by_label(f"Sets, {EXERCISES[first].name}")).to_have_value("3")
    editor.get_by_label("Reason for adding “Neck side stretch”").fill(
        "Arm symptoms settled; gentle range only."
    )
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Your changes to the plan were saved.")).to_be_visible()
    exercises = page.locator("#plan-exercises")
    expect(exercises.locator(f'[data-code="{first}"][data-mark="changed"]')).to_be_visible()
    expect(exercises.locator(f'[data-code="{new}"][data-mark="added"]')).to_be_visible()
    expect(exercises.get_by_text("Arm symptoms settled")).to_be_visible()

    page.get_by_role("link", name="Exercise sheet").click()
    expect(page.locator(".exercise-card")).to_have_count(len(plan.plan["exercises"]) + 2)
    expect(page.get_by_text("What you should feel:").first).to_be_visible()
    assert page.csp_violations == []
    href = page.get_by_role("link", name="Download PDF").get_attribute("href")
    response = page.request.get(f"{live_server.url}{href}")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.body())
    assert EXERCISES[new].name in text and "Neck side stretch" in text
    assert "3 sets of" in text or "hold for" in text
