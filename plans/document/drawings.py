"""Drawings of the home exercises: one small SVG per exercise, drawn in code.

    exercise_svg("glute_bridge")   # '<svg xmlns=... viewBox="0 0 240 160" ...>...</svg>'

The style (../shared/guides/exercise-drawings.md): one figure built from joint angles (head a
circle, trunk, limbs as rounded strokes of one width) on the same scale in every drawing; the
start pose in light grey and the end pose in full colour where the exercise moves, one pose for a
held position; a curved arrow for the movement; a floor, mat, chair, wall or door frame where the
exercise uses one; dark grey on white plus one accent colour (the arrow and a soft highlight on
the body part that should feel the work) that is also lighter than the ink, so the drawing reads
in greyscale. No text, fonts, raster images or references to anything outside the drawing.

The figure is seen from the side (`Side`) unless the movement only shows from the front or from
above (`Front`). Angles are in degrees, counter-clockwise from pointing right: 0 right, 90 up,
180 left, -90 down. A limb is given by the directions of its segments (`("a", upper, lower)`, a
leg also the foot's), by where its end goes and to which side its middle joint bends
(`("ik", (x, y), bend)`: +1 counter-clockwise of the line from root to end, -1 clockwise), or by
its joints' points (`("pts", middle, end)`).

Presentation only: the engine knows nothing of drawings; this module reads its exercise names.
"""

import math
from dataclasses import dataclass
from functools import cache
from xml.sax.saxutils import quoteattr

from django.utils.html import escape
from django.utils.safestring import mark_safe

from plans.engine import vocabulary
from plans.engine.exercises import EXERCISES

WIDTH, HEIGHT = 240, 160
FLOOR = 154  # y of the floor line
MAT_TOP = FLOOR - 4  # a mat is 4 units thick

# Colours: dark grey ink on white, lighter greys for what is further away or came before, and one
# accent (the movement and the part that works), lighter than the ink and darker than the greys
# of the start pose, so it stays apart in greyscale.
INK = "#383838"
FAR = "#8c8c8c"  # the far arm and leg
GHOST = "#bfbfbf"  # the start pose
GHOST_FAR = "#dadada"
PROP = "#9a9a9a"  # floor line, chair, wall edge
MAT = "#e2e2e2"
WALL = "#efefef"
WHITE = "#ffffff"
ACCENT = "#d4621c"
PALETTE = frozenset({INK, FAR, GHOST, GHOST_FAR, PROP, MAT, WALL, WHITE, ACCENT})

# The figure's proportions (units of the 240 x 160 view box): about 141 units tall standing.
HEAD_R = 9
NECK = 6
TRUNK_LOW, TRUNK_UP = 21, 23  # pelvis to mid back, mid back to the base of the neck
UPPER_ARM, FOREARM = 23, 21
THIGH, SHIN, FOOT = 35, 34, 11
ANKLE = 4  # the ankle's height above the ground with the foot flat
LIMB_W = 7
TRUNK_W = 14
NECK_W = 7
GAP = 3  # the white edge that keeps a near limb apart from what lies behind it
SHOULDER_DROP = 4  # the shoulder joint sits this far below the base of the neck
FRONT_SHOULDER = 14  # front view: half the distance between the shoulder joints
FRONT_HIP = 6  # front view: half the distance between the hip joints
SEAT = FLOOR - 31  # a chair's seat: the thighs level with the knees of a seated figure
ARROW_W = 3.5


def at(point, angle, length):
    """The point `length` away from `point` in the direction `angle` (degrees, y down)."""
    rad = math.radians(angle)
    return (point[0] + length * math.cos(rad), point[1] - length * math.sin(rad))


def direction(a, b):
    return math.degrees(math.atan2(-(b[1] - a[1]), b[0] - a[0]))


def distance(a, b):
    return math.hypot(b[0] - a[0], b[1] - a[1])


def limb(root, spec, upper, lower, end=0.0):
    """The joints of a limb from its root: [root, middle, end] plus the tip of a foot if any."""
    kind, *args = spec
    if kind == "a":
        middle = at(root, args[0], upper)
        tip = at(middle, args[1], lower)
        rest = args[2:]
    elif kind == "ik":
        target, bend, *rest = args
        reach = min(max(distance(root, target), abs(upper - lower) + 0.01), upper + lower - 0.01)
        cos = (upper**2 + reach**2 - lower**2) / (2 * upper * reach)
        angle = direction(root, target) + bend * math.degrees(math.acos(max(-1, min(1, cos))))
        middle = at(root, angle, upper)
        tip = at(middle, direction(middle, target), lower)
    elif kind == "pts":
        middle, tip, *rest = args
    else:
        raise ValueError(f"unknown limb spec {spec!r}")
    points = [root, middle, tip]
    if rest and end:
        points.append(at(tip, rest[0], end))
    return points


# Figures: each produces strokes in painting order, as (role, points) with role one of
# "far" (the far limbs, behind), "trunk", "neck", "head", "front" (the front-view trunk) and
# "near" (the near limbs, drawn over the body with a white edge).


@dataclass(frozen=True)
class Side:
    """A figure seen from the side. `hip` is the middle of the pelvis."""

    hip: tuple
    trunk: tuple = (90, 90)  # directions of the lower and the upper half of the trunk
    head: float = 90  # direction from the base of the neck to the middle of the head
    near_arm: tuple = ("a", -90, -90)
    far_arm: tuple = ("a", -90, -90)
    near_leg: tuple = ("a", -90, -90, 0)
    far_leg: tuple = ("a", -90, -90, 0)
    shoulder: tuple = (0, 0)  # the shoulder moved by this much (a shrug, a squeeze)
    facing: int = 1  # which way the face looks with the head upright: 1 right, -1 left, 0 unseen
    hands_behind_head: bool = False  # the head is drawn over the near arm, the hands behind it

    def joints(self):
        mid = at(self.hip, self.trunk[0], TRUNK_LOW)
        neck = at(mid, self.trunk[1], TRUNK_UP)
        shoulder = at(neck, self.trunk[1] + 180, SHOULDER_DROP)
        shoulder = (shoulder[0] + self.shoulder[0], shoulder[1] + self.shoulder[1])
        head = at(neck, self.head, NECK + HEAD_R)
        return {
            "hip": self.hip,
            "mid": mid,
            "neck": neck,
            "head": head,
            "near_arm": limb(shoulder, self.near_arm, UPPER_ARM, FOREARM),
            "far_arm": limb(shoulder, self.far_arm, UPPER_ARM, FOREARM),
            "near_leg": limb(self.hip, self.near_leg, THIGH, SHIN, FOOT),
            "far_leg": limb(self.hip, self.far_leg, THIGH, SHIN, FOOT),
        }

    def strokes(self):
        j = self.joints()
        head = [("head", [j["head"]]), *self._nose(j["head"])]
        near_arm = [("near", j["near_arm"])]
        return [
            ("far", j["far_arm"]),
            ("far", j["far_leg"]),
            ("trunk", [j["hip"], j["mid"], j["neck"]]),
            ("neck", [j["neck"], at(j["neck"], self.head, NECK + 2)]),
            *([] if self.hands_behind_head else head),
            ("near", j["near_leg"]),
            *near_arm,
            *(head if self.hands_behind_head else []),
        ]

    def _nose(self, head):
        if not self.facing:
            return []
        return [("nose", [at(head, self.head - 90 * self.facing, HEAD_R)])]


