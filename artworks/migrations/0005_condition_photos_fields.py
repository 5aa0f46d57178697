"""The condition photo fields become the private files filled by 0004 (a separate migration:
PostgreSQL refuses to alter a table with pending trigger events from 0004's row updates)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("artworks", "0004_condition_photos_private"),
    ]

    operations = [
        migrations.RemoveField(model_name="placement", name="install_photo"),
        migrations.RemoveField(model_name="placement", name="removal_photo"),
        migrations.RenameField(
            model_name="placement", old_name="install_photo_file", new_name="install_photo"
        ),
        migrations.RenameField(
            model_name="placement", old_name="removal_photo_file", new_name="removal_photo"
        ),
    ]
