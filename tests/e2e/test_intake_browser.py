"""A therapist records a whole intake in a real browser: body chart, formsets, autosave, plan."""

import datetime
import json
import os
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from anamnesis.contract import anamnesis_from_contract
from anamnesis.models import Anamnesis
from plans.engine import vocabulary
from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("INTAKE_SHOTS", "/tmp/shots"))


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def chart(page, value):
    """A region on the back view of the body chart: a picture of the checkboxes, for the mouse."""
    return page.locator(f'svg.body-chart [data-region-value="{value}"]').last


def box(page, value):
    return page.locator(f'input[name="regions"][value="{value}"]')


def test_whole_intake_through_the_body_chart_and_formsets(page, live_server, client_record):
    sign_in(page, live_server, "alice", PASSWORD)
    page.goto(f"{live_server.url}{client_record.get_absolute_url()}")
    page.get_by_role("link", name="+ New anamnesis").click()
    page.wait_for_url("**/anamnesis/new/")

    # Complaint: regions by a click on the chart or by their checkboxes, the two in sync.
    chart(page, "neck:right").click()
    expect(box(page, "neck:right")).to_be_checked()
    expect(chart(page, "neck:right")).to_have_class(re.compile(r"\bis-on\b"))
    chart(page, "upper_back:right").click()
    expect(box(page, "upper_back:right")).to_be_checked()
    box(page, "upper_back:left").check()
    expect(chart(page, "upper_back:left")).to_have_class(re.compile(r"\bis-on\b"))
    chart(page, "mid_back:central").click()
    expect(box(page, "mid_back:central")).to_be_checked()
    chart(page, "mid_back:central").click()  # and off again
    expect(box(page, "mid_back:central")).not_to_be_checked()
    expect(chart(page, "mid_back:central")).not_to_have_class(re.compile(r"\bis-on\b"))

    onset = timezone.localdate() - datetime.timedelta(days=100)
    page.get_by_label("Since when (onset)").fill(onset.isoformat())
    page.get_by_label("Since when (onset)").dispatch_event("change")
    course = page.locator("[data-course-derived]")
    expect(course).to_have_text("chronic")
    expect(page.get_by_label("or days since onset")).to_have_value("100")
    page.get_by_label("or days since onset").fill("12")
    expect(course).to_have_text("acute")
    expect(page.get_by_label("Since when (onset)")).to_have_value("")

    page.get_by_label("Pain now (0-10)").fill("6")
    page.get_by_label("Pain at worst (0-10)").fill("8")
    page.get_by_label("Radiation").select_option("shoulder")
    page.get_by_label("Suspected condition").select_option("stiff_neck")
    page.get_by_label("stabbing").check()
    page.get_by_label("pulling (tight)").check()
    page.locator("#div_id_causes").get_by_label("Posture").check()
    page.locator("#div_id_causes").get_by_label("Stress").check()
    page.get_by_label("Recurrent").select_option("no")
    page.get_by_label("Notes on the complaint").fill("Woke up with it on Monday.")

    # Lifestyle
    page.get_by_label("Occupation").fill("Software developer")
    page.get_by_label("Desk hours per day").fill("8")
    page.get_by_label("Exercise sessions per week").fill("1")
    page.get_by_label("Stress (0-10)").fill("7")

    # History: two rows
    page.locator("#id_injuries-0-kind").select_option("accident")
    page.locator("#id_injuries-0-region").select_option("neck")
    page.locator("#id_injuries-0-years_ago").fill("5")
    page.locator("#id_injuries-0-note").fill("whiplash, rear-end collision")
    page.locator('[data-prefix="injuries"] [data-add-row]').click()
    page.locator("#id_injuries-1-kind").select_option("surgery")
    page.locator("#id_injuries-1-region").select_option("shoulder")
    page.locator("#id_injuries-1-years_ago").fill("2")

    # Red flags: every question answered; a yes shows the referral banner at once.
    banner = page.locator("[data-red-flag-banner]")
    questions = page.locator(".red-flag-question")
    expect(questions).to_have_count(len(vocabulary.RED_FLAG))
    for index in range(len(vocabulary.RED_FLAG)):
        questions.nth(index).get_by_label("No", exact=True).check()
    expect(banner).to_be_hidden()
    questions.nth(3).get_by_label("Yes", exact=True).check()
    expect(banner).to_be_visible()
    questions.nth(3).get_by_label("No", exact=True).check()
    expect(banner).to_be_hidden()

    # Cautions
    page.locator("#div_id_cautions").get_by_label("Osteoporosis").check()

    # Examination
    page.get_by_label("Impairment").select_option("mobility")
    page.get_by_label("Tissue depth").select_option("superficial")
    page.get_by_label("Tone").select_option("increased")
    page.locator("#id_comparisons-0-test").fill("cervical rotation")
    page.locator("#id_comparisons-0-left").fill("75")
    page.locator("#id_comparisons-0-right").fill("40")
    page.locator("#id_comparisons-0-unit").select_option("deg")
    expect(page.locator('[data-prefix="comparisons"] [data-difference]').first).to_have_text("+35")
    page.locator('[data-prefix="comparisons"] [data-add-row]').click()
    page.locator("#id_comparisons-1-test").fill("shoulder abduction")
    page.locator("#id_comparisons-1-left").fill("170")
    page.locator("#id_comparisons-1-right").fill("165")
    page.locator("#id_comparisons-1-unit").select_option("deg")
    page.get_by_label("Visual findings").fill("head tilted to the right")
    page.locator("#id_trigger_points-0-muscle").fill("upper trapezius")
    page.locator("#id_trigger_points-0-side").select_option("right")
    page.locator('[data-prefix="trigger_points"] [data-add-row]').click()
    page.locator("#id_trigger_points-1-muscle").fill("levator scapulae")
    page.locator("#id_trigger_points-1-side").select_option("right")

    # Autosave: a few seconds after typing stops, the page says when it saved.
    expect(page.locator("[data-save-status]")).to_contain_text("Saved at", timeout=10_000)
    expect(page).to_have_url(re.compile(r"/edit/"))  # the first autosave created the draft
    anamnesis = Anamnesis.objects.get()
    assert anamnesis.trigger_points.count() == 2
    assert anamnesis.side_comparisons.count() == 2
    assert anamnesis.prior_injuries.count() == 2
    shot(page, "intake_form")

    page.get_by_role("button", name="Complete intake").click()
    page.wait_for_url(f"**{anamnesis.get_absolute_url()}")
    expect(page.get_by_role("heading", name="Anamnesis · Clara Client")).to_be_visible()

    anamnesis.refresh_from_db()
    assert anamnesis.status == Anamnesis.Status.COMPLETED
    assert list(anamnesis.regions.values_list("region", "side")) == [
        ("neck", "right"),
        ("upper_back", "both"),
    ]
    assert anamnesis.course == "acute"
    assert anamnesis.duration_days == 12
    assert anamnesis.pain_character == ["stabbing", "pulling"]
    assert anamnesis.causes == ["posture", "stress"]
    assert anamnesis.recurrent is False
    assert anamnesis.cautions == ["osteoporosis"]
    assert anamnesis.red_flag_screening_done and not anamnesis.red_flags
    assert [t.difference for t in anamnesis.side_comparisons.all()] == [35, 5]
    shot(page, "intake_read")

    page.get_by_role("link", name="Draft plan").click()
    page.wait_for_url("**/draft-plan/")
    expect(page.locator("#plan-techniques")).to_be_visible()
    shot(page, "draft_plan")
    assert page.csp_violations == []


