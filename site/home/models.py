from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home import fragments, showcase
from home.blocks import BaseStreamBlock, FeaturedStreamBlock
from home.cache import UNCACHED_PREFIXES, depends_on, model_tag, page_tag
from home.routing import ChainRouteMixin
from home.view_restrictions import KeptViewRestrictionsMixin
from home.visibility import public_pages


class HomePage(KeptViewRestrictionsMixin, ChainRouteMixin, Page):
    """The site's home page: what is on (next dates, works on show, programmes, from the
    sections the domain apps register in home.showcase), what editors put forward, and a way
    in by search or by commune."""

    introduction = models.TextField(_("introduction"), blank=True)
    featured = StreamField(
        FeaturedStreamBlock(),
        verbose_name=_("mis en avant"),
        blank=True,
        help_text=_("Jusqu'à six pages, œuvres ou liens présentés en cartes sous l'introduction."),
    )
    upcoming_dates_count = models.PositiveSmallIntegerField(
        _("nombre de prochaines dates"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    works_count = models.PositiveSmallIntegerField(
        _("nombre d'œuvres exposées"),
        default=4,
        validators=[MinValueValidator(0), MaxValueValidator(12)],
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("contenu"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("featured"),
        FieldRowPanel([FieldPanel("upcoming_dates_count"), FieldPanel("works_count")]),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("page d'accueil")
        verbose_name_plural = _("pages d'accueil")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Its sections are kept in the cache under their tags and the minute (the next dates
        # move with the time): home.fragments.
        context.update(
            fragments.cached(
                request,
                "home_sections",
                lambda: self.rendered_sections(request),
                self.pk,
                self.latest_revision_id,
                per_minute=True,
            )
        )
        return context

    def rendered_sections(self, request):
        """The sections rendered here, so that a visit read from the cache renders none of
        their cards (nor asks for their images' renditions); the commune list of the « près
        de chez moi » form kept apart."""
        sections = self.sections(request)
        html = render_to_string("home/includes/home_sections.html", {**sections, "page": self})
        return {
            "agenda_url": sections["agenda_url"],
            "communes": sections["communes"],
            "sections_html": html,
        }

    def sections(self, request):
        # home.cache: the page's own fields, and the pages under the site root it links to (the
        # agenda, the programmes); each section declares what it shows.
        depends_on(page_tag(self), "menu")
        upcoming = showcase.section(showcase.UPCOMING_DATES, request, self.upcoming_dates_count)
        context = {"upcoming": upcoming}
        context["works_on_show"] = (
            showcase.section(showcase.WORKS_ON_SHOW, request, self.works_count)
            if self.works_count
            else None
        )
        context["programmes"] = showcase.section(showcase.PROGRAMMES, request, 12)
        context["agenda_url"] = upcoming.more_url if upcoming else ""
        context["communes"] = upcoming.communes if context["agenda_url"] else []
        context["featured_cards"] = featured_cards(self.featured, request)
        return context


def featured_cards(stream, request):
    """The editors' cards; the chosen pages are read in one query per page type."""
    page_ids = [b.value["page"].pk for b in stream if b.block_type == "page" and b.value["page"]]
    depends_on(*map(page_tag, page_ids))  # home.cache
    pages = {}
    if page_ids:
        pages = {p.pk: p for p in public_pages(Page.objects.filter(pk__in=page_ids)).specific()}
    cards = []
    for block in stream:
        value = block.value
        if block.block_type == "page":
            page = pages.get(value["page"].pk) if value["page"] else None
            if page is None:  # unpublished or restricted since it was chosen
                continue
            summary = getattr(page, "summary", "") or getattr(page, "introduction", "")
            cards.append(
                showcase.Card(
                    title=page.title,
                    url=page.get_url(request),
                    summary=value["text"] or summary or page.search_description,
                    image=value["image"],
                )
            )
        else:
            cards.append(
                showcase.Card(
                    title=value["title"],
                    url=value["url"],
                    summary=value["text"],
                    image=value["image"],
                )
            )
    return cards


class StandardPage(KeptViewRestrictionsMixin, ChainRouteMixin, Page):
    """A plain content page (mentions légales, accessibilité, à propos…)."""

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("contenu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("page de contenu")
        verbose_name_plural = _("pages de contenu")


@register_setting(icon="cog")
class SiteSettings(BaseGenericSetting):
    """What the footer and the contact block show; edited in Paramètres."""

    organisation_name = models.CharField(
        _("nom de l'organisme"), max_length=150, default="Institut des Hauts-de-Seine"
    )
    tagline = models.CharField(
        _("accroche"),
        max_length=255,
        blank=True,
        default="Programmes culturels, de prévention et de solidarité dans les Hauts-de-Seine",
    )
    contact_email = models.EmailField(_("courriel de contact"), blank=True)
    contact_phone = models.CharField(_("téléphone de contact"), max_length=30, blank=True)
    address = models.TextField(_("adresse postale"), blank=True)
    footer_text = models.TextField(_("texte du pied de page"), blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("organisation_name"), FieldPanel("tagline")], heading=_("Identité")
        ),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("contact_phone"), FieldPanel("address")],
            heading=_("Contact"),
        ),
        FieldPanel("footer_text"),
    ]

    class Meta:
        verbose_name = _("paramètres du site")

    @classmethod
    def load(cls, request_or_site=None):
        """For a public request, the settings kept by home.fragments under their own tag (a save
        bumps it, and ``site``): the footer and the sharing tags without a query. The admin and
        calls without a request read the row as Wagtail does."""
        request = request_or_site
        if not isinstance(request, HttpRequest) or request.path.startswith(UNCACHED_PREFIXES):
            return super().load(request_or_site)
        attr_name = cls.get_cache_attr_name()
        if not hasattr(request, attr_name):

            def build():
                depends_on(model_tag(cls))
                return cls._get_or_create()

            setattr(request, attr_name, fragments.cached(request, "site_settings", build))
        return getattr(request, attr_name)


# The legal page types live in their own module; imported here so Django registers them.
from home.legal import (  # noqa: E402, F401
    AccessibilityStatementPage,
    LegalNoticePage,
    PersonalDataPage,
)
