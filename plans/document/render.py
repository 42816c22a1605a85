"""The plan document: one renderer for the web app, `manage.py plan` and `manage.py bench`.

    context = plan_document_context(plan, anamnesis=doc, client=..., practice=..., ...)
    html = render_plan_html(context)          # the printable document as HTML
    pdf = render_plan_pdf(context)            # the same HTML through WeasyPrint, as bytes
    pdf = render_exercise_sheet_pdf(context)  # the home exercises alone, for the client's fridge

Safety model: every value a person typed reaches the template as data and is autoescaped, so
markup in it is shown as text. WeasyPrint resolves every URL in the document through
`AssetFetcher`, which refuses anything but the app's own static files and the practice logo
(deny by default: no file paths, no network, no redirects, no other protocol). The stylesheet is
handed over already parsed, never as a URL.

Renders run side by side: each borrows a `Typesetter` (a font configuration and the stylesheets
parsed with it) that no other render uses at the same time, since Pango's font map is not safe to
share between threads; typesetters are kept for the next render, so the fonts are loaded once per
concurrent render, not once per document. Nothing is held across a render that another render
waits for.

Bounds: every field a person types has a limit (plans/engine/limits.py), and a render stops with
`DocumentRefused` when the HTML is longer than MAX_HTML_CHARS, the layout passes MAX_PAGES pages,
or the render runs past RENDER_SECONDS. The last two are checked from WeasyPrint's own progress
reports (the `weasyprint.progress` logger, called in the rendering thread at every step and every
page), so a render is stopped in its own thread, between two pages, and no other is affected.

Fonts: the print stylesheet sets every document in the fonts shipped in static/print/fonts/,
loaded with @font-face under the family name "Clinic Sans" (PRINT_FONT_FAMILY), which no installed
font has; the fetcher serves font files from that folder only. Parsing the stylesheet with the
process's FontConfiguration registers them, once, and every render uses that configuration, so
a document has the same lines and pages whatever fonts the machine has.
"""

import io
import logging
import mimetypes
import posixpath
import queue
import ssl
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from PIL import Image
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from anamnesis import labels as anamnesis_labels
from clinic.logos import LOGO_MAX_PIXELS
from plans.document import drawings, explanations
from plans.engine.exercises import EXERCISES

# Documents resolve relative URLs against this origin, which never reaches a network: the
# fetcher maps it onto static files and media storage, and nothing else.
ASSET_HOST = "assets.plan.invalid"
ASSET_ORIGIN = f"https://{ASSET_HOST}/"
STYLESHEET = "print/plan.css"
# The exercise cards: shared by the PDFs and the printable page in the browser.
EXERCISE_STYLESHEET = "css/exercise-sheet.css"
STATIC_TYPES = {".css", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}
IMAGE_TYPES = {".png", ".jpg", ".jpeg", ".gif", ".webp"}
# The documents' fonts: served from this static folder only, nowhere else.
FONT_DIR = "print/fonts/"
FONT_TYPES = {".ttf": "font/ttf", ".otf": "font/otf", ".woff": "font/woff", ".woff2": "font/woff2"}
# The family name print/plan.css gives the shipped fonts in its @font-face rules.
PRINT_FONT_FAMILY = "Clinic Sans"

TEMPLATE = "plans/print/plan.html"
REFERRAL_TEMPLATE = "plans/print/referral_letter.html"
SHEET_TEMPLATE = "plans/print/referral_sheet.html"
EXERCISE_SHEET_TEMPLATE = "plans/print/exercises.html"

# The bounds of one render. The longest document the app makes from text within the field
# limits (a letter with every note full, a progress report) stays well inside them.
MAX_HTML_CHARS = 1_000_000
MAX_PAGES = 60
RENDER_SECONDS = 30
# For the urllib handlers of every AssetFetcher, which never use it: verifies certificates, trusts
# none.
_NO_TRUST_TLS = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


class URLRefused(ValueError):
    """The document asked for something that is not one of the app's own assets."""


