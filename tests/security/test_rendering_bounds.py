"""Rendering cannot let one practice block another: renders run side by side, a document is
bounded in length and in time, and an oversized stored logo is left out instead of decoded."""

import io
import threading

import pytest
from django.core.files.base import ContentFile
from PIL import Image
from pypdf import PdfReader

from clinic.logos import LOGO_MAX_PIXELS
from plans import services
from plans.document import render
from plans.document.render import ASSET_ORIGIN, AssetFetcher, DocumentRefused, html_to_pdf
from plans.engine import limits
from plans.models import PlanDocument, TreatmentPlan
from tests.plans.plan_fixtures import plan_from

pytestmark = pytest.mark.django_db
# A safety net against a hang if renders did wait for each other; never a measure of speed.
HANG = 120


def pages(pdf):
    return len(PdfReader(io.BytesIO(bytes(pdf))).pages)


def image_sizes(pdf):
    return [
        image.image.size
        for page in PdfReader(io.BytesIO(bytes(pdf))).pages
        for image in page.images
    ]


@pytest.fixture
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def longest_plan(client_record, alice):
    """A draft whose every free text the therapist writes is as long as the form allows."""
    plan = plan_from(client_record, alice)
    TreatmentPlan.objects.filter(pk=plan.pk).update(
        client_instructions=("Walk every day. " * limits.INSTRUCTIONS)[: limits.INSTRUCTIONS],
        therapist_notes=("Tender at C5. " * limits.NOTES)[: limits.NOTES],
    )
    plan.refresh_from_db()
    return plan


class HeldFetcher(AssetFetcher):
    """Holds the render that uses it inside WeasyPrint (fetching an image) until released."""

    def __init__(self):
        super().__init__()
        self.entered = threading.Event()
        self.release = threading.Event()

    def fetch(self, url, headers=None):
        self.entered.set()
        self.release.wait(HANG)
        return super().fetch(url, headers)


def test_a_render_does_not_wait_for_another_one():
    held = HeldFetcher()
    image = f'<img src="{ASSET_ORIGIN}static/img/favicon.svg">'
    results = {}

    def slow():
        results["slow"] = html_to_pdf(f"<p>Slow {image}</p>", fetcher=held)

    def quick():
        results["quick"] = html_to_pdf("<p>Quick</p>", fetcher=AssetFetcher())

    slow_thread = threading.Thread(target=slow)
    slow_thread.start()
    assert held.entered.wait(HANG)
    quick_thread = threading.Thread(target=quick)
    quick_thread.start()
    quick_thread.join(HANG)
    try:
        # The quick document is done while the slow one is still inside its render.
        assert "quick" in results
        assert "slow" not in results
    finally:
        held.release.set()
        slow_thread.join(HANG)
    assert results["slow"].startswith(b"%PDF")


def test_every_field_at_its_limit_still_prints_within_the_page_bound(longest_plan):
    context = services.plan_context(plan=longest_plan, therapist_copy=True)
    assert pages(render.render_plan_pdf(context)) <= render.MAX_PAGES


def test_a_document_over_the_page_bound_is_refused(longest_plan, monkeypatch):
    monkeypatch.setattr(render, "MAX_PAGES", 2)
    with pytest.raises(DocumentRefused, match="longer than 2 pages"):
        render.render_plan_pdf(services.plan_context(plan=longest_plan, therapist_copy=True))


def test_html_over_the_size_bound_is_refused_before_layout(monkeypatch):
    monkeypatch.setattr(render, "MAX_HTML_CHARS", 100)
    with pytest.raises(DocumentRefused):
        html_to_pdf("<p>" + "x" * 200 + "</p>", fetcher=AssetFetcher())


def test_a_render_past_its_time_limit_is_stopped(monkeypatch):
    monkeypatch.setattr(render, "RENDER_SECONDS", -1)
    with pytest.raises(DocumentRefused, match="too long to lay out"):
        html_to_pdf("<p>Any document</p>", fetcher=AssetFetcher())
    # The next render, within its limit, is not affected.
    monkeypatch.setattr(render, "RENDER_SECONDS", 30)
    assert html_to_pdf("<p>Next</p>", fetcher=AssetFetcher()).startswith(b"%PDF")


def test_the_pdf_download_answers_a_clear_page_instead_of_a_server_error(
    alice_client, longest_plan, monkeypatch
):
    monkeypatch.setattr(render, "MAX_PAGES", 2)
    response = alice_client.get(f"/plans/{longest_plan.pk}/pdf/?copy=therapist")
    assert response.status_code == 422
    assert "too long to print" in response.content.decode()


def test_a_plan_too_long_to_print_is_not_finalized(alice_client, longest_plan, monkeypatch):
    monkeypatch.setattr(render, "MAX_PAGES", 1)
    response = alice_client.post(
        f"/plans/{longest_plan.pk}/finalize/", {"confirmed": "1"}, follow=True
    )
    assert "too long to print" in response.content.decode()
    longest_plan.refresh_from_db()
    assert longest_plan.is_draft
    assert not PlanDocument.objects.filter(plan=longest_plan).exists()
    assert not longest_plan.anamnesis.locked_at


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_an_oversized_stored_logo_is_left_out_of_the_document(
    _media, practice, client_record, alice
):
    # 12,000 x 12,000 pixels of one colour: a small file, 144 million pixels to decode.
    buffer = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(buffer, "PNG")
    practice.logo.save("huge.png", ContentFile(buffer.getvalue()))
    plan = plan_from(client_record, alice)
    pdf = render.render_plan_pdf(services.plan_context(plan=plan))
    assert all(width * height <= LOGO_MAX_PIXELS for width, height in image_sizes(pdf))
    assert pages(pdf) <= render.MAX_PAGES
