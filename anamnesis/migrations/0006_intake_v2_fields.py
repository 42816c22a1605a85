"""The intake records what anamnesis/v2 asks: what makes the complaint worse or eases it, the
client's goals, sleep, the neurological findings and the NDI / ODI scores.

On SQLite, adding the check constraints remakes anamnesis_anamnesis, which drops the triggers of
0003: they are put back at the end (on PostgreSQL they survive and are left alone).
"""

import importlib

import django.core.validators
from django.conf import settings
from django.db import migrations, models


protection = importlib.import_module("anamnesis.migrations.0003_protect_locked_versions")


def restore_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        protection.drop_triggers(apps, schema_editor)
        protection.create_triggers(apps, schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('anamnesis', '0005_prior_injury_body_part'),
        ('clinic', '0002_practice_logo'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='anamnesis',
            name='aggravating',
            field=models.TextField(blank=True, null=True, verbose_name='what makes it worse'),
        ),
        migrations.AddField(
            model_name='anamnesis',
            name='dermatomal_sensory_loss',
            field=models.BooleanField(blank=True, null=True, verbose_name='dermatomal sensory loss'),
        ),
        migrations.AddField(
            model_name='anamnesis',
            name='easing',
            field=models.TextField(blank=True, null=True, verbose_name='what eases it'),
        ),
        migrations.AddField(
            model_name='anamnesis',
            name='goals',
            field=models.JSONField(blank=True, default=list, verbose_name='goals'),
        ),
        migrations.AddField(
            model_name='anamnesis',
            name='myotomal_weakness',
            field=models.BooleanField(blank=True, null=True, verbose_name='myotomal weakness'),
        ),
        migrations.AddField(
            model_name='anamnesis',
            name='ndi',
            field=models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MaxValueValidator(50)], verbose_name='Neck Disability Index'),
        ),
        migrations.AddField(
            model_name='anamnesis',
            name='odi',
            field=models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MaxValueValidator(100)], verbose_name='Oswestry Disability Index'),
        ),
        migrations.AddField(
            model_name='anamnesis',
            name='reflexes',
            field=models.CharField(blank=True, choices=[('normal', 'normal'), ('reduced', 'reduced'), ('absent', 'absent')], max_length=10, verbose_name='reflexes'),
        ),
        migrations.AddField(
            model_name='anamnesis',
            name='sleep',
            field=models.CharField(blank=True, choices=[('good', 'sleeps well'), ('fair', 'sleeps fairly'), ('poor', 'sleeps poorly')], max_length=10, verbose_name='sleep'),
        ),
        migrations.AddField(
            model_name='anamnesis',
            name='straight_leg_raise',
            field=models.CharField(blank=True, choices=[('negative', 'negative'), ('positive_left', 'positive on the left'), ('positive_right', 'positive on the right'), ('positive_both', 'positive on both sides')], max_length=20, verbose_name='straight leg raise'),
        ),
        migrations.AddConstraint(
            model_name='anamnesis',
            constraint=models.CheckConstraint(condition=models.Q(('ndi__lte', 50), ('ndi__isnull', True), _connector='OR'), name='anamnesis_ndi_0_50'),
        ),
        migrations.AddConstraint(
            model_name='anamnesis',
            constraint=models.CheckConstraint(condition=models.Q(('odi__lte', 100), ('odi__isnull', True), _connector='OR'), name='anamnesis_odi_0_100'),
        ),
        migrations.RunPython(restore_triggers, restore_triggers),
    ]