class DocumentRefused(Exception):
    """The document is too long to print, or took too long to lay out: no PDF was made."""

    def __init__(self, message):
        self.message = message
        super().__init__(message)


class AssetFetcher(URLFetcher):
    """Deny-by-default URL fetcher: static assets of this app and allow-listed media files only.

    `media` names the files in the default storage that this document may show (the practice
    logo); font files are served from static/print/fonts/ only. Any other URL, file path,
    protocol or host is refused, and nothing ever goes to the network, so there are no redirects
    to follow.
    """

    def __init__(self, *, media=()):
        # `fetch` below never opens a URL through the urllib handlers URLFetcher installs. They get
        # a TLS context that trusts no certificate (so no HTTPS connection could be made through
        # them anyway), shared by every fetcher: WeasyPrint's default loads the system's
        # certificates, tens of milliseconds for each document.
        super().__init__(
            ssl_context=_NO_TRUST_TLS,
            allowed_protocols=("https",),
            allow_redirects=False,
            fail_on_errors=False,
        )
        self.media = frozenset(name for name in media if name)

    def fetch(self, url, headers=None):
        kind, name = self.resolve(url)
        if kind == "static":
            body = Path(name).read_bytes()
        else:
            with default_storage.open(name, "rb") as file:
                body = file.read()
            _check_image_size(name, body)
        suffix = posixpath.splitext(name)[1].lower()
        content_type = (
            FONT_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
        )
        return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})

    def resolve(self, url):
        """`("static", absolute path)` or `("media", storage name)`; raises URLRefused."""
        try:
            parts = urlsplit(url)
        except ValueError:
            raise URLRefused(f"malformed URL refused: {url[:200]}") from None
        if (
            parts.scheme != "https"
            or parts.netloc != ASSET_HOST
            or parts.query
            or parts.fragment
            or not parts.path.startswith("/")
        ):
            raise URLRefused(f"URL refused: {url[:200]}")
        path = _clean_path(unquote(parts.path))
        static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
        media_prefix = "/" + settings.MEDIA_URL.strip("/") + "/"
        if path.startswith(static_prefix):
            return "static", _static_file(path.removeprefix(static_prefix))
        if path.startswith(media_prefix):
            name = path.removeprefix(media_prefix)
            if name in self.media and posixpath.splitext(name)[1].lower() in IMAGE_TYPES:
                return "media", name
        raise URLRefused(f"URL refused: {url[:200]}")


def _check_image_size(name, body):
    """Refuse a stored image WeasyPrint would have to decode at an absurd size (a logo stored
    before uploads were checked, or put in storage by other means): the document is rendered
    without it. Reading the size decodes nothing but the header."""
    try:
        with Image.open(io.BytesIO(body)) as image:
            width, height = image.size
    except (OSError, Image.DecompressionBombError, ValueError):
        raise URLRefused(f"unreadable image refused: {name}") from None
    if width * height > LOGO_MAX_PIXELS:
        raise URLRefused(f"image of {width} x {height} pixels refused: {name}")


def _clean_path(path):
    if "\\" in path or "\x00" in path or "//" in path:
        raise URLRefused("path refused")
    if any(part in ("", ".", "..") or part.startswith(".") for part in path.split("/")[1:]):
        raise URLRefused("path refused")
    return path


def _static_file(relative):
    suffix = posixpath.splitext(relative)[1].lower()
    if suffix in FONT_TYPES:
        if posixpath.dirname(relative) + "/" != FONT_DIR:
            raise URLRefused(f"font outside {FONT_DIR} refused: {relative}")
    elif suffix not in STATIC_TYPES:
        raise URLRefused(f"static file type refused: {relative}")
    candidates = []
    found = finders.find(relative)
    if found:
        candidates.append(Path(found))
    if settings.STATIC_ROOT:
        candidates.append(Path(settings.STATIC_ROOT) / relative)
    roots = [Path(p).resolve() for p in (*settings.STATICFILES_DIRS, settings.STATIC_ROOT) if p]
    for candidate in candidates:
        resolved = candidate.resolve()
        inside = any(resolved.is_relative_to(root) for root in roots) or found
        if inside and resolved.is_file():
            return str(resolved)
    raise URLRefused(f"static file not found: {relative}")


