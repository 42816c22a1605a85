"""The intake in the treatment room: on a phone, by touch, and from the keyboard alone."""

import re

import pytest
from playwright.sync_api import expect

from anamnesis.models import Anamnesis
from plans.engine import vocabulary
from tests.conftest import PASSWORD
from tests.e2e.conftest import TIMEOUT_MS, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
TABLET = {"width": 768, "height": 1024}

# Every checkbox and radio button with its label, which takes the tap too: the smaller side of
# the box around both, for those under 44 px.
SMALL_TARGETS = """() => [...document.querySelectorAll('input[type=checkbox], input[type=radio]')]
  .filter(input => input.checkVisibility())
  .map(input => {
    const boxes = [input, ...input.labels].filter(el => el.checkVisibility())
      .map(el => el.getBoundingClientRect()).filter(r => r.width > 1);
    const left = Math.min(...boxes.map(r => r.left)), right = Math.max(...boxes.map(r => r.right));
    const top = Math.min(...boxes.map(r => r.top)), bottom = Math.max(...boxes.map(r => r.bottom));
    return [input.name + '=' + input.value, Math.round(Math.min(right - left, bottom - top))];
  })
  .filter(([name, size]) => size < 44)"""

# Where the focused element and the sticky bar are on the screen, once the page has scrolled.
FOCUSED_AND_BAR = """async () => {
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  const focused = document.activeElement, r = focused.getBoundingClientRect();
  const bar = document.querySelector('.form-actions').getBoundingClientRect();
  return {name: focused.name || focused.id, bottom: r.bottom, barTop: bar.top,
          inBar: focused.closest('.form-actions') !== null};
}"""


@pytest.fixture
def device(browser, live_server):
    """A new browser tab of the given size, touch or not."""
    contexts = []

    def open_tab(viewport, touch=False):
        # Reduced motion: Bootstrap's smooth scrolling off, so a focused field has arrived where
        # it scrolls to when the test looks, as it has when a person looks.
        context = browser.new_context(
            viewport=viewport,
            has_touch=touch,
            is_mobile=touch,
            locale="en-GB",
            reduced_motion="reduce",
        )
        contexts.append(context)
        tab = context.new_page()
        tab.set_default_timeout(TIMEOUT_MS)
        return tab

    yield open_tab
    for context in contexts:
        context.close()


def assert_fits(page, width=PHONE["width"]):
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width}px wide on a {width}px screen"


def box(page, value):
    return page.locator(f'input[name="regions"][value="{value}"]')


def test_an_intake_is_completed_on_a_phone_by_touch(device, live_server, client_record):
    phone = device(PHONE, touch=True)
    sign_in(phone, live_server, "alice", PASSWORD)
    assert_fits(phone)
    phone.goto(f"{live_server.url}{client_record.get_absolute_url()}")
    assert_fits(phone)
    phone.get_by_role("link", name="+ New anamnesis").tap()
    phone.wait_for_url("**/anamnesis/new/")
    assert_fits(phone)

    # Complaint: a region tapped on the chart, one by its box.
    phone.locator('svg.body-chart [data-region-value="neck:right"]').last.tap()
    expect(box(phone, "neck:right")).to_be_checked()
    box(phone, "shoulder:right").tap()
    expect(box(phone, "shoulder:right")).to_be_checked()
    phone.get_by_label("or days since onset").fill("20")
    phone.get_by_label("Pain now (0-10)").fill("5")
    phone.get_by_label("Pain at worst (0-10)").fill("7")
    phone.get_by_label("pulling (tight)").tap()
    expect(phone.get_by_label("pulling (tight)")).to_be_checked()
    phone.locator("#div_id_causes").get_by_label("Posture").tap()

    # Lifestyle and history, a list row as a card.
    phone.get_by_label("Occupation").fill("Teacher")
    phone.locator("#id_injuries-0-kind").select_option("accident")
    phone.locator("#id_injuries-0-region").select_option("neck")
    phone.locator("#id_injuries-0-years_ago").fill("3")
    phone.locator("#id_injuries-0-note").fill("whiplash")

    # Red flags: every question answered by a tap.
    questions = phone.locator(".red-flag-question")
    expect(questions).to_have_count(len(vocabulary.RED_FLAG))
    for index in range(len(vocabulary.RED_FLAG)):
        questions.nth(index).get_by_label("No", exact=True).tap()
    expect(phone.locator("[data-red-flag-banner]")).to_be_hidden()

    # Measures: three activities of the PSFS.
    for i, (name, rating) in enumerate([("Driving", "4"), ("Reading", "6"), ("Lifting", "3")]):
        phone.locator(f'[name="psfs-{i}-name"]').fill(name)
        phone.locator(f'[name="psfs-{i}-baseline"]').fill(rating)

    # Examination: a second side comparison and a trigger point, rows stacked as cards.
    phone.get_by_label("Tone").select_option("increased")
    phone.locator("#id_comparisons-0-test").fill("cervical rotation")
    phone.locator("#id_comparisons-0-left").fill("70")
    phone.locator("#id_comparisons-0-right").fill("45")
    phone.locator("#id_comparisons-0-unit").select_option("deg")
    phone.locator('[data-prefix="comparisons"] [data-add-row]').tap()
    phone.locator("#id_comparisons-1-test").fill("lateral flexion")
    phone.locator("#id_trigger_points-0-muscle").fill("upper trapezius")
    phone.locator("#id_trigger_points-0-side").select_option("right")
    for field in ("test", "left", "right", "unit"):
        right = phone.locator(f"#id_comparisons-0-{field}").bounding_box()
        assert right["x"] + right["width"] <= PHONE["width"], f"{field} is off the screen"
    assert_fits(phone)
    assert phone.evaluate(SMALL_TARGETS) == []

    expect(phone.locator("[data-save-status]")).to_contain_text("Saved at", timeout=10_000)
    phone.get_by_role("button", name="Complete intake").tap()
    anamnesis = Anamnesis.objects.get()
    phone.wait_for_url(f"**{anamnesis.get_absolute_url()}")
    expect(phone.get_by_text("The anamnesis is complete.")).to_be_visible()
    assert_fits(phone)
    anamnesis.refresh_from_db()
    assert anamnesis.status == Anamnesis.Status.COMPLETED
    assert anamnesis.side_comparisons.count() == 2
    assert anamnesis.psfs_activities.count() == 3

    phone.get_by_role("link", name="Draft plan").tap()
    phone.wait_for_url("**/draft-plan/")
    assert_fits(phone)
    phone.get_by_role("button", name="Create plan").tap()
    phone.wait_for_url(re.compile(r"/plans/\d+/$"))
    assert_fits(phone)
    assert phone.evaluate(SMALL_TARGETS) == []


