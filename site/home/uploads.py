"""Safe uploads.

- Images: Wagtail's checks (extension, format, size, pixel count) plus a full decode, so a
  truncated or corrupt file is refused when it is sent rather than breaking the public pages
  later, when a rendition is made from it.
- Any view may declare `max_upload_size` (bytes, or a function giving them): a file past it is
  dropped while it arrives, never written to disk whole, and noted on the request
  (`request.oversized_uploads`, field name → bytes seen) for the form to explain in French.
"""

from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from home.private_media import unmark_upload_name

CORRUPT_IMAGE = _(
    "Ce fichier image est incomplet ou endommagé. Enregistrez-le à nouveau depuis votre "
    "logiciel ou votre téléphone, puis renvoyez-le."
)


def ensure_image_decodes(uploaded):
    if getattr(uploaded, "content_type", "") == "image/svg+xml":
        return
    try:
        uploaded.seek(0)
        with PILImage.open(uploaded) as image:
            image.load()
    except (OSError, SyntaxError, ValueError, PILImage.DecompressionBombError) as exc:
        raise ValidationError(CORRUPT_IMAGE, code="corrupt_image") from exc
    finally:
        uploaded.seek(0)


class SafeImageField(WagtailImageField):
    """Wagtail's image field, plus a full decode; a corrupt file that makes the image library
    fail while Wagtail reads its size becomes a form error instead of a server error."""

    def to_python(self, data):
        try:
            uploaded = super().to_python(data)
        except (OSError, SyntaxError) as exc:
            raise ValidationError(CORRUPT_IMAGE, code="corrupt_image") from exc
        if uploaded is not None:
            ensure_image_decodes(uploaded)
            uploaded.name = unmark_upload_name(uploaded.name)
        return uploaded


class SafeImageForm(BaseImageForm):
    """Base of Wagtail's image forms (WAGTAILIMAGES_IMAGE_FORM_BASE)."""

    file = SafeImageField(label=_("Fichier"))


def _upload_limit(request):
    match = getattr(request, "resolver_match", None)
    view_class = getattr(getattr(match, "func", None), "view_class", None)
    limit = getattr(view_class, "max_upload_size", None)
    return limit() if callable(limit) else limit


class BoundedUploadHandler(FileUploadHandler):
    """First of FILE_UPLOAD_HANDLERS: passes each chunk on to Django's own handlers until the
    file passes the view's `max_upload_size`, then skips the file (SkipFile: what was stored
    of it is deleted, the rest of the request body is read and thrown away)."""

    def new_file(self, field_name, *args, **kwargs):
        super().new_file(field_name, *args, **kwargs)
        self.received = 0
        self.limit = _upload_limit(self.request)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.limit is not None and self.received > self.limit:
            oversized = getattr(self.request, "oversized_uploads", {})
            oversized[self.field_name] = self.received
            self.request.oversized_uploads = oversized
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None