DOCUMENT_STYLESHEETS = (STYLESHEET, EXERCISE_STYLESHEET)


def parse_stylesheet(name, font_config):
    """A print stylesheet parsed for `font_config` (any url() in it goes through the fetcher; its
    @font-face rules load the shipped fonts into that configuration)."""
    path = finders.find(name)
    if path is None:
        raise FileNotFoundError(name)
    return CSS(
        string=Path(path).read_text(encoding="utf-8"),
        base_url=f"{ASSET_ORIGIN}{settings.STATIC_URL.strip('/')}/{posixpath.dirname(name)}/",
        url_fetcher=AssetFetcher(),
        font_config=font_config,
    )


class Typesetter:
    """A font configuration and the stylesheets parsed with it, for one render at a time.

    Building one scans the installed fonts and parses the stylesheets (about 0.2 s), so they are
    kept for the next render (`typesetter()`) rather than made for each document.
    """

    def __init__(self):
        self.font_config = FontConfiguration()
        self._stylesheets = {}

    def stylesheet(self, name):
        if name not in self._stylesheets:
            self._stylesheets[name] = parse_stylesheet(name, self.font_config)
        return self._stylesheets[name]


_idle_typesetters = queue.SimpleQueue()


@contextmanager
def typesetter():
    """Borrow a typesetter no other render is using; there are as many as renders ever ran at
    once. One whose render was stopped halfway is not reused."""
    try:
        setter = _idle_typesetters.get_nowait()
    except queue.Empty:
        setter = Typesetter()
    yield setter
    _idle_typesetters.put(setter)


# A render's bounds, for the thread that renders it: (page limit, deadline) or None.
_bounds = threading.local()
PAGE_STEP = "Step 5 - Creating layout - Page"


class _RenderBounds(logging.Filter):
    """Stops the render of the current thread, from inside WeasyPrint's progress report, once it
    lays out more than its page limit or passes its deadline. The reports go nowhere."""

    def filter(self, record):
        limits = getattr(_bounds, "limits", None)
        if limits is not None:
            max_pages, deadline = limits
            if str(record.msg).startswith(PAGE_STEP) and record.args[0] > max_pages:
                raise DocumentRefused(_too_long(max_pages))
            if time.monotonic() > deadline:
                raise DocumentRefused(_too_slow())
        return False


_progress = logging.getLogger("weasyprint.progress")
_progress.addFilter(_RenderBounds())
# WeasyPrint reports progress at INFO; the filter drops every report, so nothing is printed.
_progress.setLevel(logging.INFO)


def _too_long(max_pages):
    return _(
        "This document would be longer than %(pages)d pages, too long to print. "
        "Shorten the longest notes or instructions and try again."
    ) % {"pages": max_pages}


def _too_slow():
    return _(
        "This document took too long to lay out and was stopped. "
        "Shorten the longest notes or instructions and try again."
    )


def html_to_pdf(html, *, fetcher, stylesheets=DOCUMENT_STYLESHEETS):
    """The HTML as PDF bytes, within the bounds of one render (else DocumentRefused)."""
    if len(html) > MAX_HTML_CHARS:
        raise DocumentRefused(_too_long(MAX_PAGES))
    with typesetter() as setter:
        sheets = [setter.stylesheet(name) for name in stylesheets]
        _bounds.limits = (MAX_PAGES, time.monotonic() + RENDER_SECONDS)
        try:
            document = HTML(string=html, base_url=ASSET_ORIGIN, url_fetcher=fetcher).render(
                stylesheets=sheets, font_config=setter.font_config
            )
            if len(document.pages) > MAX_PAGES:
                raise DocumentRefused(_too_long(MAX_PAGES))
            return document.write_pdf()
        finally:
            _bounds.limits = None


