import importlib

from django.db import migrations

# Frozen copy of what the roles (home.roles) were given for the export history when it landed.
ROLES = ("Équipe programmes", "Modération", "Responsables de lieu")
PERMISSIONS = ("spreadsheets.view_exportjob",)


def grant(apps, schema_editor):
    """Every role reads its own export history."""
    roles_migration = importlib.import_module("spreadsheets.migrations.0002_roles")
    roles_migration.grant_to_roles(apps, ROLES, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("spreadsheets", "0003_exportjob")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