@dataclass(frozen=True)
class Front:
    """A figure seen from the front (or, lying, from above). Left and right as the viewer sees
    them; `lean` is the direction from the pelvis to the base of the neck."""

    hip: tuple
    lean: float = 90
    head: float = 90
    left_arm: tuple = ("a", -95, -92)
    right_arm: tuple = ("a", -85, -88)
    left_leg: tuple = ("a", -92, -90, 180)
    right_leg: tuple = ("a", -88, -90, 0)
    feet: float = 6  # front view: a foot points at the viewer, so it shows short
    bow: float = 0  # the head bowed forwards: the neck shows this much shorter (0 to 1)
    face: float | None = None  # the direction the face looks in, if it is turned or bowed

    def joints(self):
        neck = at(self.hip, self.lean, TRUNK_LOW + TRUNK_UP)
        across = self.lean - 90  # towards the viewer's right
        base = at(neck, self.lean + 180, SHOULDER_DROP)
        return {
            "hip": self.hip,
            "neck": neck,
            "head": at(neck, self.head, (NECK + HEAD_R) * (1 - self.bow)),
            "shoulders": (at(base, across + 180, FRONT_SHOULDER), at(base, across, FRONT_SHOULDER)),
            "hips": (at(self.hip, across + 180, FRONT_HIP), at(self.hip, across, FRONT_HIP)),
            "across": across,
        }

    def strokes(self):
        j = self.joints()
        left_hip, right_hip = j["hips"]
        left_shoulder, right_shoulder = j["shoulders"]
        across = j["across"]
        body = [
            at(j["neck"], across + 180, FRONT_SHOULDER - 3),
            at(j["neck"], across, FRONT_SHOULDER - 3),
            at(self.hip, across, FRONT_HIP),
            at(self.hip, across + 180, FRONT_HIP),
        ]
        return [
            ("front", body),
            ("near", limb(left_hip, self.left_leg, THIGH, SHIN, self.feet)),
            ("near", limb(right_hip, self.right_leg, THIGH, SHIN, self.feet)),
            ("neck", [j["neck"], at(j["neck"], self.head, (NECK + 2) * (1 - self.bow))]),
            ("head", [j["head"]]),
            *([("nose", [at(j["head"], self.face, HEAD_R)])] if self.face is not None else []),
            ("near", limb(left_shoulder, self.left_arm, UPPER_ARM, FOREARM)),
            ("near", limb(right_shoulder, self.right_arm, UPPER_ARM, FOREARM)),
        ]


# Painting.


def _num(value):
    text = f"{value:.1f}"
    return "0" if text in ("-0.0", "0.0") else text.removesuffix(".0")


def _path(points):
    return "M" + " L".join(f"{_num(x)} {_num(y)}" for x, y in points)


def _trunk_path(points):
    """The trunk as one smooth curve through pelvis, mid back and the base of the neck."""
    hip, mid, neck = points
    control = (2 * mid[0] - (hip[0] + neck[0]) / 2, 2 * mid[1] - (hip[1] + neck[1]) / 2)
    return (
        f"M{_num(hip[0])} {_num(hip[1])} "
        f"Q{_num(control[0])} {_num(control[1])} {_num(neck[0])} {_num(neck[1])}"
    )


def _stroke(d, colour, width, *, opacity=None):
    extra = f' stroke-opacity="{opacity}"' if opacity is not None else ""
    return (
        f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="{_num(width)}" '
        f'stroke-linecap="round" stroke-linejoin="round"{extra}/>'
    )


def _circle(centre, r, fill):
    return f'<circle cx="{_num(centre[0])}" cy="{_num(centre[1])}" r="{_num(r)}" fill="{fill}"/>'


def paint(figure, *, start=False):
    """The figure's SVG elements, in full colour or (start) in the light grey of a start pose."""
    ink, far = (GHOST, GHOST_FAR) if start else (INK, FAR)
    out = []
    for role, points in figure.strokes():
        if role == "far":
            out.append(_stroke(_path(points), far, LIMB_W))
        elif role == "trunk":
            out.append(_stroke(_trunk_path(points), ink, TRUNK_W))
        elif role == "front":
            d = _path(points) + " Z"
            out.append(
                f'<path d="{d}" fill="{ink}" stroke="{ink}" stroke-width="{LIMB_W}" '
                'stroke-linejoin="round"/>'
            )
        elif role == "neck":
            out.append(_stroke(_path(points), ink, NECK_W))
        elif role == "head":
            out.append(_circle(points[0], HEAD_R + GAP / 2, WHITE))
            out.append(_circle(points[0], HEAD_R, ink))
        elif role == "nose":
            out.append(_circle(points[0], 2.6, ink))
        elif role == "near":
            d = _path(points)
            out.append(_stroke(d, WHITE, LIMB_W + 2 * GAP))
            out.append(_stroke(d, ink, LIMB_W))
    return out


def highlight(*points, width=18):
    """A soft accent band along the body part that should feel the work."""
    return _stroke(_path(points), ACCENT, width, opacity=0.38)


def along(a, b, t0, t1, offset=0.0):
    """The part of the segment a-b from fraction t0 to t1, moved `offset` to its left side."""
    angle = direction(a, b) + 90
    p = (a[0] + (b[0] - a[0]) * t0, a[1] + (b[1] - a[1]) * t0)
    q = (a[0] + (b[0] - a[0]) * t1, a[1] + (b[1] - a[1]) * t1)
    return at(p, angle, offset), at(q, angle, offset)


def curve(p0, p1, bend):
    """Points on a gentle curve from p0 to p1, bulging `bend` units to the left of p0->p1."""
    mid = ((p0[0] + p1[0]) / 2, (p0[1] + p1[1]) / 2)
    control = at(mid, direction(p0, p1) + 90, 2 * bend)
    points = []
    for i in range(17):
        t = i / 16
        points.append(
            (
                (1 - t) ** 2 * p0[0] + 2 * (1 - t) * t * control[0] + t**2 * p1[0],
                (1 - t) ** 2 * p0[1] + 2 * (1 - t) * t * control[1] + t**2 * p1[1],
            )
        )
    return points


