"""Files that must never sit at a public URL, and the views that serve them after a check.

- `private_storage()`: STORAGES["private"], outside MEDIA_ROOT (condition photos of placements,
  spreadsheets' files); its files are served only by views that check who asks.
- `MediaStorage`: the default storage. It wraps the public backend (file system or S3) and
  sends every file whose name part begins with PRIVATE_PREFIX to the private storage, so that a
  Wagtail image (original and renditions, whose names follow the original's) can be taken off
  the public media by renaming it (`make_private_name`). Its URL is then `private_image`'s,
  which requires admin access and a permission on the image.
"""

import mimetypes
import os
import uuid

from django.core.files.storage import Storage, storages
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.deconstruct import deconstructible

PRIVATE_PREFIX = "prive-"


def private_storage():
    return storages["private"]


def is_private_name(name):
    return bool(name) and os.path.basename(str(name)).startswith(PRIVATE_PREFIX)


def make_private_name(name):
    """A fresh, unpredictable name in the same folder, marked private (extension kept)."""
    folder, base = os.path.split(str(name))
    extension = os.path.splitext(base)[1].lower()
    return os.path.join(folder, f"{PRIVATE_PREFIX}{uuid.uuid4().hex}{extension}")


def make_public_name(name):
    """The name without the private mark (another fresh name, to break old links)."""
    folder, base = os.path.split(str(name))
    extension = os.path.splitext(base)[1].lower()
    return os.path.join(folder, f"{uuid.uuid4().hex}{extension}")


def unmark_upload_name(name):
    """An uploaded file never chooses the private storage by its own name."""
    while name and os.path.basename(name).startswith(PRIVATE_PREFIX):
        folder, base = os.path.split(name)
        name = os.path.join(folder, base[len(PRIVATE_PREFIX) :])
    return name


@deconstructible(path="home.private_media.MediaStorage")
class MediaStorage(Storage):
    """Public media, except names marked private, which live in STORAGES["private"]."""

    def __init__(self, public=None):
        self.public_options = public or {"BACKEND": "django.core.files.storage.FileSystemStorage"}
        self.public = storages.create_storage(self.public_options)

    @property
    def private(self):
        return storages["private"]

    def backend(self, name):
        return self.private if is_private_name(name) else self.public

    def save(self, name, content, max_length=None):
        return self.backend(name).save(name, content, max_length=max_length)

    def open(self, name, mode="rb"):
        return self.backend(name).open(name, mode)

    def delete(self, name):
        return self.backend(name).delete(name)

    def exists(self, name):
        return self.backend(name).exists(name)

    def size(self, name):
        return self.backend(name).size(name)

    def path(self, name):
        return self.backend(name).path(name)

    def listdir(self, path):
        return self.public.listdir(path)

    def get_valid_name(self, name):
        return self.public.get_valid_name(name)

    def get_available_name(self, name, max_length=None):
        return self.backend(name).get_available_name(name, max_length=max_length)

    def generate_filename(self, filename):
        return self.backend(filename).generate_filename(filename)

    def get_accessed_time(self, name):
        return self.backend(name).get_accessed_time(name)

    def get_created_time(self, name):
        return self.backend(name).get_created_time(name)

    def get_modified_time(self, name):
        return self.backend(name).get_modified_time(name)

    def url(self, name):
        if is_private_name(name):
            return reverse("private_image", kwargs={"name": name})
        return self.public.url(name)


def file_response(storage, name, *, filename=None):
    """Stream a private file: never cached by a shared cache, never sniffed into HTML."""
    try:
        handle = storage.open(name, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    content_type = mimetypes.guess_type(filename or name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response


def private_image(request, name):
    """An original or a rendition of a private Wagtail image, for an admin user allowed to
    use that image (its collection's permissions). Anything else is 404."""
    from wagtail.images import get_image_model
    from wagtail.permissions import policy_registry

    if not is_private_name(name):
        raise Http404
    Image = get_image_model()
    permission_policy = policy_registry.get_by_type(Image)
    image = Image.objects.filter(file=name).first()
    if image is None:
        rendition = (
            Image.get_rendition_model().objects.filter(file=name).select_related("image").first()
        )
        image = rendition.image if rendition else None
    if image is None or not permission_policy.user_has_any_permission_for_instance(
        request.user, ["change", "choose"], image
    ):
        raise Http404
    return file_response(private_storage(), name)
