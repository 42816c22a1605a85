"""The routine tier's letter: a plan that treats and informs the physician prints, after the
client's plan, the letter to the physician on its own page; other plans are as they were."""

import io

import pytest
from pypdf import PdfReader

from plans import services
from plans.document.render import plan_document_context, render_plan_html
from plans.engine import draft_plan
from plans.models import PlanDocument
from tests.plans.plan_fixtures import NECK_NERVE_ROOT, plan_from

pytestmark = pytest.mark.django_db

PHYSICIAN = "Dr. Petra Hausarzt, Lindenweg 4"
ROUTINE_WORDS = "the client is being treated as planned"
PAGE_NOTE = "letter to the physician, on its own page after the client's plan"


def pages(data):
    """The text of each page of a PDF (bytes), whitespace folded."""
    return [
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(bytes(data))).pages
    ]


@pytest.fixture
def routine_plan(client_record, alice):
    client_record.referring_physician = PHYSICIAN
    client_record.save()
    plan = plan_from(client_record, alice, NECK_NERVE_ROOT)
    assert plan.plan["decision"] == "treat"
    assert plan.plan["referral"]["urgency"] == "routine"
    return plan


def test_the_routine_letter_follows_the_plan_on_its_own_page(alice_client, routine_plan):
    plan = routine_plan
    plan.client_instructions = "Bring loose clothes."
    plan.save()
    text = pages(alice_client.get(f"/plans/{plan.pk}/pdf/").content)
    start = next(i for i, page in enumerate(text) if "Dear colleague" in page)
    assert start > 0
    before, letter = " ".join(text[:start]), " ".join(text[start:])
    # The plan tells the client, calmly, that the letter is there.
    assert "Your treatment plan" in before
    assert "A short letter tells your physician about some of your findings" in before
    assert "Bring loose clothes." in before
    assert "Dear colleague" not in before
    # The letter: its own letterhead, addressed to the referring physician, in this tier's words.
    assert letter.removeprefix("DRAFT ").startswith("Alice's Practice")
    assert "Your treatment plan" not in letter
    assert f"Phone +49 30 1234567 {PHYSICIAN}" in letter
    assert "For your information: Clara Client, born" in letter
    assert ROUTINE_WORDS in letter
    assert "so that you can check them when convenient" in letter
    assert "Routine: treatment continues, for your information" in letter
    assert "Please let us know if you see a reason to change the treatment." in letter
    # The findings the routine referral names, in clinical words, and the findings table.
    assert "Reason for this letter" in letter
    assert "Reflexes: reduced" in letter
    assert "Dermatomal sensory loss: yes" in letter
    assert "radiating into the forearm or hand" in letter
    # Nothing that did not happen, nothing of the referral that replaces treatment.
    assert "advised" not in letter
    assert "Warning signs" not in letter
    assert "I have not started treatment" not in letter
    assert "ruled out a serious cause" not in letter
    # The client's notes stay on the plan; the therapist signs the letter, the client does not.
    assert "Bring loose clothes." not in letter
    assert letter.rstrip().endswith(f"Page {len(text)} of {len(text)}")
    assert "Kind regards, Therapist: Alice Adler" in letter
    assert "Client: Clara Client" not in letter
    assert "DRAFT" in letter


def test_without_a_referring_physician_the_letter_leaves_a_line_to_fill_in(
    alice_client, client_record, alice
):
    plan = plan_from(client_record, alice, NECK_NERVE_ROOT)
    letter = " ".join(pages(alice_client.get(f"/plans/{plan.pk}/pdf/").content)[-1:])
    assert "To the treating physician …" in letter
    assert ROUTINE_WORDS in letter


def test_the_therapists_copy_has_the_letter_before_the_page_for_the_file(
    alice_client, routine_plan
):
    text = pages(alice_client.get(f"/plans/{routine_plan.pk}/pdf/?copy=therapist").content)
    letter = next(i for i, page in enumerate(text) if "Dear colleague" in page)
    file_page = next(i for i, page in enumerate(text) if "For the practice's file" in page)
    assert letter < file_page == len(text) - 1
    assert "For the practice's file" not in " ".join(text[:file_page])


