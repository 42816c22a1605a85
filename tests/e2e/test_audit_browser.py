"""A practice admin answers "who opened this client's record, and when?" in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from clinic.models import AuditEvent, Membership
from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in
from tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def carol(practice):
    user = UserFactory(username="carol", first_name="Carol", last_name="Chef")
    MembershipFactory(user=user, practice=practice, role=Membership.Role.ADMIN)
    return user


def test_the_admin_sees_who_opened_a_record_and_exports_it(
    page, live_server, alice, carol, client_record, screenshot
):
    # Alice fails once, signs in and opens Clara's record.
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("not her password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    sign_in(page, live_server, "alice", PASSWORD)
    page.goto(f"{live_server.url}/clients/{client_record.pk}/")
    expect(page.get_by_role("heading", name="Clara Client")).to_be_visible()
    page.context.clear_cookies()

    # Carol, the practice admin, finds it from the client's page.
    sign_in(page, live_server, "carol", PASSWORD)
    page.goto(f"{live_server.url}/clients/{client_record.pk}/")
    page.get_by_role("link", name="Access log").click()
    expect(page.get_by_role("heading", name="Audit trail")).to_be_visible()
    table = page.get_by_role("table")
    alices = table.get_by_role("row").filter(has_text="Alice Adler")
    expect(alices).to_have_count(1)  # her view; carol's own view is listed too
    expect(alices.get_by_role("cell", name="Viewed")).to_be_visible()

    # The whole trail: the failed sign-in stands out; filter by action.
    page.goto(f"{live_server.url}/practice/audit/")
    expect(page.get_by_role("row").filter(has_text="Sign-in failed")).to_be_visible()
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        screenshot(f"audit_trail_{width}")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Action").select_option("sign_in_failed")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"action=sign_in_failed"))
    expect(page.get_by_role("table").get_by_role("row")).to_have_count(2)  # header and one

    with page.expect_download() as download:
        page.get_by_role("link", name="Export as CSV").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    assert "Sign-in failed" in text and "alice" in text
    assert AuditEvent.objects.filter(action="exported", username="carol").exists()
    assert page.csp_violations == []
