"""Give the three roles their permissions on the collection (tables in artworks/roles.py)."""

from django.db import migrations


def sync(apps, schema_editor):
    from home.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("artworks", "0002_placement_no_overlap"),
        ("home", "0003_roles"),
    ]
    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