def render_plan_html(context):
    template = REFERRAL_TEMPLATE if context["referral"] else TEMPLATE
    return render_to_string(template, context)


def render_plan_pdf(context, *, fetcher=None):
    """The plan as PDF bytes. `fetcher` (tests) replaces the document's AssetFetcher."""
    html = render_plan_html(context)
    return html_to_pdf(html, fetcher=fetcher or AssetFetcher(media=context["media"]))


def render_sheet_pdf(context, *, fetcher=None):
    """The client's referral sheet (context: a plan's context with `sheet`) as PDF bytes."""
    html = render_to_string(SHEET_TEMPLATE, context)
    return html_to_pdf(html, fetcher=fetcher or AssetFetcher(media=context["media"]))


def render_exercise_sheet_html(context):
    return render_to_string(EXERCISE_SHEET_TEMPLATE, context)


def render_exercise_sheet_pdf(context, *, fetcher=None):
    """The plan's home exercises on their own, as PDF bytes (same renderer, fetcher and fonts)."""
    html = render_exercise_sheet_html(context)
    return html_to_pdf(html, fetcher=fetcher or AssetFetcher(media=context["media"]))


# The context: a plan/v1 dict (plus what the app knows around it) in the client's words.


def plan_document_context(
    plan,
    *,
    anamnesis=None,
    client=None,
    practice=None,
    therapist=None,
    date=None,
    draft=True,
    version=None,
    reference="",
    client_instructions="",
    signed_at=None,
    therapist_copy=False,
    therapist_notes="",
    removals=(),
    referral_record=None,
    anamnesis_notes=None,
    clearance=None,
):
    """Everything the print templates show, from a plan/v1 dict.

    `anamnesis` is the anamnesis/v1 dict the plan was drafted from; `client`, `practice` and
    `therapist` are model instances or None (a plan from a file has none). `removals` are the
    therapist's reasons for removing safety items; they are shown only on the therapist's copy.
    """
    anamnesis = anamnesis or {}
    notes = anamnesis_notes or {}  # the intake's notes by section, for the letter
    regions = _plan_regions(plan, anamnesis)
    where = _region_words(regions)
    logo = getattr(practice, "logo", None) if practice is not None else None
    logo_name = logo.name if logo else ""
    referral = plan.get("referral") if plan.get("decision") == "refer" else None
    # A plan that treats may still inform the physician (plan/v2's routine tier).
    informs = plan.get("referral") if plan.get("decision") == "treat" else None
    return {
        "draft": draft,
        "therapist_copy": therapist_copy,
        "version": version,
        "reference": reference,
        "date": date or timezone.localdate(),
        "signed_at": signed_at,
        "practice": _practice(practice, logo_name),
        "media": [logo_name] if logo_name else [],
        "client": _client(client),
        "therapist": _person(therapist),
        "therapist_qualification": _qualification(therapist),
        "issued_at": signed_at or timezone.localtime(),
        "course": plan.get("course"),
        "course_words": COURSE_WORDS.get(plan.get("course"), ""),
        "complaint": _complaint(anamnesis, regions),
        "sessions": plan.get("sessions"),
        "first_minutes": _first_minutes(plan.get("sessions")),
        "flare": bool(plan.get("flare")),
        "per_week_words": _per_week(plan.get("sessions")),
        "reassess_after_session": plan.get("reassess_after_session"),
        "pressure": plan.get("pressure"),
        "pressure_label": explanations.PRESSURE.get(plan.get("pressure"), ""),
        "pressure_why": explanations.PRESSURE_WHY.get(plan.get("pressure"), ""),
        "techniques": _with_strokes_grouped(
            [_technique(item, anamnesis) for item in plan.get("techniques", [])]
        ),
        "avoid": [_avoid(item, where) for item in plan.get("avoid", [])],
        "self_care": [_self_care(item, regions) for item in plan.get("self_care", [])],
        "positioning": [_position(item) for item in plan.get("positioning", [])],
        "exercises": [_exercise(item, where) for item in plan.get("exercises", [])],
        "tracker_days": [str(WEEKDAYS_ABBR[day]) for day in range(7)],
        "informs_physician": _referral(informs, anamnesis, plan, referral_record, notes)
        if informs
        else None,
        "client_instructions": client_instructions,
        "referral": _referral(referral, anamnesis, plan, referral_record, notes)
        if referral
        else None,
        "warnings": list(plan.get("warnings", [])),
        "therapist_notes": therapist_notes,
        "removals": list(removals),
        "clearance": clearance,
    }


