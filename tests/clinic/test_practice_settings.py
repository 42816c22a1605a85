"""Practice settings: a practice admin uploads the logo that the printed plans carry."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader

from clinic.models import Membership
from plans import services
from plans.document.render import render_plan_pdf
from tests.plans.plan_fixtures import plan_from

pytestmark = pytest.mark.django_db


def png_upload(name="logo.png", fmt="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), (47, 93, 98)).save(buffer, fmt)
    content_type = "image/png" if fmt == "PNG" else f"image/{fmt.lower()}"
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


@pytest.fixture
def admin_client(client, alice):
    Membership.objects.filter(user=alice).update(role=Membership.Role.ADMIN)
    client.force_login(alice)
    return client


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_practice_admin_uploads_the_logo(admin_client, practice):
    page = admin_client.get("/practice/settings/")
    assert page.status_code == 200
    response = admin_client.post(
        "/practice/settings/",
        {"name": practice.name, "address": "Parkweg 2", "phone": "030 1", "logo": png_upload()},
    )
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.logo.name.startswith("logos/")
    assert practice.address == "Parkweg 2"


def test_only_png_or_jpeg_is_accepted(admin_client, practice):
    response = admin_client.post(
        "/practice/settings/",
        {"name": practice.name, "logo": png_upload("logo.gif", "GIF")},
    )
    assert response.status_code == 200
    assert "PNG or JPEG" in response.content.decode()
    practice.refresh_from_db()
    assert not practice.logo


def test_therapists_cannot_change_the_practice_settings(alice_client, practice):
    assert alice_client.get("/practice/settings/").status_code == 403
    response = alice_client.post("/practice/settings/", {"name": "Taken over"})
    assert response.status_code == 403
    practice.refresh_from_db()
    assert practice.name == "Alice's Practice"


def test_an_admin_changes_only_their_own_practice(client, mallory, practice, other_practice):
    Membership.objects.filter(user=mallory).update(role=Membership.Role.ADMIN)
    client.force_login(mallory)
    client.post("/practice/settings/", {"name": "Renamed by Mallory"})
    practice.refresh_from_db()
    other_practice.refresh_from_db()
    assert practice.name == "Alice's Practice"
    assert other_practice.name == "Renamed by Mallory"


def test_the_logo_is_printed_in_the_letterhead(admin_client, practice, client_record, alice):
    admin_client.post("/practice/settings/", {"name": practice.name, "logo": png_upload()})
    practice.refresh_from_db()
    plan = plan_from(client_record, alice)
    pdf = render_plan_pdf(services.plan_context(plan=plan))
    assert b"/Subtype /Image" in pdf
    assert PdfReader(io.BytesIO(pdf)).attachments == {}
