"""Headless Chromium (Debian's package) driven by Playwright against pytest-django's live server.

Without Chromium the browser tests are skipped, with a reason that says so; with E2E_REQUIRED=1
in the environment (CI sets it) a missing Chromium is an error instead, so a run that tested no
browser cannot pass unnoticed.
"""

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

# Playwright's sync API runs an event loop in this thread, and the tests touch the ORM from it
# (fixtures, assertions on rows): Django refuses that unless told it is safe, as it is here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "1")

CHROMIUM = Path("/usr/bin/chromium")
MISSING = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(os.environ.get("E2E_SCREENSHOTS", "var/screenshots"))
# How long a page action and an expect() assertion wait: generous, as on a loaded CI machine.
TIMEOUT_MS = 10_000
expect.set_options(timeout=TIMEOUT_MS)


def chromium_installed():
    return CHROMIUM.exists() and shutil.which(str(CHROMIUM)) is not None


def e2e_required():
    return os.environ.get("E2E_REQUIRED", "").strip().lower() in {"1", "true", "yes", "on"}


def pytest_collection_modifyitems(config, items):
    if chromium_installed() or e2e_required():
        return
    skip = pytest.mark.skip(
        reason=f"browser test SKIPPED: {MISSING}; E2E_REQUIRED=1 makes this an error"
    )
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


def pytest_runtest_setup(item):
    # An error at each browser test's set-up rather than a usage error: it reads the same in one
    # process and under pytest-xdist.
    if "e2e" in item.keywords and e2e_required() and not chromium_installed():
        pytest.fail(
            f"E2E_REQUIRED is set but the browser tests cannot run: {MISSING}", pytrace=False
        )


@pytest.fixture(scope="module")
def browser():
    # One Playwright and Chromium per test module, not per session: while Playwright's sync API
    # runs, the ORM in this thread sees another context and opens a second database connection.
    # Stopped after the module, later tests (pytest-xdist mixes them in on the same worker) use
    # the first connection again, and none is left open when the test database is dropped.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.csp_violations = []
    page.on(
        "console",
        lambda msg: (
            page.csp_violations.append(msg.text) if "Content Security Policy" in msg.text else None
        ),
    )
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot under var/screenshots/ for a person to look at."""

    def take(name):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)

    return take


def sign_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