def _practice(practice, logo_name):
    if practice is None:
        return None
    return {
        "name": practice.name,
        "address_lines": [line for line in practice.address.splitlines() if line.strip()],
        "phone": practice.phone,
        "email": practice.email,
        "logo_url": ASSET_ORIGIN + settings.MEDIA_URL.strip("/") + "/" + logo_name
        if logo_name
        else "",
    }


def _client(client):
    if client is None:
        return None
    return {
        "name": client.full_name,
        "date_of_birth": client.date_of_birth,
        "referring_physician": client.referring_physician,
    }


def _person(user):
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _qualification(user):
    membership = getattr(user, "membership", None) if user is not None else None
    return getattr(membership, "qualification", "") or ""


def _plan_regions(plan, anamnesis):
    regions = anamnesis.get("complaint", {}).get("regions")
    if regions:
        return regions
    seen = {}
    for item in plan.get("techniques", []):
        for region in item.get("regions", []):
            seen.setdefault(region, {"region": region})
    return list(seen.values())


COURSE_WORDS = {
    "acute": _("a recent (acute) complaint"),
    "subacute": _("a complaint of some weeks (subacute)"),
    "chronic": _("a long-standing (chronic) complaint"),
}


def _since(days):
    if days is None:
        return ""
    if days < 14:
        return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
    if days < 90:
        weeks = round(days / 7)
        return ngettext("about %(n)d week", "about %(n)d weeks", weeks) % {"n": weeks}
    if days < 730:
        months = round(days / 30.4)
        return ngettext("about %(n)d month", "about %(n)d months", months) % {"n": months}
    years = round(days / 365.25)
    return ngettext("about %(n)d year", "about %(n)d years", years) % {"n": years}


def _complaint(anamnesis, regions):
    """The complaint as rows of (label, words) for the client; only what is known."""
    complaint = anamnesis.get("complaint", {})
    lifestyle = anamnesis.get("lifestyle", {})
    rows = []
    if regions:
        rows.append(
            (
                _("Where"),
                ", ".join(
                    anamnesis_labels.region_words(r.get("region"), r.get("side")) for r in regions
                ),
            )
        )
    since = _since(complaint.get("duration_days"))
    course = COURSE_WORDS.get(complaint.get("course"), "")
    if since or course:
        rows.append((_("Since"), ", ".join(str(part) for part in (since, course) if part)))
    character = [
        str(anamnesis_labels.label(anamnesis_labels.CHARACTER, code))
        for code in complaint.get("pain_character", [])
    ]
    radiation = complaint.get("radiation")
    if radiation and radiation != "none":
        character.append(
            _("spreading %(where)s")
            % {"where": anamnesis_labels.label(anamnesis_labels.RADIATION, radiation)}
        )
    if character:
        rows.append((_("How it feels"), ", ".join(character)))
    intensity = complaint.get("intensity", {})
    if intensity.get("now") is not None:
        words = _("%(now)s out of 10 now") % {"now": intensity["now"]}
        if intensity.get("worst") is not None:
            words += ", " + _("%(worst)s at worst") % {"worst": intensity["worst"]}
        rows.append((_("Pain"), words))
    likely = []
    suspected = complaint.get("suspected")
    if suspected and suspected != "other":
        likely.append(str(anamnesis_labels.label(anamnesis_labels.SUSPECTED, suspected)))
    causes = [c for c in complaint.get("causes", []) if c != "unknown"]
    if causes:
        likely.append(
            _("linked to %(causes)s")
            % {
                "causes": ", ".join(
                    str(anamnesis_labels.label(anamnesis_labels.CAUSE, c)).lower() for c in causes
                )
            }
        )
    if likely:
        rows.append((_("Likely cause"), "; ".join(str(part) for part in likely)))
    work = []
    if lifestyle.get("occupation"):
        work.append(lifestyle["occupation"])
    desk = lifestyle.get("desk_hours_per_day")
    if desk:
        work.append(_("%(hours)s hours a day at a desk") % {"hours": _number(desk)})
    if work:
        rows.append((_("Work"), ", ".join(str(part) for part in work)))
    return rows


