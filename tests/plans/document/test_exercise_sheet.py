"""The exercise sheet: the plan's home exercises for the client to follow alone, as a PDF and a
printable page, and the same cards as a section of the plan PDF."""

import copy

import pytest
from django.urls import reverse

from plans import services
from plans.document.render import (
    plan_document_context,
    render_exercise_sheet_pdf,
    render_plan_html,
    render_plan_pdf,
)
from plans.engine import draft_plan
from plans.engine.exercises import EXERCISES
from tests.pdf import pdf_text
from tests.plans.plan_fixtures import CHRONIC_BACK, plan_from

SIX = ["cat_cow", "bird_dog", "glute_bridge", "hip_flexor_stretch", "walking", "chin_tuck"]


def _words(text):
    return " ".join(str(text).split())


def six_exercise_plan():
    plan = draft_plan(CHRONIC_BACK)
    plan["exercises"] = [
        {"code": code, **EXERCISES[code].dose.as_item(), "because": ["complaint.course=chronic"]}
        for code in SIX
    ]
    return plan


@pytest.mark.parametrize("code", list(EXERCISES))
def test_every_exercise_says_what_to_feel_and_when_to_stop(code):
    exercise = EXERCISES[code]
    assert exercise.feel.endswith(".") and exercise.stop.endswith(".")
    for alarming in ("danger", "damage", "injur", "harm"):
        assert alarming not in (exercise.feel + exercise.stop).lower()


def test_the_sheet_shows_each_exercise_with_steps_dose_feel_stop_and_progression():
    text = pdf_text(render_exercise_sheet_pdf(plan_document_context(six_exercise_plan())))
    assert "Your exercises at home" in text
    for code in SIX:
        exercise = EXERCISES[code]
        assert exercise.name in text
        for words in (*exercise.steps, exercise.feel, exercise.stop, exercise.progression):
            assert _words(words) in text, words
    assert "2 sets of 10, once a day" in text  # the bridge's dose in words
    assert "10 minutes, twice a day" in text  # walking
    assert "What you should feel:" in text and "When to ease off or stop:" in text
    assert "Tick off what you have done" in text


def test_the_plan_pdf_has_the_same_exercise_cards():
    context = plan_document_context(six_exercise_plan())
    html = render_plan_html(context)
    assert html.count('class="exercise-card"') == len(SIX)
    text = pdf_text(render_plan_pdf(context))
    assert _words(EXERCISES["chin_tuck"].stop) in text
    assert "Why for you" in text  # the plan explains its choice; the sheet keeps to the doing


def test_a_dose_the_therapist_changed_is_printed():
    plan = six_exercise_plan()
    plan["exercises"][0] = {**plan["exercises"][0], "sets": 3, "reps": 12, "per_day": 1}
    text = pdf_text(render_exercise_sheet_pdf(plan_document_context(copy.deepcopy(plan))))
    assert "3 sets of 12, once a day" in text


@pytest.fixture
def back_draft(client_record, alice):
    return plan_from(client_record, alice, CHRONIC_BACK)


def test_the_plan_page_links_to_the_exercise_sheet(alice_client, back_draft):
    page = alice_client.get(back_draft.get_absolute_url()).content.decode()
    assert reverse("plans:exercise_sheet", args=[back_draft.pk]) in page


def test_the_printable_sheet_page_shows_the_cards_and_links_the_pdf(alice_client, back_draft):
    response = alice_client.get(reverse("plans:exercise_sheet", args=[back_draft.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('class="exercise-card"') == len(back_draft.plan["exercises"])
    assert reverse("plans:exercise_sheet_pdf", args=[back_draft.pk]) in page
    assert "css/exercise-sheet.css" in page


def test_the_sheet_pdf_downloads_for_the_practice(alice_client, back_draft, alice):
    plan = services.plan_finalize(plan=back_draft, by=alice)
    response = alice_client.get(reverse("plans:exercise_sheet_pdf", args=[plan.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert "exercises-" in response["Content-Disposition"]
    text = pdf_text(response.content)
    for item in plan.plan["exercises"]:
        assert EXERCISES[item["code"]].name in text


@pytest.mark.parametrize("name", ["plans:exercise_sheet", "plans:exercise_sheet_pdf"])
def test_mallory_gets_404_for_the_sheet(mallory_client, back_draft, name):
    assert mallory_client.get(reverse(name, args=[back_draft.pk])).status_code == 404


def test_a_referral_has_no_exercise_sheet(alice_client, referral_plan_record):
    url = reverse("plans:exercise_sheet", args=[referral_plan_record.pk])
    assert alice_client.get(url).status_code == 404
