"""The plan document's benchmark keeps working (few runs: it checks, it does not measure)."""

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from plans.bench import document as bench
from plans.document.render import ASSET_ORIGIN, AssetFetcher, render_plan_pdf
from plans.management.commands.bench import FIGURES as ALL_FIGURES
from plans.models import TreatmentPlan


@pytest.fixture(autouse=True)
def _fresh_timings():
    bench.pdf_timings.cache_clear()
    yield
    bench.pdf_timings.cache_clear()


@pytest.mark.django_db
def test_bench_prints_every_pdf_figure_once():
    out = io.StringIO()
    call_command("bench", "--seconds", "0.05", stdout=out)
    lines = out.getvalue().strip().splitlines()
    figures = dict(line.split(": ", 1) for line in lines)
    assert len(figures) == len(lines)
    assert list(figures) == [name for name, _measure in ALL_FIGURES]
    for name in ("pdf.render_ms", "pdf.floor_ms", "pdf.ratio", "pdf.archived_download_ms"):
        assert float(figures[name]) > 0, name
    render, floor = float(figures["pdf.render_ms"]), float(figures["pdf.floor_ms"])
    assert float(figures["pdf.ratio"]) == pytest.approx(render / floor, abs=0.01)


@pytest.mark.django_db
def test_archived_download_benchmark_leaves_nothing_behind():
    assert float(bench.pdf_archived_download_ms(0.05)) > 0
    assert not TreatmentPlan.objects.exists()


def test_typical_plan_is_four_pages_with_its_exercise_programme():
    # Each exercise also says what to feel and when to stop (issue 11): one page more than before.
    pdf = render_plan_pdf(bench._typical_context())
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 4


def test_the_floor_fetches_the_fonts_the_app_fetches_and_refuses_the_rest():
    floor, app = bench.FloorFetcher(), AssetFetcher()
    fonts = sorted(bench._floor_files())
    assert len(fonts) == 4  # regular, bold, italic, bold italic
    for url in fonts:
        assert floor.fetch(url).read() == app.fetch(url).read()
    for url in (
        "file:///etc/passwd",
        "http://127.0.0.1:9/x.css",
        f"{ASSET_ORIGIN}static/print/fonts/OFL.txt",
        f"{ASSET_ORIGIN}media/logos/other-practice.png",
    ):
        with pytest.raises(ValueError):
            floor.fetch(url)
        with pytest.raises(ValueError):
            app.fetch(url)
