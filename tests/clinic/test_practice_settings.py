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


def image_upload(size, *, fmt="PNG", mode="RGB", **save):
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, fmt, **save)
    return SimpleUploadedFile(f"logo.{fmt.lower()}", buffer.getvalue())


# Opening the header of the 144-megapixel file makes Pillow warn; the form then refuses it.
@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize(
    "size",
    [
        (4001, 100),  # wider than the limit
        (12_000, 12_000),  # 144 megapixels in a 17 KB file
    ],
)
def test_a_logo_too_large_in_pixels_is_refused_at_the_field(admin_client, practice, size):
    upload = image_upload(size, mode="1")
    assert upload.size < 2 * 1024 * 1024
    response = admin_client.post("/practice/settings/", {"name": practice.name, "logo": upload})
    assert response.status_code == 200
    assert f"{size[0]} x {size[1]} pixels" in response.context["form"].errors["logo"][0]
    practice.refresh_from_db()
    assert not practice.logo


def test_the_stored_logo_is_a_downscaled_png_without_metadata(admin_client, practice):
    exif = Image.Exif()
    exif[0x010E] = "Taken at Clara Client's home"  # ImageDescription
    upload = image_upload((3000, 1000), fmt="JPEG", exif=exif.tobytes())
    admin_client.post("/practice/settings/", {"name": practice.name, "logo": upload})
    practice.refresh_from_db()
    with practice.logo.open("rb") as file, Image.open(file) as stored:
        assert stored.format == "PNG"
        assert stored.size == (1200, 400)
        assert not stored.getexif()
    assert practice.logo.name.endswith(".png")


def test_a_file_that_is_not_an_image_is_refused_at_the_field(admin_client, practice):
    upload = SimpleUploadedFile("logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    response = admin_client.post("/practice/settings/", {"name": practice.name, "logo": upload})
    assert response.status_code == 200
    assert response.context["form"].errors["logo"]
    practice.refresh_from_db()
    assert not practice.logo
