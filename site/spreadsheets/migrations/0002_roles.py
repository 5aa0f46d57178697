from django.db import migrations


def grant(apps, schema_editor):
    """Only this app's entries of the roles tables: calling home.roles.sync_roles here would also
    look up permissions of apps whose models may not be migrated yet at this point."""
    from home.roles import ensure_permissions_exist
    from spreadsheets.role_permissions import MODEL_PERMISSIONS

    ensure_permissions_exist(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, permissions in MODEL_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        for dotted in permissions:
            app_label, codename = dotted.split(".", 1)
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


class Migration(migrations.Migration):
    dependencies = [("home", "0003_roles"), ("spreadsheets", "0001_initial")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
