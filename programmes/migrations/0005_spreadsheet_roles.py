from django.db import migrations

from home.roles import sync_roles


def grant(apps, schema_editor):
    """Targets, classes and senior contacts are exchanged as spreadsheets of their own."""
    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0004_participation_roles"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
