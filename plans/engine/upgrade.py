"""Upgrading a v1 anamnesis to v2, exactly as the contract reads v1 files ("v1 files").

    v2_doc, notes = upgrade_anamnesis(doc)   # doc: a VALID anamnesis/v1 or anamnesis/v2

`notes` say in words what changed (the app's import command prints them). The plan drafted from
the upgraded document makes the same decision, at the same tier, as the plan drafted from the v1
file; only its references name the v2 fields.
"""

import copy

from . import vocabulary as v


def _unique(items):
    return list(dict.fromkeys(items))


def upgrade_anamnesis(doc):
    """(an anamnesis/v2 dict, [notes]) for a valid v1 or v2 anamnesis. The input is not changed;
    a v2 document comes back as a copy with no notes."""
    doc = copy.deepcopy(doc)
    if doc.get("schema") != v.ANAMNESIS_V1:
        return doc, []
    notes = []
    doc["schema"] = v.ANAMNESIS_V2
    renamed = v.V1_RED_FLAG_RENAMED

    def rename(codes, where):
        for old, new in renamed.items():
            if old in codes:
                notes.append(f"{where}: the red flag {old} is now {new}.")
        return _unique(renamed.get(code, code) for code in codes)

    screened = "red_flags" in doc
    flags = rename(doc.get("red_flags", []), "red_flags")
    cautions = doc.get("cautions", [])
    thrombosis = v.V1_CAUTION_SUSPECTED_THROMBOSIS
    if thrombosis in cautions:
        doc["cautions"] = [code for code in cautions if code != thrombosis]
        flags = _unique([*flags, "suspected_thrombosis"])
        notes.append(
            "cautions: suspected_thrombosis is now a red flag (same-day referral); it moved to "
            "red_flags."
        )
    unanswered = rename(doc.get("red_flags_unanswered", []), "red_flags_unanswered")
    if not screened:
        unanswered = _unique([*unanswered, *(code for code in v.RED_FLAG if code not in flags)])
        notes.append(
            "red_flags: the red-flag questions were not answered in this intake; every one not "
            "answered yes is listed in red_flags_unanswered, and no plan is drafted until they "
            "are asked."
        )
    else:
        newer = [code for code in v.RED_FLAG if code not in v.V1_FORM_RED_FLAGS]
        notes.append(
            "red_flags: this intake was recorded on the earlier form, which did not ask about "
            + ", ".join(newer)
            + "; ask these at the next visit."
        )
    doc["red_flags"] = flags
    if unanswered:
        doc["red_flags_unanswered"] = unanswered
    elif "red_flags_unanswered" in doc:
        del doc["red_flags_unanswered"]
    notes.insert(0, "schema: anamnesis/v1 read as anamnesis/v2.")
    return doc, notes
