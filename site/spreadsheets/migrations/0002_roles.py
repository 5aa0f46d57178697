from django.contrib.auth.management import create_permissions
from django.db import migrations

# Frozen copy of what the roles (home.roles) were given for the import history when it landed:
# a migration imports no other app's live code (the engine imports no project app).
ROLES = ("Équipe programmes", "Modération", "Responsables de lieu")
PERMISSIONS = ("spreadsheets.view_importjob",)


def ensure_permissions_exist(apps):
    """Permissions are normally created after all migrations; a data migration needs them now."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def grant_to_roles(apps, roles, permissions):
    ensure_permissions_exist(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role in roles:
        group, _ = Group.objects.get_or_create(name=role)
        for dotted in permissions:
            app_label, codename = dotted.split(".", 1)
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def grant(apps, schema_editor):
    grant_to_roles(apps, ROLES, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("home", "0003_roles"), ("spreadsheets", "0001_initial")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