def arc(centre, r, start, end):
    """Points on a circular arc around `centre` from angle `start` to `end` (degrees)."""
    steps = max(6, int(abs(end - start) / 8))
    return [at(centre, start + (end - start) * i / steps, r) for i in range(steps + 1)]


def arrow(points):
    """An accent arrow along `points`, its head at the last point."""
    tip = points[-1]
    # The head's direction: from a point a little way back along the curve.
    back = next((p for p in reversed(points[:-1]) if distance(p, tip) >= 6), points[0])
    angle = direction(back, tip)
    head_len, head_half = 10, 6.5
    base = at(tip, angle + 180, head_len)
    shaft = [p for p in points[:-1] if distance(p, tip) > head_len] + [base]
    head = [tip, at(base, angle + 90, head_half), at(base, angle - 90, head_half)]
    head_d = _path(head) + " Z"
    return [
        _stroke(_path(shaft), WHITE, ARROW_W + 2 * GAP),
        f'<path d="{head_d}" fill="{WHITE}" stroke="{WHITE}" stroke-width="{GAP * 2}" '
        'stroke-linejoin="round"/>',
        _stroke(_path(shaft), ACCENT, ARROW_W),
        f'<path d="{head_d}" fill="{ACCENT}" stroke="{ACCENT}" stroke-width="1.5" '
        'stroke-linejoin="round"/>',
    ]


# Props.


def floor(x0=6, x1=WIDTH - 6):
    return [_stroke(f"M{x0} {FLOOR} L{x1} {FLOOR}", PROP, 2)]


def mat(x0, x1):
    return [
        *floor(),
        f'<rect x="{_num(x0)}" y="{MAT_TOP}" width="{_num(x1 - x0)}" height="{FLOOR - MAT_TOP}" '
        f'rx="2" fill="{MAT}"/>',
    ]


def chair(x, *, back_height=44):
    """A chair seen from the side, its seat from `x` to `x + 36`, its backrest at the left
    (behind a figure facing right)."""
    facing = 1
    front = x + 34 * facing
    rear = x + 2 * facing
    out = [
        _stroke(f"M{_num(x)} {SEAT} L{_num(x + 36 * facing)} {SEAT}", PROP, 4),
        _stroke(f"M{_num(front)} {SEAT} L{_num(front)} {FLOOR}", PROP, 3),
        _stroke(f"M{_num(rear)} {SEAT} L{_num(rear)} {FLOOR}", PROP, 3),
    ]
    if back_height:
        out.append(_stroke(f"M{_num(rear)} {SEAT} L{_num(rear)} {SEAT - back_height}", PROP, 4))
    return out


def chair_front(cx, width=52, back_height=46):
    """A chair seen from the front: the backrest and the seat show on both sides of the person."""
    x0, x1 = cx - width / 2, cx + width / 2
    top = SEAT - back_height
    return [
        _stroke(
            f"M{_num(x0 + 3)} {SEAT} L{_num(x0 + 3)} {top} L{_num(x1 - 3)} {top} "
            f"L{_num(x1 - 3)} {SEAT}",
            PROP,
            3,
        ),
        _stroke(f"M{_num(x0)} {SEAT + 2} L{_num(x1)} {SEAT + 2}", PROP, 4),
        _stroke(f"M{_num(x0 + 3)} {SEAT + 2} L{_num(x0 + 3)} {FLOOR}", PROP, 3),
        _stroke(f"M{_num(x1 - 3)} {SEAT + 2} L{_num(x1 - 3)} {FLOOR}", PROP, 3),
    ]


def cushion(x0, x1, height=7):
    return [
        f'<rect x="{_num(x0)}" y="{FLOOR - height}" width="{_num(x1 - x0)}" height="{height}" '
        f'rx="3" fill="{MAT}"/>'
    ]


def wall(x, *, top=4):
    """A wall seen from the side, its face at `x`, the wall itself to the left of it."""
    x0 = x - 12
    return [
        f'<rect x="{_num(x0)}" y="{top}" width="12" height="{FLOOR - top}" fill="{WALL}"/>',
        _stroke(f"M{_num(x)} {top} L{_num(x)} {FLOOR}", PROP, 2),
    ]


def wall_behind(x0, x1, top=4):
    """A wall seen from the front, behind the figure."""
    return [
        f'<rect x="{_num(x0)}" y="{top}" width="{_num(x1 - x0)}" height="{FLOOR - top}" '
        f'fill="{WALL}"/>'
    ]


def door_frame(x, top=8):
    """A door frame seen from the side: the jamb the forearm rests on, and the lintel."""
    return [
        f'<rect x="{_num(x - 5)}" y="{top}" width="10" height="{FLOOR - top}" fill="{WALL}"/>',
        _stroke(
            f"M{_num(x - 5)} {FLOOR} L{_num(x - 5)} {top} L{_num(x + 5)} {top} "
            f"L{_num(x + 5)} {FLOOR}",
            PROP,
            2,
        ),
    ]


@dataclass(frozen=True)
class Drawing:
    """What one exercise's drawing shows: props, the start pose (if it moves), the end pose,
    the highlight and the arrows, and the pose in words."""

    words: str
    end: object
    start: object = None
    props: tuple = ()
    highlights: tuple = ()  # each a tuple of points
    arrows: tuple = ()  # each a list of points

    @property
    def moves(self):
        return self.start is not None


def _svg(name, drawing):
    parts = [*drawing.props]
    if drawing.start is not None:
        parts += ['<g class="pose start">', *paint(drawing.start, start=True), "</g>"]
    parts += ['<g class="highlight">', *(highlight(*h) for h in drawing.highlights), "</g>"]
    parts += ['<g class="pose end">', *paint(drawing.end), "</g>"]
    for points in drawing.arrows:
        parts += ['<g class="arrow">', *arrow(points), "</g>"]
    label = quoteattr(name)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="exercise-drawing" role="img" aria-label={label}>'
        f"<title>{escape(name)}</title><desc>{escape(drawing.words)}</desc>"
        + "".join(parts)
        + "</svg>"
    )


@cache
def exercise_svg(code):
    """The drawing of exercise `code` as SVG markup (generated here, safe to embed)."""
    if code not in DRAWINGS:
        raise KeyError(code)
    # Safe: every character of the markup is generated here; the name is escaped.
    return mark_safe(_svg(EXERCISES[code].name, DRAWINGS[code]()))


# The 22 drawings. Side views face right.