def _number(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _per_week(sessions):
    if not sessions:
        return ""
    per_week = sessions["per_week"]
    return ngettext("once a week", "%(n)d times a week", per_week) % {"n": per_week}


def _technique(item, anamnesis):
    words = explanations.TECHNIQUE[item["code"]]
    trigger_points = []
    if item["code"] == "trigger_point_therapy":
        trigger_points = [
            _trigger_point_words(point)
            for point in anamnesis.get("findings", {}).get("trigger_points", [])
        ]
    return {
        "code": item["code"],
        "name": words["name"],
        "what": words["what"],
        "why": words["why"],
        "regions": [
            str(anamnesis_labels.label(anamnesis_labels.REGION, r)) for r in item.get("regions", [])
        ],
        "trigger_points": trigger_points,
        "reasons": explanations.client_reasons(item.get("because", [])),
    }


# The strokes of classic massage: for the client one item, "Classic massage", that names them.
CLASSIC_STROKES = ("effleurage", "petrissage", "friction", "tapotement", "vibration")


def _with_strokes_grouped(techniques):
    """Classic massage with its strokes as one item (the strokes listed inside it), so a lay
    reader sees one massage, not three; a stroke planned without classic massage stays apart."""
    classic = next((t for t in techniques if t["code"] == "classic_massage"), None)
    if classic is None:
        return techniques
    strokes = [t for t in techniques if t["code"] in CLASSIC_STROKES]
    classic["strokes"] = strokes
    for stroke in strokes:
        classic["regions"] += [r for r in stroke["regions"] if r not in classic["regions"]]
        classic["reasons"] += [r for r in stroke["reasons"] if r not in classic["reasons"]]
    return [t for t in techniques if t["code"] not in CLASSIC_STROKES]


def _trigger_point_words(point):
    words = point.get("muscle") or ""
    if point.get("side"):
        words += f" ({anamnesis_labels.label(anamnesis_labels.SIDE, point['side'])})"
    return words


def _region_words(regions):
    """The complaint's regions in the client's words: "lower back", "neck and shoulder"."""
    names = [
        str(anamnesis_labels.label(anamnesis_labels.REGION, r["region"])).lower() for r in regions
    ]
    names = list(dict.fromkeys(names))
    if any(" and " in name for name in names):  # "lower back, sacrum and buttock"
        return ", ".join(names)
    if len(names) > 1:
        return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}
    return names[0] if names else ""


def _avoid(item, where=""):
    words = explanations.AVOID[item["code"]]
    return {
        "code": item["code"],
        "name": words["name"],
        "why": words["why"],
        "reasons": explanations.client_reasons(
            item.get("because", []), kind="avoid", regions=where
        ),
    }


def _first_minutes(sessions):
    """The first session's length when it is shorter than the others (plan/v2)."""
    if not sessions or not sessions.get("first_minutes"):
        return None
    return sessions["first_minutes"] if sessions["first_minutes"] < sessions["minutes"] else None


def _position(item):
    words = explanations.POSITION[item["code"]]
    return {"code": item["code"], "name": words["name"], "how": words["how"]}


