"""Condition photos of placements stop being Wagtail images (listed in the image library,
the chooser and the admin API, their files public under /media/): they become private files of
the placement, served by a checked view. Existing photos are copied to the private storage and
their Wagtail images (original, renditions, rows) are deleted."""

from django.core.files.storage import storages
from django.db import migrations, models

import artworks.models.placements
import home.private_media

PHOTO_FIELDS = (("install_photo", "install_photo_file"), ("removal_photo", "removal_photo_file"))


def move_photos_to_private_storage(apps, schema_editor):
    Placement = apps.get_model("artworks", "Placement")
    Image = apps.get_model("wagtailimages", "Image")
    Rendition = apps.get_model("wagtailimages", "Rendition")
    private = storages["private"]
    image_ids = set()
    placements = Placement.objects.filter(
        models.Q(install_photo__isnull=False) | models.Q(removal_photo__isnull=False)
    )
    for placement in placements.iterator():
        for old, new in PHOTO_FIELDS:
            image = getattr(placement, old)
            if image is None:
                continue
            image_ids.add(image.pk)
            try:
                with image.file.open("rb") as content:
                    name = private.save(
                        artworks.models.placements.condition_photo_upload_to(
                            placement, image.file.name
                        ),
                        content,
                    )
            except (FileNotFoundError, OSError):
                continue  # the file was already gone: nothing to keep
            setattr(placement, new, name)
        placement.save(update_fields=[new for _, new in PHOTO_FIELDS])
    for rendition in Rendition.objects.filter(image_id__in=image_ids):
        rendition.file.delete(save=False)
    Rendition.objects.filter(image_id__in=image_ids).delete()
    for image in Image.objects.filter(pk__in=image_ids):
        image.file.delete(save=False)
    Image.objects.filter(pk__in=image_ids).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("artworks", "0003_roles"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        migrations.AddField(
            model_name="placement",
            name="install_photo_file",
            field=models.FileField(
                blank=True,
                max_length=255,
                storage=home.private_media.private_storage,
                upload_to=artworks.models.placements.condition_photo_upload_to,
                verbose_name="photo à l'installation",
            ),
        ),
        migrations.AddField(
            model_name="placement",
            name="removal_photo_file",
            field=models.FileField(
                blank=True,
                max_length=255,
                storage=home.private_media.private_storage,
                upload_to=artworks.models.placements.condition_photo_upload_to,
                verbose_name="photo au retrait",
            ),
        ),
        migrations.RunPython(move_photos_to_private_storage, migrations.RunPython.noop),
    ]
