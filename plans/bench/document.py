"""Benchmarks of the plan document, for `manage.py bench`: small functions, one per figure.

    pdf.render_ms             median render of a typical three-page plan (with its home
                              exercise programme) through the app's renderer (context,
                              template, PDF)
    pdf.floor_ms              bare WeasyPrint rendering the same HTML with the same parsed
                              stylesheets and font configuration, in the same process, through a
                              minimal fetcher that does what the app's does: serves the same font
                              files and refuses every other URL (WeasyPrint's default fetcher
                              would load the system's TLS certificates for every document)
    pdf.ratio                 render over floor: what the app adds (context, template, the
                              fetcher's checks)
    pdf.archived_download_ms  downloading a finalized plan through the view (Django's test Client),
                              in a transaction that is rolled back

Every figure warms up first and reports the median of repeated runs.
"""

import copy
import datetime
import statistics
import time
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import transaction
from django.test import Client as TestClient
from django.urls import reverse
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from plans.bench import bench_client
from plans.document.render import (
    _NO_TRUST_TLS,
    ASSET_ORIGIN,
    DOCUMENT_STYLESHEETS,
    FONT_DIR,
    FONT_TYPES,
    Typesetter,
    plan_document_context,
    render_plan_html,
    render_plan_pdf,
)
from plans.engine import draft_plan, normalise_anamnesis

# A typical plan: a desk worker with a stiff neck; three A4 pages with the home exercise
# programme. Screened for every red-flag question (all answered no); where it is stored or
# drafted for a client, the `client` block is the client record's (`with_client`).
TYPICAL_ANAMNESIS = {
    "schema": "anamnesis/v2",
    "client": {"age": 34, "sex": "male"},
    "complaint": {
        "regions": [{"region": "neck", "side": "right"}],
        "duration_days": 2,
        "pain_character": ["stabbing", "pulling"],
        "radiation": "none",
        "intensity": {"now": 6, "worst": 7},
        "suspected": "stiff_neck",
        "causes": ["posture"],
    },
    "lifestyle": {
        "desk_hours_per_day": 6,
        "exercise_sessions_per_week": 1,
        "stress": 4,
        "occupation": "software developer",
    },
    "red_flags": [],
    "cautions": [],
    "findings": {"impairment": "mobility", "tissue": "superficial", "tone": "increased"},
}


def _runs(seconds):
    return max(3, round(seconds * 5))


def _median_ms(function, runs):
    function()  # warm-up
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def _typical_context():
    from anamnesis.contract import with_client
    from clinic.models import Client, Practice

    practice = Practice(
        name="Physiotherapie am Park",
        address="Parkstraße 12\n10115 Berlin",
        phone="+49 30 1234567",
        email="praxis@example.org",
    )
    client = Client(
        first_name="Jonas", last_name="Berger", date_of_birth=datetime.date(1991, 4, 2), sex="male"
    )
    doc = normalise_anamnesis(with_client(copy.deepcopy(TYPICAL_ANAMNESIS), client))
    return plan_document_context(
        draft_plan(doc),
        anamnesis=doc,
        client=client,
        practice=practice,
        draft=False,
        version=1,
        client_instructions="Please bring comfortable clothes.",
    )


@cache
def _floor_files():
    """The document's font files by URL, read once: what the floor's fetcher may serve."""
    folder = Path(finders.find(FONT_DIR.rstrip("/")))
    prefix = ASSET_ORIGIN + settings.STATIC_URL.strip("/") + "/" + FONT_DIR
    return {
        prefix + path.name: (path.read_bytes(), FONT_TYPES[path.suffix.lower()])
        for path in sorted(folder.iterdir())
        if path.suffix.lower() in FONT_TYPES
    }


class FloorFetcher(URLFetcher):
    """The floor's fetcher: the app's fonts at the app's URLs, every other URL refused, nothing
    else (no path checks, no storage)."""

    def __init__(self):
        super().__init__(
            ssl_context=_NO_TRUST_TLS, allowed_protocols=("https",), allow_redirects=False
        )
        self.files = _floor_files()

    def fetch(self, url, headers=None):
        if url not in self.files:
            raise ValueError(f"URL refused: {url[:200]}")
        body, content_type = self.files[url]
        return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})


@cache
def pdf_timings(seconds):
    """(render_ms, floor_ms), interleaved so that drift affects both alike."""
    context = _typical_context()
    html = render_plan_html(context)
    # The floor's own typesetter (the app's renders borrow theirs from the pool).
    setter = Typesetter()
    css = [setter.stylesheet(name) for name in DOCUMENT_STYLESHEETS]
    fonts = setter.font_config

    def app():
        render_plan_pdf(_typical_context())

    def floor():
        document = HTML(string=html, base_url=ASSET_ORIGIN, url_fetcher=FloorFetcher())
        document.write_pdf(stylesheets=css, font_config=fonts)

    app()
    floor()
    render, bare = [], []
    for _ in range(_runs(seconds)):
        render.append(_median_ms(app, 1))
        bare.append(_median_ms(floor, 1))
    return statistics.median(render), statistics.median(bare)


def pdf_render_ms(seconds):
    return f"{pdf_timings(seconds)[0]:.1f}"


def pdf_floor_ms(seconds):
    return f"{pdf_timings(seconds)[1]:.1f}"


def pdf_ratio(seconds):
    render, floor = pdf_timings(seconds)
    return f"{render / floor:.2f}"


class _Rollback(Exception):
    pass


def pdf_archived_download_ms(seconds):
    """A finalized plan created in a transaction that is rolled back: nothing stays behind."""
    result = {}
    try:
        with transaction.atomic():
            result["ms"] = _archived_download_ms(seconds)
            raise _Rollback
    except _Rollback:
        pass
    return f"{result['ms']:.2f}"


def _archived_download_ms(seconds):
    from anamnesis.contract import anamnesis_from_contract, with_client
    from plans import services

    user, client = bench_client(
        username="bench-therapist",
        first_name="Jonas",
        last_name="Berger",
        date_of_birth=datetime.date(1991, 4, 2),
        consent_date=datetime.date(2026, 1, 1),
    )
    anamnesis = anamnesis_from_contract(
        client=client, taken_by=user, doc=with_client(copy.deepcopy(TYPICAL_ANAMNESIS), client)
    )
    plan = services.plan_finalize(
        plan=services.plan_draft(anamnesis=anamnesis, author=user), by=user
    )
    browser = TestClient(HTTP_HOST="localhost")
    browser.force_login(user)
    url = reverse("plans:pdf", args=[plan.pk])

    def download():
        response = browser.get(url, secure=True)
        if response.status_code != 200:
            raise RuntimeError(f"download answered {response.status_code}")

    return _median_ms(download, max(20, _runs(seconds) * 5))


# (name, function of the measuring time in seconds), in the order they are printed.
FIGURES = [
    ("pdf.render_ms", pdf_render_ms),
    ("pdf.floor_ms", pdf_floor_ms),
    ("pdf.ratio", pdf_ratio),
    ("pdf.archived_download_ms", pdf_archived_download_ms),
]
