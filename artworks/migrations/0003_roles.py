"""Once gave the roles their permissions by calling the live home.roles.sync_roles. Frozen:
that is now done after every `migrate` by home.roles.sync_roles_after_migrate (post_migrate);
the migration stays, empty, so that the migration graph does not change."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("artworks", "0002_placement_no_overlap"),
        ("home", "0003_roles"),
    ]
    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