def test_expired_session_keeps_the_typing_and_saves_it_after_signing_in(
    page, live_server, client_record, alice
):
    anamnesis = Anamnesis.objects.create(client=client_record, taken_by=alice)
    sign_in(page, live_server, "alice", PASSWORD)
    edit_url = f"{live_server.url}/anamnesis/{anamnesis.pk}/edit/"
    page.goto(edit_url)

    page.context.clear_cookies(name="sessionid")  # the session expires
    notes = page.get_by_label("Notes on the complaint")
    notes.fill("Typed after the session expired.")
    expect(page.locator("[data-session-expired]")).to_be_visible(timeout=10_000)
    shot(page, "intake_session_expired")
    storage = page.context.storage_state()["origins"]
    kept = " ".join(item["value"] for origin in storage for item in origin["localStorage"])
    assert "Typed after the session expired." in kept
    anamnesis.refresh_from_db()
    assert anamnesis.complaint_notes == ""

    # Sign in again in another tab, as the link on the page offers.
    expect(page.locator("[data-login-link]")).to_have_attribute(
        "href", re.compile(r"^/accounts/login/\?next=")
    )
    other = page.context.new_page()
    sign_in(other, live_server, "alice", PASSWORD)
    other.close()

    # Back on the intake (or after a reload): the kept text is there and gets saved.
    page.goto(edit_url)
    expect(page.get_by_label("Notes on the complaint")).to_have_value(
        "Typed after the session expired."
    )
    expect(page.locator("[data-save-status]")).to_contain_text("Saved at", timeout=10_000)
    anamnesis.refresh_from_db()
    assert anamnesis.complaint_notes == "Typed after the session expired."
    assert page.csp_violations == []


def test_red_flag_intake_offers_a_referral(page, live_server, client_record, alice):
    example = Path(__file__).resolve().parents[1] / "plans" / "examples"
    doc = json.loads((example / "red-flag-night-pain-fever.json").read_text())
    anamnesis = anamnesis_from_contract(client=client_record, taken_by=alice, doc=doc)
    sign_in(page, live_server, "alice", PASSWORD)
    page.goto(f"{live_server.url}{anamnesis.get_absolute_url()}")
    expect(page.locator("#referral-banner")).to_be_visible()
    shot(page, "intake_read_red_flag")
    page.get_by_role("link", name="Referral").click()
    page.wait_for_url("**/draft-plan/")
    expect(
        page.get_by_role("heading", name="Referral instead of treatment · Clara Client")
    ).to_be_visible()
    expect(page.locator("#plan-techniques")).to_have_count(0)
    shot(page, "draft_plan_referral")
    page.goto(f"{live_server.url}/anamnesis/{anamnesis.pk}/edit/")
    expect(page.locator("[data-red-flag-banner]")).to_be_visible()
    assert page.csp_violations == []


