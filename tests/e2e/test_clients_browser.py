"""A therapist signs in, adds a client and finds them again, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from clinic.models import Client
from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_sign_in_create_client_and_find_by_search(page, live_server, alice, screenshot):
    page.goto(f"{live_server.url}/clients/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))

    sign_in(page, live_server, "alice", PASSWORD)
    expect(page.get_by_role("heading", name="Hello, Alice")).to_be_visible()
    screenshot("dashboard")

    page.get_by_role("link", name="+ New client").first.click()
    page.get_by_label("First name").fill("Henrike")
    page.get_by_label("Last name").fill("Vogelsang")
    page.get_by_label("Date of birth").fill("1979-04-21")
    page.get_by_label("Sex").select_option("female")
    page.get_by_label("Phone").fill("+49 30 1234 5678")
    page.get_by_label("Occupation").fill("Bookkeeper")
    page.get_by_label("The client consents to the processing of their health data").check()
    screenshot("client_form")
    page.get_by_role("button", name="Add client").click()

    page.wait_for_url("**/clients/*/")
    expect(page.get_by_role("heading", name="Henrike Vogelsang")).to_be_visible()
    expect(page.get_by_text("Henrike Vogelsang was added.")).to_be_visible()
    screenshot("client_detail")
    client = Client.objects.get(last_name="Vogelsang")
    assert client.consent_recorded_by.username == "alice"

    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Clients"
    ).click()
    page.get_by_role("searchbox").fill("vogel")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"q=vogel"))
    expect(page.get_by_role("link", name="Vogelsang, Henrike")).to_be_visible()
    screenshot("client_search")

    page.get_by_role("searchbox").fill("21.04.1979")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"q=21\.04\.1979"))
    page.get_by_role("link", name="Vogelsang, Henrike").click()
    expect(page.get_by_role("heading", name="Henrike Vogelsang")).to_be_visible()
    assert page.csp_violations == []


def test_client_form_keeps_entered_data_on_error(page, live_server, alice, screenshot):
    sign_in(page, live_server, "alice", PASSWORD)
    page.goto(f"{live_server.url}/clients/new/")
    page.get_by_label("First name").fill("Jo")
    page.get_by_label("Occupation").fill("Potter")
    page.get_by_role("button", name="Add client").click()
    expect(page.get_by_text("This field is required.").first).to_be_visible()
    screenshot("client_form_errors")
    expect(page.get_by_label("First name")).to_have_value("Jo")
    expect(page.get_by_label("Occupation")).to_have_value("Potter")
    assert not Client.objects.exists()


def test_signing_out_forgets_unsaved_intake_text_on_the_device(page, live_server, alice):
    sign_in(page, live_server, "alice", PASSWORD)
    page.evaluate("localStorage.setItem('anamnesis:1:new', '{\"notes\": \"private\"}')")
    page.evaluate("localStorage.setItem('unrelated', 'kept')")
    page.get_by_role("button", name="Alice Adler").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/login/")
    assert page.evaluate("localStorage.getItem('anamnesis:1:new')") is None
    assert page.evaluate("localStorage.getItem('unrelated')") == "kept"
