"""A referral followed through in a real browser: finalized with its recipient and the advice
given, seen on the dashboard until the outcome is recorded, and a clearance that leads to an
amendment with the physician's restrictions as cautions."""

import pytest
from playwright.sync_api import expect

from anamnesis.models import Anamnesis
from plans import services
from plans.models import Referral
from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in
from tests.pdf import pdf_text
from tests.plans.plan_fixtures import completed_anamnesis
from tests.plans.test_referrals import EMERGENCY

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_finalizes_a_referral_sees_it_on_the_dashboard_records_a_clearance(
    page, live_server, alice, client_record, screenshot
):
    client_record.referring_physician = "Dr. Petra Hausarzt"
    client_record.save()
    anamnesis = completed_anamnesis(client_record, alice, EMERGENCY)
    plan = services.plan_draft(anamnesis=anamnesis, author=alice)
    sign_in(page, live_server, "alice", PASSWORD)

    page.goto(f"{live_server.url}/plans/{plan.pk}/")
    expect(page.locator("#referral")).to_contain_text("Refer, do not treat")
    form = page.locator("#referral-finalize")
    expect(form.get_by_label("Recipient")).to_have_value("Dr. Petra Hausarzt")
    form.get_by_label("Recipient").fill("")
    form.get_by_role("button", name="Finalize and sign…").click()
    # Refused at the field; nothing was finalized.
    expect(page.get_by_text("Name the physician or department the letter is for.")).to_be_visible()
    expect(page.locator("#plan-status")).to_have_text("Draft")
    form = page.locator("#referral-finalize")
    form.get_by_label("Recipient").fill("Dr. Petra Hausarzt")
    form.get_by_label("Fax").fill("+49 30 555 0101")
    form.get_by_label("to go to an emergency department now").check()
    form.get_by_label("to call the emergency number at once").check()
    screenshot("referral_finalize")
    form.get_by_role("button", name="Finalize and sign…").click()
    expect(page.locator("#finalize-letter")).to_contain_text("Dr. Petra Hausarzt")
    expect(page.locator("#finalize-letter")).to_contain_text("to go to an emergency department now")
    page.get_by_role("button", name="Sign now").click()
    expect(page.get_by_text("The plan is finalized and its PDF is archived.")).to_be_visible()
    expect(page.locator("#referral-record")).to_contain_text("Dr. Petra Hausarzt")

    sheet = page.request.get(
        live_server.url + page.locator("#referral-sheet").get_attribute("href")
    )
    assert "Go to an emergency department now" in pdf_text(sheet.body())
    letter = pdf_text(page.request.get(f"{live_server.url}/plans/{plan.pk}/pdf/").body())
    assert "The client was advised: to go to an emergency department now" in letter

    page.goto(f"{live_server.url}/")
    row = page.locator("#open-referrals .referral-row")
    expect(row).to_have_count(1)
    expect(row).to_have_class(
        "list-group-item list-group-item-action d-flex flex-wrap "
        "justify-content-between align-items-center gap-2 referral-row "
        "referral-pressing"
    )
    expect(row).to_contain_text("Client, Clara")
    expect(row).to_contain_text("0 days")
    screenshot("referral_dashboard")
    row.click()

    page.get_by_role("radio", name="Cleared for treatment", exact=True).check()
    page.get_by_label("Physician's restrictions").fill("No deep pressure on the lower back.")
    page.locator("#record-outcome summary").click()
    page.get_by_label("Osteoporosis").check()
    page.get_by_role("button", name="Record", exact=True).click()
    expect(page.get_by_text("Recorded: Cleared for treatment.")).to_be_visible()
    expect(page.locator("#referral-outcomes")).to_contain_text("No deep pressure")
    screenshot("referral_cleared")

    page.get_by_role("button", name="Amend the anamnesis with the restrictions").click()
    page.wait_for_url("**/anamnesis/*/edit/")
    expect(page.get_by_text("recorded as cautions in anamnesis version 2")).to_be_visible()
    amendment = Anamnesis.objects.get(previous=anamnesis)
    assert "osteoporosis" in amendment.cautions
    assert "No deep pressure on the lower back." in amendment.caution_notes

    page.goto(f"{live_server.url}/")
    expect(page.locator("#open-referrals")).to_have_count(0)
    assert not Referral.objects.open().exists()
    assert page.csp_violations == []
