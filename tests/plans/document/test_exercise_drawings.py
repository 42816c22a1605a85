"""Every home exercise has a drawing in the house style, and the printed plan shows it.

The style (../shared/guides/exercise-drawings.md): SVG drawn in code, viewBox 0 0 240 160, no
text, fonts, raster images or outside references; dark grey on white plus one accent colour that
also differs in lightness; two poses and an arrow where the exercise moves.
"""

import io
import re
import xml.etree.ElementTree as ET

import pytest
from pypdf import PdfReader

from plans.document import drawings as d
from plans.document.drawings import exercise_svg
from plans.document.render import plan_document_context, render_plan_html, render_plan_pdf
from plans.engine import draft_plan, vocabulary
from plans.engine.exercises import EXERCISES
from tests.plans.plan_fixtures import CHRONIC_BACK

SVG = "{http://www.w3.org/2000/svg}"
COLOUR_ATTRIBUTES = ("fill", "stroke", "color", "stop-color", "flood-color", "lighting-color")
# Exercises that hold one position without moving it: one pose is enough.
HELD_STILL = {"isometric_neck"}


def parse(code):
    return ET.fromstring(str(exercise_svg(code)))


def groups(root, kind):
    return [g for g in root.iter(f"{SVG}g") if kind in g.get("class", "").split()]


