"""The measures are taken with the intake (issue 10): STarT Back and the PSFS activities.

Until now they were an "outcome baseline" recorded on a page of their own, often after the
plan was finalized. The STarT Back scores move from `plans.OutcomeBaseline` onto the anamnesis
they were recorded for, and the PSFS table (renamed by `plans` 0005) becomes this app's model.
The baseline page read the PSFS of the newest version that had any; each version now owns its
measures, so a later version without activities gets a copy of the ones it was compared with.

Locked anamneses are carried over too (their measures were part of what the plan used), so
the triggers of 0003 are lifted for this migration's statements and put back; on SQLite the
new constraint remakes the table and drops them anyway. Finalized plans and their archived
PDFs are not touched.
"""

import importlib

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

protection = importlib.import_module("anamnesis.migrations.0003_protect_locked_versions")


def _versions_in_order(Anamnesis):
    """Each chain of versions, oldest first."""
    rows = list(Anamnesis.objects.order_by("version", "id").values("id", "previous_id"))
    following = {row["previous_id"]: row["id"] for row in rows if row["previous_id"]}
    chains = []
    for row in rows:
        if row["previous_id"] is None:
            chain, step = [], row["id"]
            while step is not None:
                chain.append(step)
                step = following.get(step)
            chains.append(chain)
    return chains


def carry_over(apps, schema_editor):
    Anamnesis = apps.get_model("anamnesis", "Anamnesis")
    PsfsActivity = apps.get_model("anamnesis", "PsfsActivity")
    OutcomeBaseline = apps.get_model("plans", "OutcomeBaseline")
    protection.drop_triggers(apps, schema_editor)
    scored = OutcomeBaseline.objects.filter(startback_total__isnull=False)
    for baseline in scored.only("anamnesis_id", "startback_total", "startback_psychosocial"):
        Anamnesis.objects.filter(pk=baseline.anamnesis_id).update(
            startback_total=baseline.startback_total,
            startback_psychosocial=baseline.startback_psychosocial,
        )
    rows = {}
    for activity in PsfsActivity.objects.order_by("id"):
        rows.setdefault(activity.anamnesis_id, []).append((activity.name, activity.baseline))
    copies = []
    for chain in _versions_in_order(Anamnesis):
        carried = []
        for version in chain:
            if version in rows:
                carried = rows[version]
            elif carried:
                copies.extend(
                    PsfsActivity(anamnesis_id=version, name=name, baseline=rating)
                    for name, rating in carried
                )
    PsfsActivity.objects.bulk_create(copies)
    protection.create_triggers(apps, schema_editor)


def carry_back(apps, schema_editor):
    """The scores go back to outcome baselines (recorded by whoever took the intake)."""
    Anamnesis = apps.get_model("anamnesis", "Anamnesis")
    OutcomeBaseline = apps.get_model("plans", "OutcomeBaseline")
    for anamnesis in Anamnesis.objects.filter(startback_total__isnull=False):
        OutcomeBaseline.objects.update_or_create(
            anamnesis_id=anamnesis.pk,
            defaults={
                "startback_total": anamnesis.startback_total,
                "startback_psychosocial": anamnesis.startback_psychosocial,
                "recorded_by_id": anamnesis.taken_by_id,
            },
        )


def restore_triggers(apps, schema_editor):
    protection.drop_triggers(apps, schema_editor)
    protection.create_triggers(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("anamnesis", "0006_intake_v2_fields"),
        ("plans", "0005_psfs_moves_to_the_intake"),
    ]

    operations = [
        # Going back, the removals below remake the table on SQLite and lose the triggers:
        # this step's reverse runs last and puts them back.
        migrations.RunPython(migrations.RunPython.noop, restore_triggers),
        migrations.AddField(
            model_name="anamnesis",
            name="startback_total",
            field=models.PositiveSmallIntegerField(
                blank=True,
                null=True,
                validators=[django.core.validators.MaxValueValidator(9)],
                verbose_name="STarT Back total score",
            ),
        ),
        migrations.AddField(
            model_name="anamnesis",
            name="startback_psychosocial",
            field=models.PositiveSmallIntegerField(
                blank=True,
                null=True,
                validators=[django.core.validators.MaxValueValidator(5)],
                verbose_name="STarT Back psychosocial subscale",
            ),
        ),
        migrations.AddConstraint(
            model_name="anamnesis",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("startback_psychosocial__isnull", True), ("startback_total__isnull", True)
                    ),
                    models.Q(
                        ("startback_psychosocial__isnull", False),
                        ("startback_psychosocial__lte", 5),
                        ("startback_total__isnull", False),
                        ("startback_total__lte", 9),
                        ("startback_psychosocial__lte", models.F("startback_total")),
                    ),
                    _connector="OR",
                ),
                name="anamnesis_startback_scores",
            ),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PsfsActivity",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=200, verbose_name="activity")),
                        (
                            "baseline",
                            models.PositiveSmallIntegerField(verbose_name="rating at intake"),
                        ),
                        (
                            "anamnesis",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="psfs_activities",
                                to="anamnesis.anamnesis",
                                verbose_name="anamnesis",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "PSFS activity",
                        "verbose_name_plural": "PSFS activities",
                        "ordering": ["id"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("baseline__lte", 10)),
                                name="psfs_baseline_0_10",
                            )
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(carry_over, carry_back),
    ]
