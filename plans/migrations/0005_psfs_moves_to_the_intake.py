"""The PSFS activities move to the intake (issue 10): the table becomes the anamnesis app's.

The rows stay where they are, ids and all (reassessments name their activities by id); the
table is renamed and the `position` column goes, since the rows are kept in the order they
were entered (by id), as every other list of an anamnesis. `anamnesis` 0007 takes the model
over; the STarT Back scores follow there, and 0006 here drops the outcome baseline table.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0004_protect_signed_records"),
        ("anamnesis", "0006_intake_v2_fields"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="psfsactivity",
            options={
                "ordering": ["id"],
                "verbose_name": "PSFS activity",
                "verbose_name_plural": "PSFS activities",
            },
        ),
        migrations.RemoveField(model_name="psfsactivity", name="position"),
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="psfsactivity", table="anamnesis_psfsactivity"),
            ],
            state_operations=[migrations.DeleteModel(name="PsfsActivity")],
        ),
    ]