def _exercise(item, where=""):
    """A home exercise with its drawing, its dose, its steps and how to make it easier or harder."""
    exercise = EXERCISES[item["code"]]
    return {
        "code": item["code"],
        "name": exercise.name,
        "drawing": drawings.exercise_svg(item["code"]),
        "purpose": exercise.purpose,
        "steps": list(exercise.steps),
        "dose": explanations.dose_words(item),
        "dose_parts": explanations.dose_parts(item),
        "feel": exercise.feel,
        "stop": exercise.stop,
        "easier": exercise.regression,
        "harder": exercise.progression,
        "reasons": explanations.client_reasons(
            item.get("because", []), kind="exercise", regions=where
        ),
    }


def _self_care(item, regions=()):
    words = explanations.SELF_CARE[item["code"]]
    body = explanations.body_words([r["region"] for r in regions])
    how = str(words["how"])
    if "%(" in how:
        how = how % {"body": body, "Body": body[:1].upper() + body[1:]}
    return {"code": item["code"], "name": words["name"], "how": how}


def _recipient(record):
    """The letter's addressee as the referral records it; None for a plan without a record."""
    if record is None:
        return None
    return {
        "name": record.recipient_name,
        "practice": record.recipient_practice,
        "address_lines": [line for line in record.recipient_address.splitlines() if line.strip()],
        "fax": record.recipient_fax,
    }


# Cautions that are medicines: the letter names them apart, as the physician reads them first.
MEDICATION_CAUTIONS = ("anticoagulants", "steroid_use")
# Causes that describe how the complaint began (the mechanism of injury).
MECHANISM_CAUSES = ("trauma", "minor_fall")


def _history_rows(anamnesis, notes):
    """The relevant history: how it began, earlier injuries and operations, the notes."""
    rows = []
    causes = [
        str(anamnesis_labels.label(anamnesis_labels.CAUSE, c))
        for c in anamnesis.get("complaint", {}).get("causes", [])
        if c in MECHANISM_CAUSES
    ]
    mechanism = ". ".join(part for part in (", ".join(causes), notes.get("complaint", "")) if part)
    if mechanism:
        rows.append((_("Mechanism and onset"), mechanism))
    injuries = []
    for injury in anamnesis.get("history", {}).get("prior_injuries", []):
        words = "{kind}, {where}".format(
            kind=anamnesis_labels.label(anamnesis_labels.INJURY_KIND, injury.get("kind")),
            where=anamnesis_labels.label(anamnesis_labels.BODY_PART, injury.get("region")),
        )
        if injury.get("years_ago") is not None:
            words += " " + ngettext(
                "(%(n)d year ago)", "(%(n)d years ago)", injury["years_ago"]
            ) % {"n": injury["years_ago"]}
        if injury.get("note"):
            words += f": {injury['note']}"
        injuries.append(words)
    if injuries:
        rows.append((_("Earlier injuries and operations"), "; ".join(injuries)))
    if notes.get("history"):
        rows.append((_("History"), notes["history"]))
    return rows


