"""The limits of free text (plans/engine/limits.py) on the models, for their forms.

A TextField's max_length changes no column (text has no length on SQLite or PostgreSQL), so
only the migration state changes: on SQLite an AlterField would remake the tables and drop the
triggers that protect signed records."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0003_membership_qualification"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="client",
                    name="address",
                    field=models.TextField(blank=True, max_length=500, verbose_name="address"),
                ),
                migrations.AlterField(
                    model_name="client",
                    name="notes",
                    field=models.TextField(blank=True, max_length=5000, verbose_name="notes"),
                ),
                migrations.AlterField(
                    model_name="practice",
                    name="address",
                    field=models.TextField(blank=True, max_length=500, verbose_name="address"),
                ),
            ],
            database_operations=[],
        ),
    ]