STAND_Y = FLOOR - ANKLE - SHIN - THIGH  # the hip of a figure standing straight
SIT_Y = SEAT - 7  # the hip of a figure sitting on a chair's seat
LIE_Y = MAT_TOP - TRUNK_W / 2  # the trunk's middle line lying on a mat
ON_MAT = MAT_TOP - LIMB_W / 2  # the middle line of a limb lying on a mat
FOOT_DOWN = FLOOR - ANKLE  # an ankle with the foot flat on the floor


def trunk_points(hip, lower, upper):
    """The mid back, the base of the neck and the shoulder of a trunk from `hip`."""
    mid = at(hip, lower, TRUNK_LOW)
    neck = at(mid, upper, TRUNK_UP)
    return mid, neck, at(neck, upper + 180, SHOULDER_DROP)


def standing(x, **kw):
    legs = {
        "near_leg": ("ik", (x + 1, FOOT_DOWN), 1, 0),
        "far_leg": ("ik", (x - 1, FOOT_DOWN), 1, 0),
    }
    return Side(hip=(x, STAND_Y), **{**legs, **kw})


def seated(x, **kw):
    """Sitting on a chair's seat, thighs level, feet flat on the floor below the knees."""
    legs = {
        "near_leg": ("ik", (x + THIGH + 1, FOOT_DOWN), 1, 0),
        "far_leg": ("ik", (x + THIGH - 2, FOOT_DOWN), 1, 0),
        "near_arm": ("ik", (x + 24, SIT_Y - 5), -1),
        "far_arm": ("ik", (x + 27, SIT_Y - 5), -1),
    }
    return Side(hip=(x, SIT_Y), **{**legs, **kw})


def _pelvic_tilt():
    # The buttocks and the shoulder blades stay on the wall. In the start pose the small of the
    # back curves away from it, which shows as the belly pushed forwards (the hollow itself is
    # hidden behind the end pose); in the end pose the pelvis has tilted and the whole back lies
    # flat on the wall, the arrow pushing the belly back towards it.
    wall_x = 60
    hip = (wall_x + TRUNK_W / 2 + 1, STAND_Y + 5)  # the back of the trunk on the wall's face
    foot = (hip[0] + 16, FOOT_DOWN)

    def pose(lower, upper, head):
        return Side(
            hip=hip,
            trunk=(lower, upper),
            head=head,
            near_leg=("ik", foot, 1, 0),
            far_leg=("ik", (foot[0] - 2, foot[1]), 1, 0),
            near_arm=("a", -84, -80),
            far_arm=("a", -87, -83),
        )

    start = pose(60, 118, 84)
    end = pose(90, 90, 85)
    j = end.joints()
    belly = start.joints()["mid"]
    return Drawing(
        "Standing with the back against a wall, feet a small step away from it, knees a little "
        "bent; the pelvis tilts so the hollow of the lower back flattens against the wall.",
        start=start,
        end=end,
        props=(*floor(), *wall(wall_x)),
        highlights=(along(hip, j["mid"], 0.0, 1.1, -5),),
        arrows=(curve((belly[0] + 46, belly[1] + 4), (belly[0] + 14, belly[1] + 4), -4),),
    )


def _knee_to_chest():
    # Lying on the back, head to the left. The held knee is folded up over the chest, its shin
    # coming back over the hips; both hands hold it just below the knee, the elbows out. The
    # other knee is bent with the foot flat on the mat.
    hip = (130, LIE_Y)
    thigh = 117
    knee = at(hip, thigh, THIGH)
    shin = thigh - 142  # the knee folded: the shin runs back towards the feet over the hips
    grip = at(at(knee, shin, 5), shin + 90, 3)  # on the front of the shin, just below the knee
    body = Side(
        hip=hip,
        trunk=(180, 180),
        head=176,
        near_leg=("a", thigh, shin, 60),
        far_leg=("ik", (hip[0] + 52, FOOT_DOWN), 1, 0),
        near_arm=("ik", grip, -1),
        far_arm=("ik", (grip[0] - 2, grip[1] + 1), -1),
    )
    mid = body.joints()["mid"]
    return Drawing(
        "Lying on the back on a mat; both hands hold one knee and bring it towards the chest, "
        "the other knee bent with the foot flat on the mat.",
        end=body,
        props=mat(24, 216),
        highlights=(along(mid, hip, 0.1, 1.0, -2), along(hip, knee, 0.05, 0.4, -5)),
        arrows=(arc(hip, THIGH + 18, 70, 124),),
    )


def _all_fours(hip_x, bend, head, *, near_leg=None, far_arm=None, hand=None):
    """On hands and knees on a mat, facing right: knees under the hips, hands under the
    shoulders, arms straight. `bend` curves the back (positive rounds it up), `head` is the
    head's direction relative to the upper back. `hand` keeps the hands where they are (the
    trunk then tilts until the shoulders sit on straight arms above them)."""
    knee = (hip_x, ON_MAT)
    hip = (hip_x, ON_MAT - THIGH)
    arm = (UPPER_ARM + FOREARM) * 0.985
    target = ON_MAT - arm
    low, high = -45.0, 45.0  # tilt the whole trunk until the shoulders sit on straight arms
    for _ in range(40):
        tilt = (low + high) / 2
        shoulder = trunk_points(hip, tilt + bend, tilt - bend)[2]
        short = shoulder[1] > target if hand is None else distance(shoulder, hand) < arm
        low, high = (tilt, high) if short else (low, tilt)
    lower, upper = tilt + bend, tilt - bend
    shoulder = trunk_points(hip, lower, upper)[2]
    hand = hand or (shoulder[0] + 1, ON_MAT)
    return Side(
        hip=hip,
        trunk=(lower, upper),
        head=upper + head,
        near_arm=("ik", hand, -1),
        far_arm=far_arm or ("ik", (hand[0] + 2, hand[1]), -1),
        near_leg=near_leg or ("pts", knee, (knee[0] - SHIN, ON_MAT), 184),
        far_leg=("pts", (knee[0] + 2, knee[1]), (knee[0] + 2 - SHIN, ON_MAT), 184),
    )


def _cat_cow():
    # Hands and knees stay where they are on the mat; the back rounds up (cat, the start pose,
    # head down) and then sinks into a hollow (cow, the end pose, looking a little forwards).
    hip_x = 90
    hand = _all_fours(hip_x, 0, 0).joints()["near_arm"][2]
    cat = _all_fours(hip_x, 24, -46, hand=hand)
    cow = _all_fours(hip_x, -20, 36, hand=hand)
    j = cow.joints()
    high = cat.joints()["mid"]
    low = j["mid"]
    return Drawing(
        "On hands and knees on a mat, hands under the shoulders and knees under the hips; the "
        "back rounds up towards the ceiling with the head down, then sinks into a gentle hollow "
        "with the head a little up.",
        start=cat,
        end=cow,
        props=mat(30, 210),
        arrows=(curve((high[0] - 2, high[1] - 30), (low[0] - 2, low[1] - 15), 0),),
    )


