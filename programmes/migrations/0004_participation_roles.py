from django.db import migrations

from home.roles import sync_roles


def grant(apps, schema_editor):
    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_roles"),
        ("programmes", "0003_participation"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
