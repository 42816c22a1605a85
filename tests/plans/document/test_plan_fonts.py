"""The printed documents are set in the fonts the app ships (static/print/fonts/), never in
whatever the machine has installed: same font, same lines, same pages everywhere."""

import datetime
import io
import os
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from plans import services
from plans.bench import document as bench
from plans.document.render import (
    ASSET_ORIGIN,
    PRINT_FONT_FAMILY,
    AssetFetcher,
    URLRefused,
    plan_document_context,
    render_plan_pdf,
)
from plans.engine import draft_plan
from plans.history.client_history import ClientHistory
from plans.history.report import progress_context, render_progress_pdf
from tests.pdf import pdf_fonts, pdf_text
from tests.plans.history_fixtures import bulk_sessions
from tests.plans.plan_fixtures import ACUTE_NECK, CHRONIC_BACK, RED_FLAG, plan_from

FONTS = Path(settings.BASE_DIR) / "static" / "print" / "fonts"
PRINT_CSS = sorted((Path(settings.BASE_DIR) / "static" / "print").glob("*.css"))
FONT_URL = f"{ASSET_ORIGIN}static/print/fonts/"


@cache
def shipped_faces():
    """{the PDF name of each shipped face: (its PostScript name, its version)}. WeasyPrint names an
    embedded font after its family, which only the @font-face rules give ("Clinic Sans"); an
    installed font keeps its own name."""
    faces = {}
    for path in FONTS.glob("*.ttf"):
        names = TTFont(path)["name"]
        postscript = names.getDebugName(6)  # LiberationSans, LiberationSans-Bold, ...
        style = postscript.partition("-")[2]
        pdf_name = PRINT_FONT_FAMILY.replace(" ", "-") + (f"-{style}" if style else "")
        faces[pdf_name] = (postscript, names.getDebugName(5))
    return faces


def assert_only_shipped_fonts(pdf):
    """Every font in the PDF is one of the shipped files, embedded under the shipped family's name
    (a bold or italic the files lack would be synthesised from another face, and show here)."""
    faces = shipped_faces()
    fonts = pdf_fonts(pdf)
    assert set(fonts) <= set(faces), f"not shipped: {sorted(set(fonts) - set(faces))}"
    assert {"Clinic-Sans", "Clinic-Sans-Bold"} <= set(fonts)
    for name, program in fonts.items():
        assert program is not None, f"{name} is not embedded"
        embedded = TTFont(io.BytesIO(program))["name"]
        assert (embedded.getDebugName(6), embedded.getDebugName(5)) == faces[name], name


def typical_context():
    context = bench._typical_context()
    context["date"] = datetime.date(2026, 3, 2)
    return context


# What the documents use


def test_the_print_stylesheets_name_only_the_shipped_family():
    families = set()
    for path in PRINT_CSS:
        css = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
        families |= {value.strip() for value in re.findall(r"font-family\s*:\s*([^;}]+)", css)}
    assert families == {f'"{PRINT_FONT_FAMILY}"'}


def test_every_font_face_is_a_shipped_file_served_by_the_fetcher():
    css = (Path(settings.BASE_DIR) / "static" / "print" / "plan.css").read_text(encoding="utf-8")
    urls = re.findall(r"url\(([^)]+)\)", css)
    assert sorted(urls) == sorted(f"fonts/{path.name}" for path in FONTS.glob("*.ttf"))
    assert len(urls) == 4  # regular, bold, italic, bold italic
    for url in urls:
        response = AssetFetcher().fetch(f"{ASSET_ORIGIN}static/print/{url}")
        assert response.content_type == "font/ttf"
        assert response.read() == (FONTS / url.removeprefix("fonts/")).read_bytes()


def test_the_fonts_come_with_their_licence_and_origin():
    assert "SIL Open Font License" in (FONTS / "OFL.txt").read_text(encoding="utf-8")
    readme = (FONTS / "README.md").read_text(encoding="utf-8")
    assert "Liberation Sans" in readme and "2.1.5" in readme and PRINT_FONT_FAMILY in readme


def test_a_typical_plan_embeds_only_the_shipped_fonts():
    assert_only_shipped_fonts(render_plan_pdf(typical_context()))


