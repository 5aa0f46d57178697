"""StreamField blocks shared by every page type: one base stream reused everywhere."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

from home.private_media import is_private_name

IMAGE_NOT_PUBLIC = _("Les droits de cette image n'autorisent pas la diffusion en ligne.")


def image_is_public(image):
    """False for an image kept in the private storage (e.g. a work whose rights forbid online
    display: see artworks.image_rights)."""
    return image is None or not is_private_name(image.file.name)


class PublicImageBlock(ImageBlock):
    """Wagtail's ImageBlock (same migrations: it deconstructs as ImageBlock) that refuses, even
    in a draft, an image whose rights forbid online display, and never renders one."""

    def clean(self, value):
        if value is not None and not image_is_public(value):
            raise StructBlockValidationError(
                block_errors={"image": ValidationError(IMAGE_NOT_PUBLIC, code="image_not_public")}
            )
        return super().clean(value)

    def render(self, value, context=None):
        if value is not None and not image_is_public(value):
            return ""
        return super().render(value, context)


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Titre"), max_length=150)
    level = blocks.ChoiceBlock(
        label=_("Niveau"),
        choices=[("h2", _("Titre de section")), ("h3", _("Sous-titre"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Titre")
        template = "blocks/heading.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Citation"))
    author = blocks.CharBlock(label=_("Auteur ou autrice"), required=False, max_length=150)

    class Meta:
        icon = "openquote"
        label = _("Citation")
        template = "blocks/quote.html"


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre"), max_length=150)
    text = blocks.TextBlock(label=_("Texte"), required=False)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("ou adresse web"), required=False)
    button_label = blocks.CharBlock(label=_("Libellé du bouton"), max_length=60)

    class Meta:
        icon = "link"
        label = _("Appel à l'action")
        template = "blocks/call_to_action.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Intitulé"), required=False, max_length=150)

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "blocks/document.html"


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraphe"),
        icon="pilcrow",
        features=["bold", "italic", "link", "ol", "ul", "document-link"],
        template="blocks/paragraph.html",
    )
    image = PublicImageBlock(label=_("Image"), template="blocks/image.html")
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    document = DocumentBlock()
    embed = EmbedBlock(label=_("Vidéo ou contenu intégré"), icon="media", required=False)
