"""Every page of the app, crawled as the demo user at a laptop's width and a phone's: axe-core
finds no serious or critical violation, and on the phone nothing scrolls sideways."""

import io
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import Resolver404, resolve
from playwright.sync_api import expect

from clinic.models import Client
from plans.models import TreatmentPlan
from plans.services import plan as plan_services
from tests.clinic.signin import enrol
from tests.conftest import PASSWORD
from tests.e2e.axe import axe_violations, describe
from tests.e2e.conftest import TIMEOUT_MS, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = {"laptop": (1280, 800), "phone": (390, 844)}
# Links a crawl does not follow: downloads, the admin, and signing out.
NOT_PAGES = {
    "plans:pdf",
    "plans:exercise_sheet_pdf",
    "plans:referral_sheet",
    "plans:client_progress_pdf",
    "anamnesis:export",
    "plans:client_copy",  # a zip
    "clinic:audit_log_csv",
    "mfa_download_recovery_codes",
    "account_logout",
    "account_login",  # signed in, it only sends you on; checked signed out below
}
# The pages the crawl must have reached; any other page it finds by its links is checked too.
MUST_VISIT = {
    "plans:dashboard",
    "clinic:client_list",
    "clinic:client_create",
    "clinic:client_edit",
    "plans:client_detail",
    "plans:client_compare",
    "anamnesis:new",
    "anamnesis:detail",
    "plans:draft_preview",
    "plans:detail",
    "plans:exercise_sheet",
    "plans:session_new",
    "plans:session_detail",
    "plans:referral_detail",
    "plans:rules",
    "team:list",
    "team:invite",
    "team:member_edit",
    "team:my_account",
    "clinic:practice_settings",
    "account_change_password",
    "account_reauthenticate",
    "mfa_index",
    "mfa_activate_totp",
}
SIGNED_OUT_PAGES = ("/accounts/login/", "/accounts/password/reset/")
MAX_PAGES = 80

# Horizontal scrolling inside the page: a box that scrolls sideways because its content is wider.
# The pain chart is the one exception by design: on a phone it keeps readable labels and scrolls
# in its own box, which takes keyboard focus (axe's scrollable-region-focusable checks that).
SIDEWAYS_SCROLLERS = """() => [...document.querySelectorAll('body *')]
  .filter(el => !el.matches('.pain-chart-scroll'))
  .filter(el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX)
                && el.scrollWidth > el.clientWidth + 1 && el.checkVisibility())
  .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
             + (el.className ? '.' + String(el.className).split(' ').join('.') : ''))"""


@pytest.fixture
def demo(live_server, monkeypatch):
    """The demo practice as `make run` seeds it; its admin `demo` signs in with PASSWORD.

    The crawl opens no PDF, so the finalized plans archive a stand-in instead of rendering one
    each (which would take most of the test's time).
    """
    monkeypatch.setattr(plan_services, "render_plan_pdf", lambda context: b"%PDF-1.7 stand-in")
    call_command("seed_demo", password=PASSWORD, stdout=io.StringIO())
    return Client.objects.get(first_name="Anna", last_name="Berger").practice


def url_name(path):
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


class Crawl:
    """Opens pages one after another in one browser tab and writes down what is wrong."""

    def __init__(self, page, base, label, width):
        self.page, self.base, self.label, self.width = page, base, label, width
        self.problems, self.visited, self.names = [], [], set()
        self.csp = []
        page.on(
            "console",
            lambda msg: self.csp.append(msg.text) if "Content Security" in msg.text else None,
        )

    def check(self, path, expected_status=200):
        response = self.page.goto(f"{self.base}{path}")
        self.page.wait_for_load_state("load")
        here = urlsplit(self.page.url)
        where = f"[{self.label} {self.width}px] {here.path}{'?' + here.query if here.query else ''}"
        self.visited.append(here.path)
        self.names.add(url_name(here.path))
        if response is not None and response.status != expected_status:
            self.problems.append(f"{where}: HTTP {response.status}, expected {expected_status}")
        self.problems += describe(axe_violations(self.page), where=f"{where}: ")
        if self.width <= 390:
            scroll_width = self.page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > self.width:
                self.problems.append(f"{where}: the page is {scroll_width}px wide")
            for box in self.page.evaluate(SIDEWAYS_SCROLLERS):
                self.problems.append(f"{where}: {box} scrolls sideways")
        if self.csp:
            self.problems.append(f"{where}: CSP refused something: {self.csp}")
            self.csp.clear()

    def links(self):
        hrefs = self.page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)")
        origin = urlsplit(self.base).netloc
        for href in hrefs:
            url = urlsplit(href)
            if url.netloc == origin and url.path.startswith("/") and "/admin/" not in url.path:
                yield url.path + (f"?{url.query}" if url.query else "")

    def crawl(self, seeds):
        """Breadth first from the seeds; one page for each kind of page (URL name)."""
        queue, seen = list(seeds), set()
        while queue and len(self.visited) < MAX_PAGES:
            path = queue.pop(0)
            name = url_name(path.split("?")[0])
            if name is None or name in NOT_PAGES or path in seen:
                continue
            if name in self.names and path not in seeds:
                continue
            seen.add(path)
            self.check(path)
            queue += [link for link in self.links() if link not in seen]


def demo_seeds(practice):
    """Pages the links alone would reach only by chance: a draft and a final plan, a comparison
    of two anamneses, and re-authentication."""
    plans = TreatmentPlan.objects.filter(anamnesis__client__practice=practice)
    draft = plans.filter(status="draft").order_by("pk").first()
    final = plans.filter(status="final", sessions__isnull=False).order_by("pk").first()
    twice = (
        Client.objects.filter(practice=practice)
        .annotate(n=Count("anamneses"))
        .filter(n__gte=2)
        .order_by("pk")
        .first()
    )
    assert draft and final and twice, "the demo data lacks a draft plan, a final plan or a repeat"
    return [
        "/",
        draft.get_absolute_url(),
        final.get_absolute_url(),
        f"/clients/{twice.pk}/compare/",
        "/accounts/reauthenticate/",
    ]


@pytest.mark.parametrize("label", WIDTHS)
def test_every_page_passes_axe_and_fits_the_screen(browser, live_server, demo, label):
    width, height = WIDTHS[label]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    crawl = Crawl(page, live_server.url, label, width)
    try:
        # Signed out: sign-in and password reset; then the second-factor step of an enrolled user.
        for path in SIGNED_OUT_PAGES:
            crawl.check(path)
        lakeside = Client.objects.exclude(practice=demo).first().practice.memberships.first().user
        enrol(lakeside)
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(lakeside.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page).to_have_url(f"{live_server.url}/accounts/2fa/authenticate/")
        crawl.check("/accounts/2fa/authenticate/")
        context.clear_cookies()

        sign_in(page, live_server, "demo", PASSWORD)
        seeds = demo_seeds(demo)
        crawl.crawl(seeds)
        crawl.check("/clients/999999/", expected_status=404)
    finally:
        context.close()

    missing = MUST_VISIT - crawl.names
    assert not missing, f"the crawl never reached: {sorted(missing)}"
    assert not crawl.problems, "\n".join(
        [f"{len(crawl.problems)} problems on {len(crawl.visited)} pages:", *crawl.problems]
    )
