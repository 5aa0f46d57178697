"""The images of works whose rights forbid online display: kept off the public media.

An image used by a work with `public_display_allowed` unchecked has its original renamed with
the private mark (home.private_media), so the default storage keeps it, and every rendition
made from it, in the private storage, served only by a checked admin view. It cannot be chosen
for a page body (chooser filter, block validation) and is never rendered on a public page.
When no such work uses it any more, it goes back to the public media under a fresh name.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model

from home.private_media import is_private_name, make_private_name, make_public_name

DISPLAY_FORBIDDEN = _("Les droits de cette image n'autorisent pas la diffusion en ligne.")


def forbidden_image_ids():
    """Ids of the images of works whose rights forbid online display (a subquery)."""
    from artworks.models import Artwork

    return Artwork.objects.filter(public_display_allowed=False, image__isnull=False).values(
        "image_id"
    )


def image_display_forbidden(image):
    if image is None:
        return False
    from artworks.models import Artwork

    return is_private_name(image.file.name) or (
        Artwork.objects.filter(image_id=image.pk, public_display_allowed=False).exists()
    )


def sync_image_visibility(image):
    """Move the image's files where the rights of the works using it say. Idempotent.

    The original is copied under its new name in the same transaction; the old file and the
    renditions' files are deleted once it commits (a rollback leaves the old file in use)."""
    from artworks.models import Artwork

    if image is None or not image.file.name:
        return
    forbidden = Artwork.objects.filter(image_id=image.pk, public_display_allowed=False).exists()
    old_name = image.file.name
    if forbidden == is_private_name(old_name):
        return
    storage = image.file.storage
    new_name = make_private_name(old_name) if forbidden else make_public_name(old_name)
    with storage.open(old_name, "rb") as content:
        new_name = storage.save(new_name, content)
    get_image_model().objects.filter(pk=image.pk).update(file=new_name)
    image.file.name = new_name
    for rendition in image.renditions.all():
        rendition.delete()  # Wagtail deletes the file after the commit
    transaction.on_commit(lambda: storage.delete(old_name))


def sync_images_by_id(image_ids):
    ids = {pk for pk in image_ids if pk}
    for image in get_image_model().objects.filter(pk__in=ids):
        sync_image_visibility(image)


# Signal receivers (connected in ArtworksConfig.ready).


def remember_previous_image(sender, instance, raw=False, **kwargs):
    instance._previous_image_id = (
        sender.objects.filter(pk=instance.pk).values_list("image_id", flat=True).first()
        if instance.pk and not raw
        else None
    )


def artwork_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    sync_images_by_id([instance.image_id, getattr(instance, "_previous_image_id", None)])


def artwork_deleted(sender, instance, **kwargs):
    sync_images_by_id([instance.image_id])


def image_saved(sender, instance, raw=False, **kwargs):
    """A file replaced in the image library goes straight to the side its works' rights say."""
    if not raw:
        sync_image_visibility(instance)