def test_checkboxes_and_radios_are_44_px_targets_on_a_tablet(device, live_server, client_record):
    tablet = device(TABLET, touch=True)
    sign_in(tablet, live_server, "alice", PASSWORD)
    tablet.goto(f"{live_server.url}/clients/{client_record.pk}/anamnesis/new/")
    expect(box(tablet, "neck:left")).to_be_visible()
    region_box = box(tablet, "neck:left").bounding_box()
    assert region_box["width"] >= 44 and region_box["height"] >= 44
    assert tablet.evaluate(SMALL_TARGETS) == []
    assert_fits(tablet, TABLET["width"])


def test_tab_passes_each_region_once_the_chart_is_no_second_stop(page, live_server, client_record):
    sign_in(page, live_server, "alice", PASSWORD)
    page.goto(f"{live_server.url}/clients/{client_record.pk}/anamnesis/new/")
    chart = page.locator("svg.body-chart")
    expect(chart).to_have_attribute("aria-hidden", "true")
    regions = page.locator('input[name="regions"]')
    onset = page.get_by_label("Since when (onset)")

    regions.first.focus()
    stops = 1
    while not onset.evaluate("el => el === document.activeElement"):
        page.keyboard.press("Tab")
        stops += 1
        assert not page.evaluate("document.activeElement.closest('svg') !== null"), (
            "the chart took the focus"
        )
        assert stops <= 2 * regions.count(), "Tab never reached the onset"
    # One stop per region box, then the onset.
    assert stops == regions.count() + 1
    # The focused box is outlined on the chart, so the keyboard user sees the region.
    page.keyboard.press("Shift+Tab")
    expect(regions.last).to_be_focused()
    value = regions.last.get_attribute("value")
    expect(page.locator(f'svg.body-chart [data-region-value="{value}"]').last).to_have_class(
        re.compile(r"\bis-focus\b")
    )


@pytest.mark.parametrize("viewport", [PHONE, TABLET, {"width": 1280, "height": 800}])
def test_the_sticky_save_bar_never_covers_the_focused_field(
    device, live_server, client_record, alice, viewport
):
    anamnesis = Anamnesis.objects.create(client=client_record, taken_by=alice)
    tab = device(viewport)
    sign_in(tab, live_server, "alice", PASSWORD)
    tab.goto(f"{live_server.url}/anamnesis/{anamnesis.pk}/edit/")
    bar = tab.locator(".form-actions")
    expect(bar).to_be_visible()

    tab.get_by_label("Since when (onset)").focus()
    covered, stops = [], 0
    # Tab down the whole form, to the bar's own buttons.
    while not tab.evaluate("document.activeElement.closest('.form-actions') !== null"):
        tab.keyboard.press("Tab")
        stops += 1
        assert stops < 400, "Tab never reached the Save bar"
        focused = tab.evaluate(FOCUSED_AND_BAR)
        if not focused["inBar"] and focused["bottom"] > focused["barTop"] + 0.5:
            covered.append(
                f"{focused['name']} ends at {focused['bottom']:.0f}px, "
                f"the bar starts at {focused['barTop']:.0f}px"
            )
    assert stops > 50  # the walk went through the form, not around it
    assert covered == [], f"the Save bar covers: {covered}"
