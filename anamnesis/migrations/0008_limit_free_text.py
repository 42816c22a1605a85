"""The limits of free text (plans/engine/limits.py) on the models, for their forms.

A TextField's max_length changes no column (text has no length on SQLite or PostgreSQL), so
only the migration state changes: on SQLite an AlterField would remake the tables and drop the
triggers that protect signed records."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("anamnesis", "0007_measures_in_the_intake"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="anamnesis",
                    name="aggravating",
                    field=models.TextField(
                        blank=True, max_length=1000, null=True, verbose_name="what makes it worse"
                    ),
                ),
                migrations.AlterField(
                    model_name="anamnesis",
                    name="caution_notes",
                    field=models.TextField(
                        blank=True, max_length=2000, verbose_name="notes on cautions"
                    ),
                ),
                migrations.AlterField(
                    model_name="anamnesis",
                    name="complaint_notes",
                    field=models.TextField(
                        blank=True, max_length=2000, verbose_name="notes on the complaint"
                    ),
                ),
                migrations.AlterField(
                    model_name="anamnesis",
                    name="easing",
                    field=models.TextField(
                        blank=True, max_length=1000, null=True, verbose_name="what eases it"
                    ),
                ),
                migrations.AlterField(
                    model_name="anamnesis",
                    name="findings_notes",
                    field=models.TextField(
                        blank=True, max_length=2000, verbose_name="notes on the examination"
                    ),
                ),
                migrations.AlterField(
                    model_name="anamnesis",
                    name="history_notes",
                    field=models.TextField(
                        blank=True, max_length=2000, verbose_name="notes on the history"
                    ),
                ),
                migrations.AlterField(
                    model_name="anamnesis",
                    name="lifestyle_notes",
                    field=models.TextField(
                        blank=True, max_length=2000, verbose_name="notes on lifestyle"
                    ),
                ),
                migrations.AlterField(
                    model_name="anamnesis",
                    name="red_flag_notes",
                    field=models.TextField(
                        blank=True, max_length=2000, verbose_name="notes on the red-flag screening"
                    ),
                ),
                migrations.AlterField(
                    model_name="anamnesis",
                    name="visual",
                    field=models.TextField(
                        blank=True, max_length=2000, null=True, verbose_name="visual findings"
                    ),
                ),
                migrations.AlterField(
                    model_name="priorinjury",
                    name="note",
                    field=models.TextField(
                        blank=True, max_length=1000, null=True, verbose_name="note"
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
