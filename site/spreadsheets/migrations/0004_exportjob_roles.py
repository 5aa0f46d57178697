from django.db import migrations


def grant(apps, schema_editor):
    """Every role reads its own export history (see spreadsheets.role_permissions)."""
    from home.roles import ensure_permissions_exist
    from spreadsheets.role_permissions import EXPORT_PERMISSIONS

    ensure_permissions_exist(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, permissions in EXPORT_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        for dotted in permissions:
            app_label, codename = dotted.split(".", 1)
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


class Migration(migrations.Migration):
    dependencies = [("spreadsheets", "0003_exportjob")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
