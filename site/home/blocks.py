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


def _site_address(value):
    """An address on this site (``/un-mois-une-oeuvre/oeuvres/…/``) or a full web address."""
    if value and not (value.startswith("/") or value.startswith(("https://", "http://"))):
        raise ValidationError(
            _("Indiquez une adresse du site commençant par « / » ou une adresse web complète.")
        )


class FeaturedPageBlock(blocks.StructBlock):
    """A page of the site put forward on the home page."""

    page = blocks.PageChooserBlock(label=_("Page"))
    image = PublicImageBlock(label=_("Image"), required=False)
    text = blocks.TextBlock(
        label=_("Texte"),
        required=False,
        max_length=300,
        help_text=_("Laissez vide pour reprendre le résumé de la page."),
    )

    class Meta:
        icon = "doc-empty"
        label = _("Page mise en avant")


class FeaturedLinkBlock(blocks.StructBlock):
    """Anything else worth a card: a work, an artist, a venue (their pages are not in the page
    tree: paste their address), or another site."""

    title = blocks.CharBlock(label=_("Titre"), max_length=150)
    url = blocks.CharBlock(
        label=_("Adresse"),
        max_length=500,
        validators=[_site_address],
        help_text=_(
            "Par exemple l'adresse d'une œuvre : /un-mois-une-oeuvre/oeuvres/… (copiez-la "
            "depuis la page publique)."
        ),
    )
    image = PublicImageBlock(label=_("Image"), required=False)
    text = blocks.TextBlock(label=_("Texte"), required=False, max_length=300)

    class Meta:
        icon = "link"
        label = _("Œuvre, lieu ou lien mis en avant")


class FeaturedStreamBlock(blocks.StreamBlock):
    page = FeaturedPageBlock()
    link = FeaturedLinkBlock()

    class Meta:
        max_num = 6


LEGAL_BASES = [
    ("consent", _("Consentement de la personne (RGPD, art. 6-1-a)")),
    ("contract", _("Exécution d'un contrat (RGPD, art. 6-1-b)")),
    ("legal_obligation", _("Obligation légale (RGPD, art. 6-1-c)")),
    ("vital_interest", _("Sauvegarde des intérêts vitaux (RGPD, art. 6-1-d)")),
    ("public_task", _("Mission d'intérêt public (RGPD, art. 6-1-e)")),
    ("legitimate_interest", _("Intérêt légitime (RGPD, art. 6-1-f)")),
]


class ProcessingValue(blocks.StructValue):
    def legal_basis_label(self):
        return dict(LEGAL_BASES).get(self.get("legal_basis"), "")


class ProcessingBlock(blocks.StructBlock):
    """One processing of personal data, as the register of processing activities records it."""

    name = blocks.CharBlock(label=_("Traitement"), max_length=150)
    purposes = blocks.TextBlock(label=_("Finalités"))
    legal_basis = blocks.ChoiceBlock(label=_("Base légale"), choices=LEGAL_BASES)
    data = blocks.TextBlock(label=_("Données traitées"))
    recipients = blocks.TextBlock(label=_("Destinataires"))
    retention = blocks.CharBlock(label=_("Durée de conservation"), max_length=255)

    class Meta:
        icon = "lock"
        label = _("Traitement de données")
        value_class = ProcessingValue