def _child_pose():
    # Kneeling, facing right: the shins flat on the mat behind the knees, the buttocks resting
    # back on the heels, the back rounded forwards over the thighs, the forehead on the mat in
    # front of the knees and the arms stretched forwards along the mat past the head (drawn
    # behind it, so the head that rests on the mat stays whole).
    knee = (104, ON_MAT)
    heel = (knee[0] - SHIN, ON_MAT)
    sit = 13  # the hips this far above the knees: resting on the heels
    hip = (knee[0] - math.sqrt(THIGH**2 - sit**2), ON_MAT - sit)
    far_knee = at(hip, direction(hip, knee) + 3, THIGH)
    lower = 8
    mid = at(hip, lower, TRUNK_LOW)
    head_dir = -30
    head_y = MAT_TOP - HEAD_R  # the forehead on the mat
    neck_y = head_y + (NECK + HEAD_R) * math.sin(math.radians(head_dir))
    upper = -math.degrees(math.asin((neck_y - mid[1]) / TRUNK_UP))
    shoulder = trunk_points(hip, lower, upper)[2]
    reach = (UPPER_ARM + FOREARM) * 0.995  # the arms all but straight
    hand = (shoulder[0] + math.sqrt(reach**2 - (ON_MAT - shoulder[1]) ** 2), ON_MAT)
    body = Side(
        hip=hip,
        trunk=(lower, upper),
        head=head_dir,
        near_leg=("pts", knee, heel, 184),
        far_leg=("pts", far_knee, (far_knee[0] - SHIN, ON_MAT), 184),
        near_arm=("ik", hand, 1),
        far_arm=("ik", (hand[0] + 2, hand[1]), 1),
        hands_behind_head=True,
    )
    j = body.joints()
    back = along(hip, j["mid"], -0.1, 1.0, 6)  # the rounded back, from the hips over the top
    return Drawing(
        "Kneeling on a mat and sitting back on the heels, the chest lowered over the thighs, the "
        "forehead resting on the mat and the arms stretched forwards along the mat.",
        end=body,
        props=mat(30, 220),
        highlights=((*back, along(j["mid"], j["neck"], 0.0, 0.5, 6)[1]),),
        arrows=(
            curve((hip[0] + 8, hip[1] - 26), (hip[0] - 20, hip[1] - 12), 5),
            curve((hand[0] + 2, hand[1] - 12), (hand[0] + 28, hand[1] - 12), 0),
        ),
    )


def _bird_dog():
    start = _all_fours(88, 0, 0)
    end = _all_fours(88, 0, 0, near_leg=("a", 184, 182, -96), far_arm=("a", 8, 6))
    j = end.joints()
    knee = start.joints()["near_leg"][1]
    foot = j["near_leg"][2]
    hand = j["far_arm"][2]
    return Drawing(
        "On hands and knees on a mat, back flat; one arm stretches forwards and the opposite "
        "leg backwards, level with the back.",
        start=start,
        end=end,
        props=mat(14, 226),
        highlights=(along(j["hip"], j["mid"], -0.3, 1.0, 6),),
        arrows=(
            curve((knee[0] - 22, knee[1] - 8), (foot[0] + 6, foot[1] + 14), -8),
            curve((hand[0] - 22, hand[1] + 26), (hand[0] - 4, hand[1] + 10), 6),
        ),
    )


def _glute_bridge():
    # The end pose: shoulders, hips and knees on one straight line, the shins about upright.
    neck = (52, LIE_Y)
    line = 19
    trunk = TRUNK_LOW + TRUNK_UP
    up = at(neck, line, trunk)
    knee = at(neck, line, trunk + THIGH)
    ankle = (knee[0] + math.sqrt(max(SHIN**2 - (FOOT_DOWN - knee[1]) ** 2, 0)), FOOT_DOWN)
    down = (neck[0] + trunk, LIE_Y)

    def pose(hip, near_leg):
        lower = direction(hip, neck)
        shoulder = at(neck, lower + 180, SHOULDER_DROP)
        elbow = (shoulder[0] + UPPER_ARM - 1, ON_MAT)
        return Side(
            hip=hip,
            trunk=(lower, lower),
            head=180,
            near_leg=near_leg,
            far_leg=("ik", (ankle[0] + 2, ankle[1]), 1, 0),
            near_arm=("pts", elbow, (elbow[0] + FOREARM, ON_MAT)),
            far_arm=("pts", (elbow[0] - 2, ON_MAT), (elbow[0] + FOREARM - 2, ON_MAT)),
        )

    end = pose(up, ("pts", knee, ankle, 0))
    return Drawing(
        "Lying on the back on a mat, knees bent and feet flat; the hips lift until shoulders, "
        "hips and knees make a line, then lower.",
        start=pose(down, ("ik", ankle, 1, 0)),
        end=end,
        props=mat(18, 200),
        highlights=((at(up, line + 180, 6), at(up, line - 90, 5), at(up, line, 8)),),
        arrows=(curve((up[0] - 2, up[1] - 12), (up[0] - 2, up[1] - 38), 3),),
    )


def _dead_bug():
    # Lying on the back, head to the left: the start pose has both arms pointing up and both
    # hips and knees bent at right angles. One arm (the far one) lowers back over the head, held
    # clear of it so it does not vanish behind the head, while the opposite (near) leg stretches
    # out until the heel hovers just above the mat. The arm and leg that stay show where both
    # started.
    hip = (128, LIE_Y)
    up_arm = ("a", 90, 90)
    bent_leg = ("a", 90, 0, 70)

    def pose(leg, arm):
        return Side(
            hip=hip,
            trunk=(180, 180),
            head=172,
            near_leg=leg,
            far_leg=bent_leg,
            near_arm=up_arm,
            far_arm=arm,
        )

    start = pose(bent_leg, up_arm)
    end = pose(("a", 16, 6, 64), ("a", 140, 146))
    j = end.joints()
    shoulder = j["far_arm"][0]
    return Drawing(
        "Lying on the back on a mat, hips and knees bent at right angles, arms pointing up; one "
        "arm lowers back over the head while the opposite leg stretches out towards the floor, "
        "the small of the back staying on the mat.",
        start=start,
        end=end,
        props=mat(14, 228),
        highlights=(along(hip, j["mid"], 0.0, 1.0, -7),),
        arrows=(
            arc(hip, THIGH + SHIN - 4, 52, 20),
            arc(shoulder, UPPER_ARM + FOREARM + 8, 98, 136),
        ),
    )


