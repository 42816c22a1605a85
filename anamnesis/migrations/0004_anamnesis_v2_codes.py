"""Stored anamneses speak anamnesis/v2 (issue 10).

Two codes changed their name or their list in v2, with the same clinical meaning:

* the red flag `progressive_neurological_deficit` is now `bilateral_or_progressive_weakness`
  (asked or answered no: the same holds for the new code);
* the caution `suspected_thrombosis` is now a red flag of that name: a client who had it
  ticked has the red flag (answered yes), so a new draft refers the same day.

The red flags new in v2 stay unanswered: a draft from an old intake screens first
(decision `screen`) until the therapist asks them. Locked anamneses (the ones a finalized plan
was made from) are carried over too: their meaning does not change, only the codes that spell
it, so the triggers of 0003 are lifted for this migration's statements alone and put back in
the same transaction. Finalized plans and their archived PDFs are not touched.
"""

import importlib

from django.db import migrations

protection = importlib.import_module("anamnesis.migrations.0003_protect_locked_versions")

RENAMED_FLAG = ("progressive_neurological_deficit", "bilateral_or_progressive_weakness")
CAUTION_NOW_FLAG = "suspected_thrombosis"


def _renamed(codes, old, new):
    return [new if code == old else code for code in codes]


def _unique(codes):
    return list(dict.fromkeys(codes))


def carry_forward(apps, schema_editor):
    Anamnesis = apps.get_model("anamnesis", "Anamnesis")
    changed = []
    for anamnesis in Anamnesis.objects.only("red_flags", "red_flags_absent", "cautions"):
        red_flags = _unique(_renamed(anamnesis.red_flags, *RENAMED_FLAG))
        absent = _unique(_renamed(anamnesis.red_flags_absent, *RENAMED_FLAG))
        cautions = list(anamnesis.cautions)
        if CAUTION_NOW_FLAG in cautions:
            cautions.remove(CAUTION_NOW_FLAG)
            red_flags = _unique([*red_flags, CAUTION_NOW_FLAG])
            absent = [code for code in absent if code != CAUTION_NOW_FLAG]
        if (red_flags, absent, cautions) != (
            anamnesis.red_flags,
            anamnesis.red_flags_absent,
            anamnesis.cautions,
        ):
            anamnesis.red_flags, anamnesis.red_flags_absent, anamnesis.cautions = (
                red_flags,
                absent,
                cautions,
            )
            changed.append(anamnesis)
    if not changed:
        return
    protection.drop_triggers(apps, schema_editor)
    Anamnesis.objects.bulk_update(changed, ["red_flags", "red_flags_absent", "cautions"])
    protection.create_triggers(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("anamnesis", "0003_protect_locked_versions"),
    ]

    operations = [
        # Going back would guess which red flag was a caution; the v2 codes stay.
        migrations.RunPython(carry_forward, migrations.RunPython.noop),
    ]
