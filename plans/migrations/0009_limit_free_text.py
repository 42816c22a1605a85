"""The limits of free text (plans/engine/limits.py) on the models, for their forms.

A TextField's max_length changes no column (text has no length on SQLite or PostgreSQL), so
only the migration state changes: on SQLite an AlterField would remake the tables and drop the
triggers that protect signed records."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0008_referrals_and_exercise_programme"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="referral",
                    name="recipient_address",
                    field=models.TextField(blank=True, max_length=500, verbose_name="address"),
                ),
                migrations.AlterField(
                    model_name="referraloutcome",
                    name="note",
                    field=models.TextField(blank=True, max_length=2000, verbose_name="note"),
                ),
                migrations.AlterField(
                    model_name="referraloutcome",
                    name="restrictions",
                    field=models.TextField(
                        blank=True, max_length=2000, verbose_name="physician's restrictions"
                    ),
                ),
                migrations.AlterField(
                    model_name="safetyremoval",
                    name="reason",
                    field=models.TextField(max_length=1000, verbose_name="reason"),
                ),
                migrations.AlterField(
                    model_name="sessionaddendum",
                    name="text",
                    field=models.TextField(max_length=5000, verbose_name="addendum"),
                ),
                migrations.AlterField(
                    model_name="treatmentplan",
                    name="client_instructions",
                    field=models.TextField(
                        blank=True, max_length=2000, verbose_name="instructions for the client"
                    ),
                ),
                migrations.AlterField(
                    model_name="treatmentplan",
                    name="therapist_notes",
                    field=models.TextField(
                        blank=True, max_length=5000, verbose_name="notes for the therapist"
                    ),
                ),
                migrations.AlterField(
                    model_name="treatmentsession",
                    name="assessment",
                    field=models.TextField(blank=True, max_length=5000, verbose_name="assessment"),
                ),
                migrations.AlterField(
                    model_name="treatmentsession",
                    name="next_steps",
                    field=models.TextField(blank=True, max_length=5000, verbose_name="plan (SOAP)"),
                ),
                migrations.AlterField(
                    model_name="treatmentsession",
                    name="objective",
                    field=models.TextField(blank=True, max_length=5000, verbose_name="objective"),
                ),
                migrations.AlterField(
                    model_name="treatmentsession",
                    name="response",
                    field=models.TextField(
                        blank=True, max_length=5000, verbose_name="client's response"
                    ),
                ),
                migrations.AlterField(
                    model_name="treatmentsession",
                    name="subjective",
                    field=models.TextField(blank=True, max_length=5000, verbose_name="subjective"),
                ),
            ],
            database_operations=[],
        ),
    ]