def _side_plank_knees():
    # Seen from the front (the `Front` figure turned on its side, head to the left): lying on
    # one side, the forearm on the mat with the elbow right under the shoulder, the knees
    # bent with the lower legs behind, the top hand on the top hip. The elbow and the knees stay
    # where they are; the hips lift from the mat until knees, hips and head make one line.
    elbow = (62, ON_MAT)
    shoulder = (elbow[0], ON_MAT - UPPER_ARM)  # the bottom shoulder, right above the elbow
    # From the bottom hip joint to the bottom shoulder, in the figure's own frame.
    along_body = TRUNK_LOW + TRUNK_UP - SHOULDER_DROP
    across_body = FRONT_SHOULDER - FRONT_HIP

    def bottom_shoulder(bottom_hip, lean):
        return at(at(bottom_hip, lean, along_body), lean + 90, across_body)

    def solve(f, low, high):  # the root of f between low and high, where f changes sign
        for _ in range(50):
            mid = (low + high) / 2
            low, high = (mid, high) if (f(mid) > 0) == (f(low) > 0) else (low, mid)
        return (low + high) / 2

    def bottom_hip_under(lean):  # the end pose: the bottom hip found from the bottom shoulder
        return at(at(shoulder, lean + 180, along_body), lean - 90, across_body)

    # End pose: the bottom knee on the mat, in line with the body.
    lean_up = solve(lambda a: at(bottom_hip_under(a), a + 180, THIGH)[1] - ON_MAT, 120, 180)
    hip_up = bottom_hip_under(lean_up)
    knee = at(hip_up, lean_up + 180, THIGH)
    # Start pose: the bottom hip on the mat, the thigh flat along it, the shoulder still (very
    # nearly) above the elbow.
    hip_down = (knee[0] - THIGH, ON_MAT)
    lean_down = solve(lambda a: distance(bottom_shoulder(hip_down, a), elbow) - UPPER_ARM, 120, 150)

    def pose(bottom_hip, lean):
        across = lean - 90  # towards the ceiling
        centre = at(bottom_hip, across, FRONT_HIP)
        top_hip = at(centre, across, FRONT_HIP)
        top_knee = at(top_hip, direction(bottom_hip, knee), THIGH)  # the thighs side by side
        shin = 42  # the lower legs lie behind the body: drawn going back and up
        return Front(
            hip=centre,
            lean=lean,
            head=lean,
            left_arm=("pts", elbow, (elbow[0] - FOREARM, ON_MAT)),
            right_arm=("ik", at(top_hip, across, 3), 1),  # the top hand on the top hip
            left_leg=("pts", knee, at(knee, shin, SHIN), -30),
            right_leg=("pts", top_knee, at(top_knee, shin, SHIN), -30),
            feet=6,
        )

    start = pose(hip_down, lean_down)
    end = pose(hip_up, lean_up)
    top_hip = end.joints()["hips"][1]
    return Drawing(
        "Lying on one side on a mat, seen from the front, resting on the forearm with the elbow "
        "under the shoulder, knees bent; the hips lift until the body makes a line from knees "
        "to head.",
        start=start,
        end=end,
        props=mat(18, 222),
        highlights=((at(hip_up, lean_up, 4), at(hip_up, lean_up, 24)),),
        arrows=(curve((top_hip[0] + 2, top_hip[1] - 10), (top_hip[0] + 2, top_hip[1] - 34), 4),),
    )


def _hip_flexor_stretch():
    back_knee = (88, FLOOR - 7 - LIMB_W / 2)
    hip = (back_knee[0] + 12, back_knee[1] - math.sqrt(THIGH**2 - 12**2))
    body = Side(
        hip=hip,
        near_leg=("pts", back_knee, (back_knee[0] - SHIN + 2, FOOT_DOWN + 1), 196),
        far_leg=("ik", (hip[0] + 38, FOOT_DOWN), 1, 0),
        near_arm=("a", -76, -64),
        far_arm=("a", -72, -56),
    )
    return Drawing(
        "Kneeling on one knee on a cushion, the other foot flat in front; the trunk stays upright "
        "and the hips move forwards until the front of the back hip stretches.",
        end=body,
        props=(*floor(), *cushion(72, 104)),
        highlights=(along(hip, back_knee, 0.0, 0.75, 5),),
        arrows=(curve((hip[0] - 24, hip[1] + 6), (hip[0] + 22, hip[1] + 6), 6),),
    )


def _hamstring_stretch():
    hip = (84, SIT_Y)
    lean = 60
    heel = (hip[0] + math.sqrt(68**2 - (FOOT_DOWN - hip[1]) ** 2), FOOT_DOWN)
    thigh = direction(hip, heel)
    body = Side(
        hip=hip,
        trunk=(lean, lean),
        head=lean - 4,
        near_leg=("ik", heel, 1, 76),
        far_leg=("ik", (hip[0] + THIGH - 2, FOOT_DOWN), 1, 0),
        near_arm=("ik", at(hip, thigh, 30), -1),
        far_arm=("ik", at(hip, thigh + 3, 33), -1),
    )
    j = body.joints()
    knee = j["near_leg"][1]
    r = distance(hip, j["head"]) + 15
    return Drawing(
        "Sitting near the front of a chair, one leg stretched out with the heel on the floor and "
        "the toes up; the back stays straight and leans forwards from the hips.",
        end=body,
        props=(*floor(), *chair(hip[0] - 24)),
        highlights=(along(hip, knee, 0.15, 1.0, -5), along(knee, heel, 0.0, 0.35, -5)),
        arrows=(arc(hip, r, lean + 18, lean - 16),),
    )


def _seated_front(cx, **kw):
    """Sitting on a chair seen from the front: knees apart, feet flat below them."""
    knee_l = (cx - FRONT_HIP - 7, SEAT - 4)
    knee_r = (cx + FRONT_HIP + 7, SEAT - 4)
    parts = {
        "left_leg": ("pts", knee_l, (knee_l[0] - 1, FOOT_DOWN), 180),
        "right_leg": ("pts", knee_r, (knee_r[0] + 1, FOOT_DOWN), 0),
        "left_arm": ("ik", (knee_l[0] - 3, knee_l[1] + 2), -1),
        "right_arm": ("ik", (knee_r[0] + 3, knee_r[1] + 2), 1),
    }
    return Front(hip=(cx, SEAT - 3.5), **{**parts, **kw})