NEW_FIELDS = (
    "aggravating",
    "easing",
    "goals",
    "sleep",
    "straight_leg_raise",
    "reflexes",
    "dermatomal_sensory_loss",
    "myotomal_weakness",
    "odi",
)


def test_v2_questions_on_a_phone_by_label_and_keyboard(browser, live_server, client_record):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    phone = context.new_page()
    try:
        sign_in(phone, live_server, "alice", PASSWORD)
        phone.goto(f"{live_server.url}{reverse('anamnesis:new', args=[client_record.pk])}")
        ndi = phone.get_by_label("Neck Disability Index (0-50)")
        odi = phone.get_by_label("Oswestry Disability Index (0-100 %)")
        # The scores are offered for the complaints they are meant for.
        expect(ndi).to_be_hidden()
        expect(odi).to_be_hidden()
        box(phone, "neck:right").check()
        expect(ndi).to_be_visible()
        expect(odi).to_be_hidden()
        box(phone, "neck:right").uncheck()
        box(phone, "lower_back:central").check()
        expect(ndi).to_be_hidden()
        expect(odi).to_be_visible()

        phone.get_by_label("What makes it worse?").fill("Sitting in the car")
        phone.get_by_label("What eases it?").fill("A warm shower")
        phone.get_by_label("The client's goals").fill("Garden again\nSit through a film")
        phone.get_by_label("Sleep", exact=True).select_option("poor")
        phone.get_by_label("Straight leg raise").focus()
        phone.keyboard.press("ArrowDown")  # negative, chosen from the keyboard
        phone.get_by_label("Reflexes", exact=True).select_option("reduced")
        phone.get_by_label("Sensory loss in a dermatome").select_option("no")
        odi.fill("38")
        expect(phone.get_by_role("group", name="Neurological findings")).to_be_visible()
        # None of the new fields reaches past the screen's edge, nor does the page.
        for name in NEW_FIELDS:
            right = phone.evaluate(
                f"document.getElementById('div_id_{name}').getBoundingClientRect().right"
            )
            assert right <= 390, f"{name} reaches past the edge of a phone ({right}px)"
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        shot(phone, "intake_phone_v2")

        expect(phone.locator("[data-save-status]")).to_contain_text("Saved at", timeout=10_000)
        phone.get_by_role("button", name="Save draft").click()
        phone.wait_for_url(re.compile(r"/anamnesis/\d+/"))
        anamnesis = Anamnesis.objects.get()
        assert anamnesis.aggravating == "Sitting in the car"
        assert anamnesis.easing == "A warm shower"
        assert anamnesis.goals == ["Garden again", "Sit through a film"]
        assert anamnesis.sleep == "poor"
        assert anamnesis.straight_leg_raise == "negative"
        assert anamnesis.reflexes == "reduced"
        assert anamnesis.dermatomal_sensory_loss is False
        assert anamnesis.myotomal_weakness is None
        assert anamnesis.odi == 38
        phone.goto(f"{live_server.url}{anamnesis.get_absolute_url()}")
        expect(phone.locator("#read-goals")).to_contain_text("Sit through a film")
        for section in ("read-complaint", "read-lifestyle", "read-examination"):
            right = phone.evaluate(
                f"document.getElementById('{section}').getBoundingClientRect().right"
            )
            assert right <= 390, f"{section} reaches past the edge of a phone ({right}px)"
    finally:
        context.close()


def test_the_measures_are_taken_with_the_intake(page, live_server, client_record):
    sign_in(page, live_server, "alice", PASSWORD)
    page.goto(f"{live_server.url}{reverse('anamnesis:new', args=[client_record.pk])}")
    total = page.get_by_label("STarT Back total score (0-9)")
    expect(total).to_be_hidden()
    box(page, "lower_back:central").check()
    expect(total).to_be_visible()  # STarT Back screens a low back complaint
    rows = [("Sitting an hour", "3"), ("Bending to tie shoes", "4"), ("Carrying shopping", "5")]
    for i, (name, rating) in enumerate(rows):
        page.locator(f'[name="psfs-{i}-name"]').fill(name)
        page.locator(f'[name="psfs-{i}-baseline"]').fill(rating)
    add = page.locator('[data-prefix="psfs"] [data-add-row]')
    add.click()
    add.click()
    expect(add).to_be_hidden()  # the PSFS takes at most five activities
    total.fill("6")
    page.get_by_label("STarT Back psychosocial subscale, items 5-9 (0-5)").fill("4")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(r"/anamnesis/\d+/"))
    anamnesis = Anamnesis.objects.get()
    assert [(a.name, str(a.baseline)) for a in anamnesis.psfs_activities.all()] == rows
    assert (anamnesis.startback_total, anamnesis.startback_psychosocial) == (6, 4)
    expect(page.locator("#read-measures")).to_contain_text("high risk")
    assert page.csp_violations == []
