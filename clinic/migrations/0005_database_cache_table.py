from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # The sign-in lockout counts failures in the cache (settings.CACHES), which every worker
    # must share: a table in the database. `createcachetable` leaves an existing table alone.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0004_invitation_and_membership_manager"),
    ]

    operations = [
        migrations.RunPython(create_cache_table, migrations.RunPython.noop, elidable=False),
    ]