def _piriformis_stretch():
    # Seen from the front, the figure 4: the viewer's left leg stands with the foot flat; the
    # right leg's ankle rests on top of the left knee, its knee out to the side a little higher
    # than the ankle, so its shin lies across the lap at full length. The thighs point
    # at the viewer, so they show short. One hand holds the crossed ankle from above, the other
    # rests on the raised knee, so neither arm hides the crossed shin.
    cx = 112
    knee_l = (cx - FRONT_HIP - 7, SEAT - 4)
    ankle = (knee_l[0] + 3, knee_l[1] - LIMB_W - 1)  # on top of the left knee
    knee_r = at(ankle, 12, SHIN)
    body = _seated_front(
        cx,
        right_leg=("pts", knee_r, ankle, 170),
        left_arm=("ik", (ankle[0] + 1, ankle[1] - 5), -1),
        right_arm=("ik", (knee_r[0] - 1, knee_r[1] - 4), 1),
        feet=6,
    )
    right_hip = body.joints()["hips"][1]
    return Drawing(
        "Sitting on a chair, seen from the front: one ankle rests on the opposite knee, the "
        "raised knee falls out to the side; the back stays straight and leans gently forwards.",
        end=body,
        props=(*floor(), *chair_front(cx, width=60)),
        highlights=(along(right_hip, knee_r, 0.0, 0.6, -3),),
    )


def _lumbar_rotation_stretch():
    # Seen from above: lying on the back on a mat, head to the left, arms out to the sides.
    hip = (130, 82)

    def pose(rolled):
        if rolled:
            left = ("pts", (hip[0] + 18, hip[1] + 30), (hip[0] + 36, hip[1] + 10), -20)
            right = ("pts", (hip[0] + 22, hip[1] + 38), (hip[0] + 38, hip[1] + 20), -20)
        else:
            left = ("pts", (hip[0] + 24, hip[1] + 6), (hip[0] + 34, hip[1] + 7), 0)
            right = ("pts", (hip[0] + 24, hip[1] - 6), (hip[0] + 34, hip[1] - 7), 0)
        return Front(
            hip=hip,
            lean=180,
            head=180,
            left_arm=("a", -96, -96),
            right_arm=("a", 96, 96),
            left_leg=left,
            right_leg=right,
            feet=8,
        )

    end = pose(True)
    return Drawing(
        "Lying on the back, seen from above: knees bent and together, shoulders and arms resting "
        "on the mat; both knees roll slowly to one side and back to the middle.",
        start=pose(False),
        end=end,
        props=(f'<rect x="34" y="30" width="180" height="104" rx="6" fill="{MAT}"/>',),
        highlights=((at(hip, 180, 4), at(hip, 180, 26)),),
        arrows=(curve((hip[0] + 40, hip[1] - 14), (hip[0] + 44, hip[1] + 30), -12),),
    )


def _walking():
    hip = (116, STAND_Y + 2)
    body = Side(
        hip=hip,
        trunk=(92, 92),
        head=88,
        near_leg=("ik", (hip[0] + 26, FOOT_DOWN), 1, 10),
        far_leg=("ik", (hip[0] - 24, FOOT_DOWN - 5), 1, -30),
        near_arm=("a", -112, -84),
        far_arm=("a", -64, -34),
    )
    head = body.joints()["head"]
    return Drawing(
        "Walking upright at an easy pace, arms swinging freely.",
        end=body,
        props=floor(),
        arrows=(curve((head[0] + 24, head[1] + 6), (head[0] + 64, head[1] + 6), 6),),
    )


def _chin_tuck():
    x = 104
    start = seated(x, trunk=(92, 94), head=62)
    end = seated(x, trunk=(92, 94), head=98)
    j = end.joints()
    head = j["head"]
    return Drawing(
        "Sitting tall on a chair, looking straight ahead; the chin slides straight back, "
        "making a double chin, without tipping the head.",
        start=start,
        end=end,
        props=(*floor(), *chair(x - 14)),
        highlights=(along(j["neck"], head, -0.1, 0.45, 0),),
        arrows=(curve((head[0] + 44, head[1] + 6), (head[0] + 17, head[1] + 6), -4),),
    )


def _neck_side_bend_stretch():
    cx = 120
    body = _seated_front(cx, head=58, left_arm=("ik", (cx - 19, SEAT), -1))
    j = body.joints()
    left = j["shoulders"][0]
    return Drawing(
        "Sitting tall on a chair, seen from the front, one hand holding the seat; the head tips "
        "so the other ear moves towards its shoulder.",
        end=body,
        props=(*floor(), *chair_front(cx)),
        highlights=((at(j["neck"], 120, 5), (left[0] + 2, left[1] - 1)),),
        arrows=(arc(j["neck"], NECK + HEAD_R + 17, 98, 48),),
    )


def _levator_scapulae_stretch():
    cx = 120
    body = _seated_front(cx, head=52, bow=0.3, face=-50, left_arm=("ik", (cx - 19, SEAT), -1))
    j = body.joints()
    left = j["shoulders"][0]
    head = j["head"]
    return Drawing(
        "Sitting tall on a chair, seen from the front, one hand holding the seat; the head turns "
        "a little to the other side and bows, the nose towards that armpit.",
        end=body,
        props=(*floor(), *chair_front(cx)),
        highlights=((at(j["neck"], 130, 4), (left[0] + 2, left[1] + 2)),),
        arrows=(curve((head[0] - 4, head[1] - 26), (head[0] + 16, head[1] - 4), -8),),
    )


def _shoulder_rolls():
    # Standing, seen from the side. The start pose has the shoulders lifted up towards the ears
    # and a little forwards, the arms hanging from them; the end pose has the shoulders rolled
    # back and down, the arms hanging a little further back. The arrow circles the shoulder
    # joint: up at the front, back over the top and down behind.
    x = 110
    start = standing(x, shoulder=(4, -9), near_arm=("a", -80, -78), far_arm=("a", -83, -81))
    end = standing(x, shoulder=(-4, 1), near_arm=("a", -95, -93), far_arm=("a", -97, -95))
    shoulder = end.joints()["near_arm"][0]
    # An oval, wider than tall, so its top passes under the chin rather than over the head.
    loop = [
        (
            shoulder[0] + 17 * math.cos(math.radians(a)),
            shoulder[1] + 2 - 9 * math.sin(math.radians(a)),
        )
        for a in range(-34, 247, 8)
    ]
    return Drawing(
        "Standing tall, arms hanging loose; the shoulders lift towards the ears and roll back and "
        "down in a slow circle.",
        start=start,
        end=end,
        props=floor(),
        highlights=((at(shoulder, 160, 3), at(shoulder, 100, 9)),),
        arrows=(loop,),
    )


