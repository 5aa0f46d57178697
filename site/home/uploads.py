"""Safe image uploads: Wagtail's checks (extension, format, size, pixel count) plus a full
decode, so a truncated or corrupt file is refused when it is sent rather than breaking the
public pages later, when a rendition is made from it."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

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
        return uploaded


class SafeImageForm(BaseImageForm):
    """Base of Wagtail's image forms (WAGTAILIMAGES_IMAGE_FORM_BASE)."""

    file = SafeImageField(label=_("Fichier"))