def test_a_draft_therapists_copy_embeds_only_the_shipped_fonts():
    context = plan_document_context(
        draft_plan(ACUTE_NECK),
        anamnesis=ACUTE_NECK,
        draft=True,
        therapist_copy=True,
        therapist_notes="Left shoulder: go gently.",
    )
    assert_only_shipped_fonts(render_plan_pdf(context))


def test_the_referral_letter_embeds_only_the_shipped_fonts():
    context = plan_document_context(draft_plan(RED_FLAG), anamnesis=RED_FLAG, draft=False)
    assert context["referral"]  # the letter to the physician, its own template
    pdf = render_plan_pdf(context)
    assert_only_shipped_fonts(pdf)
    assert "Referral" in pdf_text(pdf)


@pytest.mark.django_db
def test_the_progress_report_and_its_chart_embed_only_the_shipped_fonts(client_record, alice):
    plan = services.plan_finalize(plan=plan_from(client_record, alice, CHRONIC_BACK), by=alice)
    bulk_sessions(plan, alice, 3, start=datetime.date(2026, 3, 5), pain=6)
    pdf = render_progress_pdf(progress_context(ClientHistory(client_record), by=alice))
    assert "Pain over time" in pdf_text(pdf)
    assert_only_shipped_fonts(pdf)


# The same document without any font on the machine

RENDER_IN_A_SUBPROCESS = """
import datetime, sys
import django

django.setup()
from weasyprint.text.ffi import fontconfig

from plans.bench import document as bench
from plans.document.render import render_plan_pdf

config = fontconfig.FcInitLoadConfigAndFonts()
installed = fontconfig.FcConfigGetFonts(config, fontconfig.FcSetSystem).nfont
fontconfig.FcConfigDestroy(config)
if installed:
    sys.exit(f"fontconfig still sees {installed} fonts")
context = bench._typical_context()
context["date"] = datetime.date(2026, 3, 2)
with open(sys.argv[1], "wb") as out:
    out.write(render_plan_pdf(context))
"""


def test_a_plan_is_the_same_document_on_a_machine_without_fonts(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f"<fontconfig><cachedir>{cache}</cachedir></fontconfig>\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("FONTCONFIG_")}
    env.update(
        FONTCONFIG_FILE=str(config),
        XDG_CACHE_HOME=str(cache),
        DJANGO_SETTINGS_MODULE="clinic.settings",
        PYTHONPATH=str(settings.BASE_DIR),
    )
    env.setdefault("DJANGO_DEBUG", "1")
    out = tmp_path / "plan.pdf"
    done = subprocess.run(
        [sys.executable, "-c", RENDER_IN_A_SUBPROCESS, str(out)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "cannot be loaded" not in done.stderr

    bare, here = out.read_bytes(), render_plan_pdf(typical_context())
    assert len(PdfReader(io.BytesIO(bare)).pages) == len(PdfReader(io.BytesIO(here)).pages)
    assert pdf_text(bare) == pdf_text(here)
    assert set(pdf_fonts(bare)) == set(pdf_fonts(here))
    assert_only_shipped_fonts(bare)


# The fetcher serves the fonts and nothing near them


@pytest.mark.parametrize(
    "url",
    [
        f"{FONT_URL}OFL.txt",
        f"{FONT_URL}README.md",
        f"{FONT_URL}missing.ttf",
        f"{FONT_URL}../fonts/LiberationSans-Regular.ttf",
        f"{FONT_URL}%2e%2e/plan.css",
        f"{ASSET_ORIGIN}static/print/LiberationSans-Regular.ttf",
        f"{ASSET_ORIGIN}static/css/LiberationSans-Regular.woff2",
        f"{ASSET_ORIGIN}static/print/fonts/sub/LiberationSans-Regular.ttf",
        f"{ASSET_ORIGIN}media/print/fonts/LiberationSans-Regular.ttf",
        f"file://{FONTS}/LiberationSans-Regular.ttf",
        "file:///usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "https://fonts.example/print/fonts/LiberationSans-Regular.ttf",
    ],
)
def test_the_fetcher_serves_fonts_from_the_fonts_folder_only(url):
    with pytest.raises(URLRefused):
        AssetFetcher().fetch(url)