def test_the_archived_pdf_of_a_signed_plan_carries_the_signed_letter(alice, routine_plan):
    plan = services.plan_finalize(plan=routine_plan, by=alice)
    text = pages(PlanDocument.objects.get(plan=plan).pdf)
    letter = " ".join(text[next(i for i, p in enumerate(text) if "Dear colleague" in p) :])
    assert ROUTINE_WORDS in letter
    assert "Signed by Alice Adler" in letter
    assert "DRAFT" not in " ".join(text)


def test_a_plan_that_treats_without_a_referral_has_no_letter(alice_client, draft_plan_record):
    assert draft_plan_record.plan["decision"] == "treat"
    assert draft_plan_record.plan["referral"] is None
    text = " ".join(pages(alice_client.get(f"/plans/{draft_plan_record.pk}/pdf/").content))
    assert "Your treatment plan" in text
    for words in ("Dear colleague", "To the treating physician", "Your physician", ROUTINE_WORDS):
        assert words not in text


def test_a_referral_is_the_referral_letter_as_before(alice_client, referral_plan_record):
    text = pages(alice_client.get(f"/plans/{referral_plan_record.pk}/pdf/").content)
    letter = " ".join(text)
    assert "Your treatment plan" not in letter
    assert letter.count("Dear colleague") == 1
    assert "Referral for medical assessment: Clara Client, born" in letter
    assert "I have not started treatment and ask you to assess the client." in letter
    assert "Warning signs" in letter
    assert "Fever or a current infection" in letter
    assert "ruled out a serious cause" in letter
    for words in (ROUTINE_WORDS, "For your information", "Reason for this letter"):
        assert words not in letter


def test_the_client_instructions_of_a_referral_stay_in_its_letter(referral_plan_record):
    referral_plan_record.client_instructions = "Take this letter to your physician today."
    html = render_plan_html(services.plan_context(plan=referral_plan_record))
    assert "Further notes" in html
    assert "Take this letter to your physician today." in html


def test_one_context_builds_both_letters(routine_plan, referral_plan_record):
    treats = services.plan_context(plan=routine_plan)
    refers = services.plan_context(plan=referral_plan_record)
    assert treats["referral"] is None
    assert treats["informs_physician"]["treating"] is True
    assert treats["informs_physician"]["red_flags"][:2] == [
        "Reflexes: reduced",
        "Dermatomal sensory loss: yes",
    ]
    assert refers["informs_physician"] is None
    assert refers["referral"]["treating"] is False


def test_a_plan_from_a_file_leaves_the_letters_lines_blank():
    context = plan_document_context(draft_plan(NECK_NERVE_ROOT), anamnesis=NECK_NERVE_ROOT)
    html = render_plan_html(context)
    letter = html[html.index('class="physician-letter"') :]
    assert '<p class="blank">' in letter  # the addressee, to fill in by hand
    assert ROUTINE_WORDS in letter


def test_the_plan_page_and_the_draft_preview_say_the_pdf_includes_the_letter(
    alice_client, routine_plan, referral_plan_record, draft_plan_record
):
    page = alice_client.get(f"/plans/{routine_plan.pk}/").content.decode()
    assert f"The PDF includes the {PAGE_NOTE}." in page
    preview = alice_client.get(f"/anamnesis/{routine_plan.anamnesis.pk}/draft-plan/")
    assert f"The plan's PDF will include the {PAGE_NOTE}." in preview.content.decode()
    for other in (referral_plan_record, draft_plan_record):
        assert (
            'id="physician-letter"' not in alice_client.get(f"/plans/{other.pk}/").content.decode()
        )
    other_preview = alice_client.get(f"/anamnesis/{draft_plan_record.anamnesis.pk}/draft-plan/")
    assert 'id="physician-letter"' not in other_preview.content.decode()
