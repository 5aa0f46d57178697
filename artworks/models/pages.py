"""The public « Un mois, une œuvre » page: one Wagtail page that serves, from the records, the
programme (works on show now and next), a page per work, per artist and per venue.

Pages per work are routes rather than Wagtail pages: the catalogue lives in the records staff
already edit (snippets), so a work needs no second, drifting copy in the page tree.
"""

from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.coreutils import resolve_model_string
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BaseStreamBlock


class ArtworkProgrammePage(RoutablePageMixin, Page):
    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("contenu"), blank=True)
    upcoming_days = models.PositiveSmallIntegerField(
        _("horizon des prochaines œuvres (jours)"),
        default=62,
        help_text=_("Les placements qui commencent dans ce délai sont annoncés « bientôt »."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("body"),
        FieldPanel("upcoming_days"),
    ]
    search_fields = Page.search_fields + [index.SearchField("introduction")]
    parent_page_types = ["home.HomePage", "programmes.ProgrammeIndexPage"]
    subpage_types = []
    template = "artworks/pages/programme_page.html"

    class Meta:
        verbose_name = _("page « Un mois, une œuvre »")
        verbose_name_plural = _("pages « Un mois, une œuvre »")

    @classmethod
    def clean_parent_page_models(cls):
        """As Wagtail's, but a parent type whose app has not landed yet is skipped (the
        programmes index page is declared by name; artworks never imports programmes)."""
        if cls._clean_parent_page_models is None:
            resolved = []
            for model_string in cls.parent_page_types:
                try:
                    resolved.append(resolve_model_string(model_string, cls._meta.app_label))
                except LookupError:
                    continue
            cls._clean_parent_page_models = resolved
        return cls._clean_parent_page_models

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["base_url"] = self.get_url(request)
        return context

    @path("")
    def programme(self, request):
        from artworks import selectors

        data = selectors.programme_listing(
            upcoming_days=self.upcoming_days, commune_code=request.GET.get("commune") or None
        )
        return self.render(request, context_overrides=data)

    @path("oeuvres/<slug:slug>/")
    def artwork_detail(self, request, slug):
        from artworks import selectors

        data = selectors.artwork_detail(slug)
        if data is None:
            raise Http404
        return self.render(
            request,
            template="artworks/pages/artwork_detail.html",
            context_overrides=data,
        )

    @path("artistes/<slug:slug>/")
    def artist_detail(self, request, slug):
        from artworks import selectors

        data = selectors.artist_detail(slug)
        if data is None:
            raise Http404
        return self.render(
            request, template="artworks/pages/artist_detail.html", context_overrides=data
        )

    @path("lieux/<slug:code>/")
    def venue_detail(self, request, code):
        from artworks import selectors
        from places.models import Venue

        venue = get_object_or_404(Venue.objects.select_related("commune"), code=code)
        data = selectors.venue_detail(venue)
        return self.render(
            request, template="artworks/pages/venue_detail.html", context_overrides=data
        )
