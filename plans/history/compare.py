"""Two anamneses of one client side by side: their anamnesis/v2 documents, field by field.

Pure functions of the two contract dicts (as `anamnesis_to_contract` writes them); labels and
code words come from `anamnesis.labels`. The red-flag questions an intake did not ask yet (saved
before the question existed) are a row of their own, so an old intake does not read as "no red
flags". Parts of v2 the intake does not record (goals, measures, neuro findings) are not compared.
"""

from django.utils.translation import gettext_lazy as _

from anamnesis import labels

SECTIONS = [
    (
        _("Complaint"),
        [
            "complaint.regions",
            "complaint.duration_days",
            "complaint.course",
            "complaint.recurrent",
            "complaint.pain_character",
            "complaint.radiation",
            "complaint.intensity.now",
            "complaint.intensity.worst",
            "complaint.suspected",
            "complaint.causes",
        ],
    ),
    (
        _("Lifestyle"),
        [
            "lifestyle.occupation",
            "lifestyle.desk_hours_per_day",
            "lifestyle.exercise_sessions_per_week",
            "lifestyle.stress",
        ],
    ),
    (_("History"), ["history.prior_injuries"]),
    (_("Screening"), ["red_flags", "red_flags_unanswered", "cautions"]),
    (
        _("Examination"),
        [
            "findings.impairment",
            "findings.side_comparison",
            "findings.visual",
            "findings.tissue",
            "findings.tone",
            "findings.trigger_points",
        ],
    ),
]


# Paths the shared labels do not name (yet): their words here.
FIELD = {"red_flags_unanswered": _("Red-flag questions not asked yet")}
FIELD_CODES = {"red_flags_unanswered": labels.RED_FLAG}


def _field(path):
    return labels.FIELD.get(path) or FIELD.get(path, path)


def _get(doc, path):
    value = doc
    for key in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _number(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _words(path, value):
    """The value at `path` in the therapist's words, as a list of short lines."""
    if value is None or value == "" or value == []:
        return []
    codes = labels.FIELD_CODES.get(path) or FIELD_CODES.get(path)
    if path == "complaint.regions":
        return [
            str(labels.label(labels.REGION, r.get("region")))
            + (f" ({labels.label(labels.SIDE, r['side'])})" if r.get("side") else "")
            for r in value
        ]
    if path == "history.prior_injuries":
        return [
            " · ".join(
                str(part)
                for part in (
                    labels.label(labels.INJURY_KIND, row.get("kind")),
                    labels.label(labels.BODY_PART, row.get("region")),
                    _("%(n)s years ago") % {"n": row["years_ago"]}
                    if row.get("years_ago") is not None
                    else "",
                    row.get("note") or "",
                )
                if part
            )
            for row in value
        ]
    if path == "findings.side_comparison":
        return [
            _("%(test)s: left %(left)s, right %(right)s %(unit)s")
            % {
                "test": row.get("test") or _("test"),
                "left": _number(row.get("left")),
                "right": _number(row.get("right")),
                "unit": labels.label(labels.UNIT, row.get("unit")),
            }
            for row in value
        ]
    if path == "findings.trigger_points":
        return [
            (row.get("muscle") or str(_("trigger point")))
            + (f" ({labels.label(labels.SIDE, row['side'])})" if row.get("side") else "")
            for row in value
        ]
    if isinstance(value, bool):
        return [str(_("yes") if value else _("no"))]
    if isinstance(value, list):
        return [str(labels.label(codes, v)) if codes else str(v) for v in value]
    if codes:
        return [str(labels.label(codes, value))]
    return [str(_number(value))]


def compare_contracts(a, b):
    """Sections of rows {"label", "a", "b", "changed"}; "a"/"b" are lists of lines."""
    sections = []
    for title, paths in SECTIONS:
        rows = []
        for path in paths:
            left, right = _words(path, _get(a, path)), _words(path, _get(b, path))
            if not left and not right:
                continue
            rows.append(
                {
                    "path": path,
                    "label": _field(path),
                    "a": left,
                    "b": right,
                    "changed": left != right,
                }
            )
        if rows:
            sections.append({"title": title, "rows": rows})
    return sections


def changed_count(sections):
    return sum(row["changed"] for section in sections for row in section["rows"])