def _referral(referral, anamnesis, plan, record=None, notes=None):
    """The letter to the physician: urgency, the red flags and the findings in clinical words.

    The one place both letters get their context: the referral that replaces treatment, and the
    routine letter after a plan that treats (`treating`), whose `red_flags` are then the findings
    the letter is about (the routine referral's `because`; a plan that treats has no red flag).
    """
    urgency = referral.get("urgency")
    # What set the tier first, then every other red flag the client reported.
    refs = list(referral.get("because", []))
    refs += [f"red_flags={code}" for code in anamnesis.get("red_flags", [])]
    red_flags = list(
        dict.fromkeys(
            anamnesis_labels.describe_ref(ref)
            if not ref.startswith("red_flags=")
            else str(anamnesis_labels.label(anamnesis_labels.RED_FLAG, ref.partition("=")[2]))
            for ref in refs
        )
    )
    complaint = anamnesis.get("complaint", {})
    findings = anamnesis.get("findings", {})
    # The complaint in one row (where, since when, how it feels, how much): the letter fits a page.
    parts = []
    regions = complaint.get("regions", [])
    if regions:
        parts.append(
            ", ".join(
                anamnesis_labels.region_words(r.get("region"), r.get("side")) for r in regions
            )
        )
    if complaint.get("duration_days") is not None:
        parts.append(
            f"{_since(complaint['duration_days'])} "
            f"({anamnesis_labels.label(anamnesis_labels.COURSE, plan.get('course'))})"
        )
    character = [
        str(anamnesis_labels.label(anamnesis_labels.CHARACTER, c))
        for c in complaint.get("pain_character", [])
    ]
    if complaint.get("radiation") not in (None, "", "none"):
        character.append(
            _("radiating %(where)s")
            % {"where": anamnesis_labels.label(anamnesis_labels.RADIATION, complaint["radiation"])}
        )
    if character:
        parts.append(", ".join(character))
    intensity = complaint.get("intensity", {})
    if intensity.get("now") is not None:
        worst = intensity.get("worst")
        parts.append(
            _("pain %(now)s/10 now") % {"now": intensity["now"]}
            + (", " + _("%(worst)s at worst") % {"worst": worst} if worst is not None else "")
        )
    rows = [(_("Complaint"), "; ".join(str(part) for part in parts))] if parts else []
    notes = notes or {}
    medication = [
        str(anamnesis_labels.label(anamnesis_labels.CAUTION, c))
        for c in anamnesis.get("cautions", [])
        if c in MEDICATION_CAUTIONS
    ]
    if medication:
        rows.append((_("Medication"), ", ".join(medication)))
    cautions = [
        str(anamnesis_labels.label(anamnesis_labels.CAUTION, c))
        for c in anamnesis.get("cautions", [])
        if c not in MEDICATION_CAUTIONS
    ]
    if cautions:
        rows.append((_("Cautions"), ", ".join(cautions)))
    if notes.get("cautions"):
        rows.append((_("Notes on cautions"), notes["cautions"]))
    for key, vocabulary, title in (
        ("impairment", anamnesis_labels.IMPAIRMENT, _("Impairment")),
        ("tissue", anamnesis_labels.TISSUE, _("Tissue")),
        ("tone", anamnesis_labels.TONE, _("Tone")),
    ):
        if findings.get(key):
            rows.append((title, anamnesis_labels.label(vocabulary, findings[key])))
    if findings.get("visual"):
        rows.append((_("Visual findings"), findings["visual"]))
    if notes.get("findings"):
        rows.append((_("Examination notes"), notes["findings"]))
    comparisons = []
    for test in findings.get("side_comparison", []):
        unit = anamnesis_labels.label(anamnesis_labels.UNIT, test.get("unit"))
        comparisons.append(
            _("%(test)s: left %(left)s%(unit)s, right %(right)s%(unit)s")
            % {
                "test": test.get("test") or _("test"),
                "left": _number(test.get("left")),
                "right": _number(test.get("right")),
                "unit": unit,
            }
        )
    if comparisons:
        rows.append((_("Side comparison"), "; ".join(str(c) for c in comparisons)))
    points = [_trigger_point_words(p) for p in findings.get("trigger_points", [])]
    if points:
        rows.append((_("Trigger points"), ", ".join(points)))
    occupation = anamnesis.get("lifestyle", {}).get("occupation")
    if occupation:
        rows.append((_("Occupation"), occupation))
    history = _history_rows(anamnesis, notes)
    return {
        "treating": plan.get("decision") == "treat",
        "urgency": urgency,
        "urgency_name": explanations.URGENCY.get(urgency, {}).get("name", urgency),
        "urgency_ask": explanations.URGENCY.get(urgency, {}).get("ask", ""),
        "red_flags": red_flags,
        "screening_notes": notes.get("red_flags", ""),
        "history": history,
        # The complaint first, then how it began and the history, then the rest.
        "findings": rows[:1] + history + rows[1:],
        "recipient": _recipient(record),
        "advice": record.advice_words() if record is not None else [],
    }
