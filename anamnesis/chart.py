"""Geometry of the body chart: the contract's regions on a front and a back outline.

Drawn for this project. Coordinates are in the SVG's viewBox (440 x 340); each figure is drawn
around its own centre line. On the back view the client's left is on the viewer's left, on the
front view on the viewer's right, as when facing the client.
"""

FRONT_X = 110
BACK_X = 330
VIEWBOX = "0 0 440 340"

# The outline, relative to the centre line (x) and absolute in y.
SILHOUETTE = (
    "M -13 56 L -13 74 Q -16 82 -40 86 Q -62 90 -66 112 L -74 232 Q -75 244 -66 244 "
    "L -60 242 L -54 136 L -48 168 L -42 222 Q -48 252 -46 280 L -44 326 L -2 326 L -1 304 "
    "L 1 304 L 2 326 L 44 326 L 46 280 Q 48 252 42 222 L 48 168 L 54 136 L 60 242 L 66 244 "
    "Q 75 244 74 232 L 66 112 Q 62 90 40 86 Q 16 82 13 74 L 13 56 Z"
)


def _poly(points):
    return "M " + " L ".join(f"{x} {y}" for x, y in points) + " Z"


def _rect(x, y, w, h):
    return _poly([(x, y), (x + w, y), (x + w, y + h), (x, y + h)])


# Shapes on the client's left half (negative x on the back view), the central strip, and the
# client's right half mirrored from the left.
LEFT_SHAPES = {
    "neck": [(-17, 54), (-6, 54), (-6, 84), (-17, 84)],
    "shoulder": [(-22, 86), (-40, 86), (-62, 92), (-68, 112), (-68, 118), (-22, 118)],
    "upper_back": [(-22, 86), (-6, 86), (-6, 160), (-50, 160), (-52, 118), (-22, 118)],
    "mid_back": [(-50, 160), (-6, 160), (-6, 206), (-43, 206)],
    "lower_back": [(-43, 206), (-6, 206), (-6, 248), (-46, 248)],
    "sacrum_buttock": [(-46, 248), (-7, 248), (-7, 298), (-26, 304), (-46, 296)],
}
CENTRAL_SHAPES = {
    "neck": _rect(-6, 54, 12, 30),
    "upper_back": _rect(-6, 86, 12, 74),
    "mid_back": _rect(-6, 160, 12, 46),
    "lower_back": _rect(-6, 206, 12, 42),
    "sacrum_buttock": _poly([(-7, 248), (7, 248), (7, 282), (0, 298), (-7, 282)]),
}
FRONT_REGIONS = ("neck", "shoulder")


def _mirror(points):
    return [(-x, y) for x, y in points]


def _shift(path, dx):
    """Move a relative path to a figure's centre line."""
    out = []
    tokens = path.split()
    is_x = True
    for token in tokens:
        if token.isalpha():
            out.append(token)
            is_x = True
            continue
        value = float(token)
        out.append(f"{value + dx:g}" if is_x else f"{value:g}")
        is_x = not is_x
    return " ".join(out)


def shapes(view):
    """(region, side, path) for one view ("front" or "back"), in reading and tab order."""
    centre = BACK_X if view == "back" else FRONT_X
    regions = FRONT_REGIONS if view == "front" else tuple(LEFT_SHAPES)
    result = []
    for region in regions:
        left = _poly(LEFT_SHAPES[region])
        right = _poly(_mirror(LEFT_SHAPES[region]))
        if view == "front":
            # Facing the client: their left half is on the viewer's right.
            left, right = right, left
        sides = [("left", left)]
        if region in CENTRAL_SHAPES:
            sides.append(("central", CENTRAL_SHAPES[region]))
        sides.append(("right", right))
        if view == "front":
            sides.reverse()
        for side, path in sides:
            result.append((region, side, _shift(path, centre)))
    return result


def outline(view):
    centre = BACK_X if view == "back" else FRONT_X
    return _shift(SILHOUETTE, centre)
