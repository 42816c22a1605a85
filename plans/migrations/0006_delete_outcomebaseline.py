"""The outcome baseline's STarT Back scores live on the anamnesis now (`anamnesis` 0007)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0005_psfs_moves_to_the_intake"),
        ("anamnesis", "0007_measures_in_the_intake"),
    ]

    operations = [
        migrations.DeleteModel(name="OutcomeBaseline"),
    ]