def rgb(colour):
    assert re.fullmatch(r"#[0-9a-f]{6}", colour), colour
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def lightness(colour):
    """Relative luminance (WCAG), 0 black to 1 white."""

    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = map(channel, rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def colours(root):
    found = set()
    for element in root.iter():
        for name in COLOUR_ATTRIBUTES:
            value = element.get(name)
            if value is not None and value != "none":
                found.add(value.lower())
    return found


def moves(code):
    """An exercise done in repetitions moves, unless it holds the body still."""
    return EXERCISES[code].dose.reps is not None and code not in HELD_STILL


@pytest.mark.parametrize("code", vocabulary.EXERCISE)
def test_every_exercise_has_a_well_formed_drawing_of_the_house_size(code):
    root = parse(code)
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == "0 0 240 160"
    assert root.get("role") == "img"
    assert root.get("aria-label") == EXERCISES[code].name
    assert root.find(f"{SVG}title").text == EXERCISES[code].name
    assert len(root.find(f"{SVG}desc").text) > 20  # the pose in words


@pytest.mark.parametrize("code", vocabulary.EXERCISE)
def test_a_drawing_has_no_text_no_raster_and_no_outside_references(code):
    markup = str(exercise_svg(code))
    root = parse(code)
    tags = {element.tag.removeprefix(SVG) for element in root.iter()}
    assert not tags & {"text", "tspan", "textPath", "image", "foreignObject", "use", "style"}
    assert not tags & {"script", "a", "font", "font-face", "feImage"}
    for element in root.iter():
        for name, value in element.attrib.items():
            assert "href" not in name, (element.tag, name)
            assert "url(" not in value, (element.tag, name, value)
            assert not name.startswith("on"), (element.tag, name)
            assert name != "style", element.tag  # presentation attributes only, for the CSP
    assert "http://" not in markup.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in markup and "data:" not in markup


@pytest.mark.parametrize("code", vocabulary.EXERCISE)
def test_a_drawing_uses_greys_and_one_accent_that_reads_in_greyscale(code):
    used = colours(parse(code))
    greys = {c for c in used if len(set(rgb(c))) == 1}
    accents = used - greys
    assert len(accents) == 1, used  # the arrow and the highlight
    (accent,) = accents
    ink = min(greys, key=lightness)  # the end pose
    assert lightness(ink) < 0.06  # dark grey
    assert "#ffffff" in greys  # on white
    # In greyscale the accent stays apart from the ink and from the white.
    assert lightness(accent) > lightness(ink) + 0.1
    assert lightness(accent) < 0.5


def test_every_drawing_has_the_same_accent_and_the_same_ink():
    palettes = {frozenset(colours(parse(code))) for code in vocabulary.EXERCISE}
    accents = {c for palette in palettes for c in palette if len(set(rgb(c))) > 1}
    assert len(accents) == 1


@pytest.mark.parametrize("code", vocabulary.EXERCISE)
def test_moving_exercises_show_start_and_end_and_an_arrow(code):
    root = parse(code)
    starts, ends = groups(root, "start"), groups(root, "end")
    assert len(ends) == 1 and len(starts) <= 1
    assert list(ends[0]), "the end pose is drawn"
    if moves(code):
        assert len(starts) == 1 and list(starts[0]), f"{code}: start pose"
        assert groups(root, "arrow"), f"{code}: arrow"
    if starts:
        # The start pose is lighter than the end pose.
        start_ink = min(colours(starts[0]) - {"#ffffff"}, key=lightness)
        end_ink = min(colours(ends[0]) - {"#ffffff"}, key=lightness)
        assert lightness(start_ink) > lightness(end_ink) + 0.2


def test_stretches_held_in_one_position_show_one_pose():
    held = [
        code
        for code, e in EXERCISES.items()
        if e.dose.reps is None and "stretch" in (code + e.name.lower())
    ]
    assert len(held) >= 5
    for code in held:
        assert not groups(parse(code), "start"), code


def test_drawings_are_built_once():
    assert exercise_svg("cat_cow") is exercise_svg("cat_cow")


def test_an_unknown_exercise_has_no_drawing():
    with pytest.raises(KeyError):
        exercise_svg("handstand")


@pytest.fixture(scope="module")
def chronic_back_context():
    plan = draft_plan(CHRONIC_BACK)
    assert plan["exercises"], "the example plan carries exercises"
    return plan_document_context(plan, anamnesis=CHRONIC_BACK)


def test_the_printed_plan_shows_each_exercise_with_its_drawing(chronic_back_context):
    html = render_plan_html(chronic_back_context)
    codes = [item["code"] for item in chronic_back_context["exercises"]]
    assert codes, "the example plan carries exercises"
    assert html.count('class="exercise-drawing"') == len(codes)
    for code in codes:
        assert str(exercise_svg(code)) in html  # inline, not escaped
        name = EXERCISES[code].name
        assert f'aria-label="{name}"' in html or f"aria-label='{name}'" in html


def test_the_printed_plan_pdf_draws_the_exercises_as_vectors(chronic_back_context):
    pdf = render_plan_pdf(chronic_back_context)
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    for item in chronic_back_context["exercises"]:
        assert EXERCISES[item["code"]].name in " ".join(text.split())
    # No raster image anywhere: the drawings are vector paths on the pages.
    for page in reader.pages:
        assert not page.images
    # The accent colour of the arrows is painted on the pages that show exercises.
    accent = next(c for c in colours(parse("cat_cow")) if len(set(rgb(c))) > 1)
    wanted = [v / 255 for v in rgb(accent)]
    painted = b"".join(_content(page) for page in reader.pages)
    number = rb"(\d*\.?\d+)"
    triples = re.findall(number + rb"\s+" + number + rb"\s+" + number + rb"\s+(?:RG|rg)\b", painted)
    assert any(
        all(abs(float(got) - want) < 0.01 for got, want in zip(triple, wanted, strict=True))
        for triple in triples
    )


def _content(page):
    """A page's content stream and those of the forms it draws (WeasyPrint puts SVG in forms)."""
    contents = page.get_contents()
    out = [contents.get_data() if contents is not None else b""]
    seen = set()

    def walk(resources):
        resources = resources.get_object() if resources is not None else None
        if not resources or id(resources) in seen:
            return
        seen.add(id(resources))
        for item in (resources.get("/XObject") or {}).values():
            item = item.get_object()
            if item.get("/Subtype") == "/Form":
                out.append(item.get_data())
                walk(item.get("/Resources"))

    walk(page.get("/Resources"))
    return b"".join(out)


# The poses of the redrawn drawings hold what their steps say (the review found these wrong or
# unreadable before): joints bend the right way, limbs keep their lengths, the body rests where
# it should and the start pose is not lost behind the end pose.

REDRAWN = (
    "pelvic_tilt",
    "knee_to_chest",
    "cat_cow",
    "child_pose",
    "dead_bug",
    "side_plank_knees",
    "piriformis_stretch",
    "shoulder_rolls",
)


def poses(code):
    drawing = d.DRAWINGS[code]()
    return drawing.start, drawing.end


def close(a, b, tolerance=1.0):
    return d.distance(a, b) <= tolerance


@pytest.mark.parametrize("code", REDRAWN)
def test_redrawn_side_views_keep_every_limb_at_its_length(code):
    lengths = {"arm": (d.UPPER_ARM, d.FOREARM), "leg": (d.THIGH, d.SHIN)}
    for pose in poses(code):
        if not isinstance(pose, d.Side):
            continue
        j = pose.joints()
        for limb in ("near_arm", "far_arm", "near_leg", "far_leg"):
            upper, lower = lengths[limb.split("_")[1]]
            root, middle, end = j[limb][:3]
            assert abs(d.distance(root, middle) - upper) < 1.5, (code, limb)
            assert abs(d.distance(middle, end) - lower) < 1.5, (code, limb)


def test_cat_cow_keeps_hands_and_knees_on_the_mat_while_the_back_moves():
    cat, cow = (pose.joints() for pose in poses("cat_cow"))
    for limb in ("near_arm", "near_leg"):
        assert close(cat[limb][2], cow[limb][2]) and cat[limb][2][1] == d.ON_MAT
    assert close(cat["near_leg"][1], cow["near_leg"][1])
    # The rounded back (start) rises clear above the hollow one, so the grey shows above it.
    assert cow["mid"][1] - cat["mid"][1] > 10
    assert cat["head"][1] > cat["neck"][1] and cow["head"][1] < cow["neck"][1]


def test_childs_pose_sits_on_the_heels_with_the_forehead_on_the_mat():
    _, pose = poses("child_pose")
    j = pose.joints()
    hip, knee, heel = j["near_leg"][:3]
    assert knee[1] == heel[1] == d.ON_MAT and heel[0] < knee[0]  # shins flat, feet behind
    assert heel[0] - 3 < hip[0] < heel[0] + 6 and d.ON_MAT - hip[1] < 15  # on the heels
    assert abs(j["head"][1] + d.HEAD_R - d.MAT_TOP) < 1  # the head rests on the mat
    assert j["head"][0] > knee[0]  # in front of the knees
    hand = j["near_arm"][2]
    assert hand[1] == d.ON_MAT and hand[0] > j["head"][0]  # the arms reach past the head


def test_knee_to_chest_holds_the_knee_over_the_chest():
    _, pose = poses("knee_to_chest")
    j = pose.joints()
    hip, knee, ankle = j["near_leg"][:3]
    assert j["neck"][0] < knee[0] < hip[0] and knee[1] < hip[1] - 25  # up over the trunk
    assert ankle[0] > knee[0]  # the knee folded, the shin back towards the feet
    assert d.distance(j["near_arm"][2], knee) < 8  # the hands at the knee
    assert j["far_leg"][2][1] == d.FOOT_DOWN  # the other foot flat


def test_dead_bug_lowers_the_arm_clear_of_the_head_and_keeps_the_back_down():
    start, end = poses("dead_bug")
    j = end.joints()
    assert j["hip"][1] == j["neck"][1] == d.LIE_Y
    shoulder, elbow, hand = j["far_arm"]
    for a, b in ((shoulder, elbow), (elbow, hand)):
        for t in (i / 10 for i in range(11)):
            point = (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
            # The arm may tuck behind the edge of the head, never behind its middle.
            assert d.distance(point, j["head"]) > d.HEAD_R + 1
    assert hand[0] < j["head"][0]  # behind the head
    foot = j["near_leg"][2]
    assert foot[1] < d.ON_MAT - 4 and foot[0] > start.joints()["near_leg"][2][0] + 20


def test_side_plank_lifts_the_hips_into_one_line_on_the_elbow_and_knees():
    start, end = poses("side_plank_knees")
    up, down = end.joints(), start.joints()
    bottom_hip = up["hips"][0]
    knee = end.strokes()[1][1][1]
    # End pose: the thigh in line with the trunk, from the knee to the head.
    assert abs(d.direction(knee, bottom_hip) - d.direction(up["hip"], up["neck"])) < 0.5
    assert abs(d.direction(up["neck"], up["head"]) - d.direction(up["hip"], up["neck"])) < 0.5
    # Start pose: the bottom hip on the mat; the lift shows well clear of the trunk's width.
    assert abs(down["hips"][0][1] - d.ON_MAT) < 0.5
    assert d.ON_MAT - bottom_hip[1] > 12
    for pose in (start, end):
        elbow = pose.strokes()[-2][1][1]
        shoulder = pose.joints()["shoulders"][0]
        assert elbow[1] == d.ON_MAT and abs(shoulder[0] - elbow[0]) < 4  # elbow under shoulder
        assert close(pose.strokes()[1][1][1], knee)  # the knees stay where they are


def test_piriformis_stretch_rests_the_ankle_on_the_other_knee_with_the_shin_at_length():
    _, pose = poses("piriformis_stretch")
    left, right = pose.strokes()[1][1], pose.strokes()[2][1]
    left_knee, (_, right_knee, ankle) = left[1], right[:3]
    assert abs(d.distance(right_knee, ankle) - d.SHIN) < 0.5
    assert abs(ankle[0] - left_knee[0]) < 5 and left_knee[1] - ankle[1] >= d.LIMB_W
    assert right_knee[0] - pose.joints()["hips"][1][0] > 10  # the knee out to the side


def test_pelvic_tilt_and_shoulder_rolls_start_poses_show_beside_the_end_poses():
    start, end = poses("pelvic_tilt")
    assert end.trunk == (90, 90)  # the back flat on the wall
    assert start.joints()["mid"][0] - end.joints()["mid"][0] > 8  # the hollow, belly forwards
    start, end = poses("shoulder_rolls")
    lifted, rolled = start.joints()["near_arm"][0], end.joints()["near_arm"][0]
    assert rolled[1] - lifted[1] >= 8 and rolled[0] < lifted[0]  # up before, back and down after
