"""Images of works whose rights forbid online display leave the public media: each original
is copied under a private name (home.private_media: the default storage keeps it in the private
storage) and its public original and renditions are deleted. Later changes are kept in step by
artworks.image_rights."""

from django.db import migrations

from home.private_media import is_private_name, make_private_name


def make_forbidden_images_private(apps, schema_editor):
    Artwork = apps.get_model("artworks", "Artwork")
    Image = apps.get_model("wagtailimages", "Image")
    Rendition = apps.get_model("wagtailimages", "Rendition")
    image_ids = Artwork.objects.filter(public_display_allowed=False, image__isnull=False).values(
        "image_id"
    )
    for image in Image.objects.filter(pk__in=image_ids):
        old_name = image.file.name
        if not old_name or is_private_name(old_name):
            continue
        storage = image.file.storage
        try:
            with storage.open(old_name, "rb") as content:
                new_name = storage.save(make_private_name(old_name), content)
        except (FileNotFoundError, OSError):
            continue
        Image.objects.filter(pk=image.pk).update(file=new_name)
        for rendition in Rendition.objects.filter(image_id=image.pk):
            rendition.file.delete(save=False)
        Rendition.objects.filter(image_id=image.pk).delete()
        storage.delete(old_name)


class Migration(migrations.Migration):
    dependencies = [
        ("artworks", "0005_condition_photos_fields"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(make_forbidden_images_private, migrations.RunPython.noop)]
