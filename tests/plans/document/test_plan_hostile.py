"""Hostile text is inert: shown as text, never fetched, never attached; the fetcher denies by
default and serves only the app's own static files and the practice logo."""

import copy
import io
import re
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from pypdf import PdfReader
from weasyprint.urls import URLFetcher

from plans import services
from plans.document import render
from plans.document.render import (
    ASSET_ORIGIN,
    AssetFetcher,
    URLRefused,
    html_to_pdf,
    plan_document_context,
    render_plan_html,
    render_plan_pdf,
)
from tests.plans.plan_fixtures import ACUTE_NECK, HOSTILE, RED_FLAG, completed_anamnesis

pytestmark = pytest.mark.django_db

PAYLOAD = " ".join(HOSTILE)
SHORT = f"{HOSTILE[0]} {HOSTILE[3]}"  # for fields of at most 100 characters


class SpyFetcher(AssetFetcher):
    """Records every URL WeasyPrint asks for, then lets AssetFetcher decide."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.asked = []

    def fetch(self, url, headers=None):
        self.asked.append(url)
        return super().fetch(url, headers)


def hostile_doc(base):
    doc = copy.deepcopy(base)
    doc["lifestyle"] = {**doc.get("lifestyle", {}), "occupation": PAYLOAD}
    doc["findings"] = {
        **doc.get("findings", {}),
        "visual": PAYLOAD,
        "trigger_points": [{"muscle": SHORT, "side": "right"}],
        "side_comparison": [{"test": SHORT, "left": 70, "right": 40, "unit": "deg"}],
    }
    return doc


@pytest.fixture
def hostile_client(practice, alice):
    from tests.factories import ClientFactory

    practice.name = PAYLOAD
    practice.address = PAYLOAD
    practice.save()
    return ClientFactory(
        practice=practice,
        first_name=HOSTILE[0],
        last_name=HOSTILE[3],
        referring_physician=PAYLOAD,
        consent_date="2026-01-01",
        consent_recorded_by=alice,
    )


def hostile_plan(client, by, base):
    plan = services.plan_draft(
        anamnesis=completed_anamnesis(client, by, hostile_doc(base)), author=by
    )
    services.plan_update(
        plan=plan,
        by=by,
        document=plan.plan,
        therapist_notes=PAYLOAD,
        client_instructions=PAYLOAD,
    )
    plan.refresh_from_db()
    return plan


def assert_escaped(html, markup):
    for raw in HOSTILE:
        assert raw not in html
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in html
    assert "&lt;link rel=&quot;attachment&quot;" in html
    assert "@import url(http://evil.example/x.css)" in html
    assert "&lt;iframe src=&quot;http://evil.example/&quot;&gt;" in html
    # nothing of it became an element
    assert not re.search(r"<(img|link|iframe|style)\b", markup)


def assert_inert_pdf(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.attachments == {}
    assert b"/EmbeddedFile" not in pdf
    assert b"/FileAttachment" not in pdf
    assert b"/Subtype /Image" not in pdf
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "file:///etc/passwd" in text  # shown as text
    return text


@pytest.mark.parametrize("base", [ACUTE_NECK, RED_FLAG], ids=["treat", "refer"])
@pytest.mark.parametrize("therapist_copy", [False, True], ids=["client-copy", "therapist-copy"])
def test_hostile_text_in_every_free_text_field_stays_text(
    hostile_client, alice, base, therapist_copy
):
    plan = hostile_plan(hostile_client, alice, base)
    context = services.plan_context(plan=plan, therapist_copy=therapist_copy)
    html = render_plan_html(context)
    body = html.split("<body>", 1)[1]
    assert_escaped(html, body)
    spy = SpyFetcher(media=context["media"])
    text = assert_inert_pdf(render_plan_pdf(context, fetcher=spy))
    assert spy.asked == []
    assert "<iframe" in text


def test_every_free_text_field_reaches_the_documents(hostile_client, alice):
    treat = services.plan_context(plan=hostile_plan(hostile_client, alice, ACUTE_NECK))
    refer = services.plan_context(
        plan=hostile_plan(hostile_client, alice, RED_FLAG), therapist_copy=True
    )
    treat_html, refer_html = render_plan_html(treat), render_plan_html(refer)
    escaped = "&lt;img src=&quot;file:///etc/passwd&quot;&gt;"
    # client name, practice name and address, occupation, instructions, trigger point muscle
    assert treat_html.count(escaped) >= 6
    # plus visual findings, side comparison, referring physician and the therapist's notes
    assert refer_html.count(escaped) >= 8


def test_hostile_text_on_the_plan_page_is_escaped(alice_client, hostile_client, alice):
    plan = hostile_plan(hostile_client, alice, ACUTE_NECK)
    html = alice_client.get(f"/plans/{plan.pk}/").content.decode()
    main = html.split('<main id="main"', 1)[1]
    assert_escaped(main, main)


def test_the_archived_pdf_of_hostile_text_is_inert(alice_client, hostile_client, alice):
    plan = services.plan_finalize(plan=hostile_plan(hostile_client, alice, ACUTE_NECK), by=alice)
    assert_inert_pdf(alice_client.get(f"/plans/{plan.pk}/pdf/").content)


def test_raw_markup_that_reached_weasyprint_would_still_fetch_nothing(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    html = (
        f'<html><head><link rel="attachment" href="file://{secret}">'
        "<style>@import url(http://127.0.0.1:9/x.css);</style>"
        f'<link rel="stylesheet" href="file://{secret}"></head><body>'
        f'<img src="file://{secret}"><img src="http://127.0.0.1:9/a.png">'
        '<img src="data:image/png;base64,iVBORw0KGgo=">'
        '<iframe src="http://127.0.0.1:9/"></iframe><object data="file:///etc/passwd"></object>'
        f'<img src="{ASSET_ORIGIN}static/../../../../etc/passwd">'
        "<p>visible</p></body></html>"
    )
    spy = SpyFetcher()
    pdf = html_to_pdf(html, fetcher=spy)
    assert spy.asked  # WeasyPrint asked, and every request was refused
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.attachments == {}
    assert b"/EmbeddedFile" not in pdf
    assert b"/Subtype /Image" not in pdf
    assert "TOP SECRET" not in reader.pages[0].extract_text()


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://evil.example/x.css",
        "https://evil.example/static/css/app.css",
        f"http://{render.ASSET_HOST}/static/css/app.css",
        "ftp://evil.example/x",
        "data:text/css,body{}",
        f"{ASSET_ORIGIN}static/../clinic/settings.py",
        f"{ASSET_ORIGIN}static/%2e%2e/clinic/settings.py",
        f"{ASSET_ORIGIN}static/css/..%2f..%2fclinic/settings.py",
        f"{ASSET_ORIGIN}static//etc/passwd",
        f"{ASSET_ORIGIN}static/css/app.css?x=1",
        f"{ASSET_ORIGIN}static/.hidden/x.css",
        f"{ASSET_ORIGIN}static/css/missing.css",
        f"{ASSET_ORIGIN}static/vendor/bootstrap/LICENSE",
        f"{ASSET_ORIGIN}media/logos/other-practice.png",
        f"{ASSET_ORIGIN}etc/passwd",
        f"https://user:pw@{render.ASSET_HOST}/static/css/app.css",
        f"https://{render.ASSET_HOST}:8443/static/css/app.css",
    ],
)
def test_fetcher_refuses_everything_but_the_apps_own_assets(url):
    with pytest.raises(URLRefused):
        AssetFetcher().fetch(url)


def test_fetcher_is_built_by_weasyprints_constructor_and_never_opens_a_url():
    original = URLFetcher.__init__
    with mock.patch.object(URLFetcher, "__init__", autospec=True, side_effect=original) as init:
        fetcher = AssetFetcher()
    init.assert_called_once()
    assert init.call_args.kwargs["allowed_protocols"] == ("https",)
    assert init.call_args.kwargs["allow_redirects"] is False
    for url in ("file:///etc/passwd", "http://127.0.0.1:9/", "data:text/css,body{}"):
        with pytest.raises(URLRefused):
            fetcher.open(url)  # urllib's entry point goes through fetch() too
        with pytest.raises(URLRefused):
            fetcher(url)


def test_fetcher_serves_the_apps_static_files():
    response = AssetFetcher().fetch(f"{ASSET_ORIGIN}static/css/app.css")
    assert response.content_type == "text/css"
    assert b"strict CSP" in response.read()


def test_fetcher_serves_only_the_logo_it_was_given(settings, tmp_path):
    from django.core.files.storage import default_storage

    settings.MEDIA_ROOT = tmp_path
    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
        b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff"
        b"\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    name = default_storage.save("logos/practice.png", ContentFile(png))
    other = default_storage.save("logos/other.png", ContentFile(png))
    fetcher = AssetFetcher(media=[name])
    assert fetcher.fetch(f"{ASSET_ORIGIN}media/{name}").read() == png
    with pytest.raises(URLRefused):
        fetcher.fetch(f"{ASSET_ORIGIN}media/{other}")


def test_document_context_of_a_file_has_no_client_or_practice():
    from plans.engine import draft_plan

    context = plan_document_context(draft_plan(ACUTE_NECK), anamnesis=ACUTE_NECK)
    assert context["client"] is None and context["practice"] is None
    html = render_plan_html(context)
    assert "Massage and physiotherapy practice" in html
    assert "software developer" in html