def _scapular_retraction():
    x = 110
    start = standing(
        x,
        trunk=(90, 100),
        head=78,
        shoulder=(5, 2),
        near_arm=("a", -76, -78),
        far_arm=("a", -78, -80),
    )
    end = standing(
        x, trunk=(90, 90), shoulder=(-4, 0), near_arm=("a", -95, -91), far_arm=("a", -97, -93)
    )
    j = end.joints()
    shoulder = j["near_arm"][0]
    return Drawing(
        "Standing tall, arms relaxed at the sides; the shoulder blades draw back and down "
        "towards each other, the chest opens.",
        start=start,
        end=end,
        props=floor(),
        highlights=(along(j["mid"], j["neck"], 0.2, 0.9, 7),),
        arrows=(
            curve((shoulder[0] - 12, shoulder[1] + 4), (shoulder[0] - 38, shoulder[1] + 4), 5),
        ),
    )


def _doorway_pec_stretch():
    frame = 82
    trunk = (84, 80)
    hip = (frame + 28 - 5, STAND_Y + 3)
    shoulder = trunk_points(hip, *trunk)[2]
    elbow = (frame + 6, shoulder[1] + 2)
    hand = (elbow[0] + 1, elbow[1] - FOREARM)
    body = Side(
        hip=hip,
        trunk=trunk,
        head=84,
        near_leg=("ik", (hip[0] + 22, FOOT_DOWN), 1, 0),
        far_leg=("ik", (hip[0] - 24, FOOT_DOWN), 1, -12),
        near_arm=("pts", elbow, hand),
        far_arm=("pts", (elbow[0] - 2, elbow[1] - 1), (hand[0] - 2, hand[1] - 1)),
    )
    j = body.joints()
    chest = at(j["mid"], trunk[1], TRUNK_UP * 0.6)
    return Drawing(
        "Standing in a doorway, forearms resting on the door frame with the elbows at shoulder "
        "height; one small step forwards until the chest stretches.",
        end=body,
        props=(*floor(), *door_frame(frame)),
        highlights=(along(j["mid"], j["neck"], 0.35, 0.95, -6),),
        arrows=(curve((chest[0] + 14, chest[1] + 2), (chest[0] + 42, chest[1] + 2), 5),),
    )


def _thoracic_extension_chair():
    x = 96
    hip = (x, SIT_Y)
    mid = trunk_points(hip, 92, 92)[0]
    backrest = mid[1] - 4  # the top of the backrest, just under the shoulder blades

    def pose(upper, head):
        # Hands behind the head, the elbows pointing forwards.
        neck = trunk_points(hip, 92, upper)[1]
        back_of_head = at(at(neck, head, NECK + HEAD_R), head + 90, HEAD_R * 0.5)
        return seated(
            x,
            trunk=(92, upper),
            head=head,
            near_arm=("ik", back_of_head, -1),
            far_arm=("ik", (back_of_head[0] + 2, back_of_head[1] + 1), -1),
            hands_behind_head=True,
        )

    start = pose(92, 92)
    end = pose(126, 132)
    j = end.joints()
    return Drawing(
        "Sitting on a chair whose backrest reaches the shoulder blades, hands behind the head; "
        "the upper back bends back over the top of the backrest, then comes up again.",
        start=start,
        end=end,
        props=(*floor(), *chair(x - 14, back_height=SEAT - backrest)),
        highlights=(along(j["mid"], j["neck"], 0.3, 0.85, 6),),
        arrows=(arc(j["mid"], TRUNK_UP + NECK + 2 * HEAD_R + 8, 82, 136),),
    )


def _wall_angels():
    cx = 120
    hip = (cx, STAND_Y)

    def pose(upper, fore):
        return Front(
            hip=hip,
            left_leg=("ik", (cx - 10, FOOT_DOWN), -1, 180),
            right_leg=("ik", (cx + 10, FOOT_DOWN), 1, 0),
            left_arm=("a", 180 - upper, 180 - fore),
            right_arm=("a", upper, fore),
        )

    start = pose(0, 90)
    end = pose(30, 66)
    j = end.joints()
    left, right = start.strokes()[-2][1][2], start.strokes()[-1][1][2]
    left_end, right_end = end.strokes()[-2][1][2], end.strokes()[-1][1][2]
    return Drawing(
        "Standing with the back against a wall, seen from the front; the arms, bent at shoulder "
        "height with the backs of the arms on the wall, slide up the wall and down again.",
        start=start,
        end=end,
        props=(*wall_behind(44, 196), *floor()),
        highlights=((j["shoulders"][0], j["shoulders"][1]),),
        arrows=(
            curve((right[0] + 13, right[1] + 18), (right_end[0] + 15, right_end[1] + 4), 5),
            curve((left[0] - 13, left[1] + 18), (left_end[0] - 15, left_end[1] + 4), -5),
        ),
    )


def _isometric_neck():
    x = 104
    trunk = (92, 94)
    neck = trunk_points((x, SIT_Y), *trunk)[1]
    head = at(neck, 92, NECK + HEAD_R)
    palm = (head[0] + HEAD_R + 4, head[1] - 2)
    body = seated(x, trunk=trunk, head=92, near_arm=("ik", palm, -1))
    return Drawing(
        "Sitting tall on a chair, the palm against the forehead; the head presses gently into "
        "the hand without moving.",
        end=body,
        props=(*floor(), *chair(x - 14)),
        highlights=(along(neck, head, -0.1, 0.45, 0),),
        arrows=(curve((head[0] - 6, head[1] - 20), (head[0] + 20, head[1] - 20), 4),),
    )


DRAWINGS = {
    "pelvic_tilt": _pelvic_tilt,
    "knee_to_chest": _knee_to_chest,
    "cat_cow": _cat_cow,
    "child_pose": _child_pose,
    "bird_dog": _bird_dog,
    "glute_bridge": _glute_bridge,
    "dead_bug": _dead_bug,
    "side_plank_knees": _side_plank_knees,
    "hip_flexor_stretch": _hip_flexor_stretch,
    "hamstring_stretch": _hamstring_stretch,
    "piriformis_stretch": _piriformis_stretch,
    "lumbar_rotation_stretch": _lumbar_rotation_stretch,
    "walking": _walking,
    "chin_tuck": _chin_tuck,
    "neck_side_bend_stretch": _neck_side_bend_stretch,
    "levator_scapulae_stretch": _levator_scapulae_stretch,
    "shoulder_rolls": _shoulder_rolls,
    "scapular_retraction": _scapular_retraction,
    "doorway_pec_stretch": _doorway_pec_stretch,
    "thoracic_extension_chair": _thoracic_extension_chair,
    "wall_angels": _wall_angels,
    "isometric_neck": _isometric_neck,
}
if set(DRAWINGS) != set(vocabulary.EXERCISE):
    raise ValueError("drawings.py must draw every EXERCISE code")
