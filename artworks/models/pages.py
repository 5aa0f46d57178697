"""The public « Un mois, une œuvre » page: one Wagtail page that serves, from the records, the
programme (works on show now and next), a page per work, per artist and per venue.

Pages per work are routes rather than Wagtail pages: the catalogue lives in the records staff
already edit (snippets), so a work needs no second, drifting copy in the page tree.
"""

from django.core.paginator import InvalidPage, Paginator
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.coreutils import resolve_model_string
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from artworks.cache_tags import COLLECTION, artwork_tag, venue_works_tag
from home import fragments
from home.blocks import BaseStreamBlock
from home.cache import depends_on
from home.view_restrictions import KeptViewRestrictionsMixin

VENUES_PER_PAGE = 24
WORKS_PER_PAGE = 24
ARTISTS_PER_PAGE = 24
VENUE_UPCOMING_DATES = 5  # the next dates on a venue's page


def _showing(*tags):
    """``function`` wrapped so that it declares ``tags`` (home.cache) when it runs: the tags of
    a fragment are those its build declares (home.fragments)."""

    def wrap(function):
        def build(*args, **kwargs):
            depends_on(*tags)
            return function(*args, **kwargs)

        return build

    return wrap


def _known_query(request, form, free_text=()):
    """Whether a list's rendered page may be kept for this query: only the form's fields and
    ``page``, once each, valid, no free text (a key per filter that exists, never per text
    anyone types)."""
    params = request.GET
    page_number = params.get("page", "")
    return (
        set(params) <= {*form.fields, "page"}
        and all(len(params.getlist(key)) == 1 for key in params)
        and not any(params.get(name) for name in free_text)
        and (page_number == "" or page_number.isdigit())
        and (not form.is_bound or form.is_valid())
    )


def paginate(request, items, per_page):
    """The page asked for by ``?page=``; any number that is not a page of the list is a 404
    (never silently the last page)."""
    paginator = Paginator(items, per_page)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage as error:
        raise Http404(_("Cette page de la liste n'existe pas.")) from error
    return {
        "page_obj": page,
        "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
    }


class ArtworkProgrammePage(KeptViewRestrictionsMixin, RoutablePageMixin, Page):
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
        from artworks import catalogue

        commune = request.GET.get("commune")
        if commune:  # the former commune filter: now the works index's
            return redirect(f"{self.get_url(request)}oeuvres/?{urlencode({'commune': commune})}")

        def build():
            depends_on(COLLECTION)  # home.cache
            data = catalogue.month_programme(upcoming_days=self.upcoming_days)
            context = {**data, "page": self, "base_url": self.get_url(request)}
            # Rendered here, so that a visit read from the cache renders none of its cards.
            return {
                "month_html": render_to_string(
                    "artworks/includes/month_programme.html", context, request=request
                )
            }

        data = fragments.cached(
            request,
            "artwork_programme",
            build,
            self.pk,
            self.latest_revision_id,
            per_minute=True,
        )
        return self.render(request, context_overrides=data)

    @path("oeuvres/")
    def artwork_index(self, request):
        depends_on(COLLECTION)  # home.cache: the list of works
        from artworks import catalogue
        from artworks.forms import WorkFilterForm

        options = fragments.cached(
            request,
            "work_filter_options",
            _showing(COLLECTION)(catalogue.work_filter_options),
            per_minute=True,
        )
        form = WorkFilterForm(request.GET or None, options=options)
        base_url = self.get_url(request)

        def build():
            depends_on(COLLECTION)  # home.cache: the list of works
            filters = form.filters()
            works = catalogue.filter_works(catalogue.public_works(), **filters)
            pagination = paginate(request, works, WORKS_PER_PAGE)
            context = {
                "page": self,
                "base_url": base_url,
                "form": form,
                "active_filters": sum(1 for value in filters.values() if value),
                **pagination,
            }
            return {
                "results_html": render_to_string(
                    "artworks/includes/artwork_results.html", context, request=request
                ),
                "page_number": pagination["page_obj"].number,
            }

        if _known_query(request, form, free_text=("artiste",)):
            # The filters, the count, the cards and the pages, rendered and kept under the
            # collection's tag and the minute (home.fragments), per query of known filters.
            data = fragments.cached(
                request,
                "artwork_index",
                build,
                self.pk,
                self.latest_revision_id,
                request.GET.urlencode(),
                per_minute=True,
            )
        else:
            data = build()
        return self.render(
            request, template="artworks/pages/artwork_index.html", context_overrides=data
        )

    @path("oeuvres/<slug:slug>/")
    def artwork_detail(self, request, slug):
        from artworks import selectors, structured_data
        from home.agenda import agenda_page_url

        def build():
            data = selectors.artwork_detail(slug)
            if data is None:
                return {}
            # home.cache: the work, its placements and sessions; its artists' names.
            depends_on(artwork_tag(data["artwork"].pk), "artworks.artist")
            open_placements = [
                p for p in [data["current_placement"], *data["upcoming_placements"]] if p
            ]
            data["json_ld"] = structured_data.artwork_graph(
                request, self, data["artwork"], open_placements
            )
            agenda_url = agenda_page_url(request)
            data["sessions_agenda_url"] = (
                f"{agenda_url}?{urlencode({'programme': self.slug})}" if agenda_url else ""
            )
            # Rendered here, so that a visit read from the cache renders none of it.
            data["body_html"] = render_to_string(
                "artworks/includes/artwork_detail_body.html",
                {**data, "page": self, "base_url": self.get_url(request)},
            )
            return data

        data = fragments.cached(
            request, "artwork", build, self.pk, self.latest_revision_id, slug, per_minute=True
        )
        if not data:
            raise Http404
        return self.render(
            request,
            template="artworks/pages/artwork_detail.html",
            context_overrides=data,
        )

    @path("artistes/")
    def artist_index(self, request):
        depends_on(COLLECTION)  # home.cache
        from artworks import catalogue

        def build():
            depends_on(COLLECTION)  # home.cache
            data = paginate(request, catalogue.public_artists(), ARTISTS_PER_PAGE)
            page = data["page_obj"]
            page.object_list = catalogue.attach_card_images(list(page.object_list))
            context = {**data, "page": self, "base_url": self.get_url(request)}
            return {
                "results_html": render_to_string(
                    "artworks/includes/artist_results.html", context, request=request
                ),
                "page_number": page.number,
            }

        page_number = request.GET.get("page", "")
        if set(request.GET) <= {"page"} and (page_number == "" or page_number.isdigit()):
            # The count, the cards and the pages, rendered and kept under the collection's tag
            # (home.fragments), per page of the list.
            data = fragments.cached(
                request, "artist_index", build, self.pk, self.latest_revision_id, page_number
            )
        else:
            data = build()
        return self.render(
            request, template="artworks/pages/artist_index.html", context_overrides=data
        )

    @path("artistes/<slug:slug>/")
    def artist_detail(self, request, slug):
        from artworks import selectors, structured_data

        def build():
            depends_on(COLLECTION)  # home.cache: its works and their placements
            data = selectors.artist_detail(slug)
            if data is None:
                return {}
            data["json_ld"] = structured_data.artist_graph(
                request, self, data["artist"], data["works"]
            )
            # Rendered here, so that a visit read from the cache renders none of it.
            context = {**data, "page": self, "base_url": self.get_url(request)}
            body_html = render_to_string(
                "artworks/includes/artist_detail_body.html", context, request=request
            )
            return {"artist": data["artist"], "json_ld": data["json_ld"], "body_html": body_html}

        data = fragments.cached(
            request, "artist", build, self.pk, self.latest_revision_id, slug, per_minute=True
        )
        if not data:
            raise Http404
        return self.render(
            request, template="artworks/pages/artist_detail.html", context_overrides=data
        )

    @path("lieux/", name="venue_index")
    def venue_index(self, request):
        """Every active venue, filtered by commune and kind: a map, and the same venues in text
        with the works on show at each."""
        from artworks import selectors
        from places.models import VenueKind
        from places.public import map_options, venue_marker

        commune, kind = request.GET.get("commune", ""), request.GET.get("type", "")
        base_url = self.get_url(request)

        def build():
            depends_on(COLLECTION)  # home.cache
            data = selectors.venue_directory(commune_code=commune, kind=kind)
            markers = []
            for venue in data["venues"]:
                count = venue.works_on_show_count
                summary = (
                    ngettext(
                        "%(count)d œuvre exposée en ce moment",
                        "%(count)d œuvres exposées en ce moment",
                        count,
                    )
                    % {"count": count}
                    if count
                    else _("Aucune œuvre exposée en ce moment")
                )
                marker = venue_marker(venue, f"{base_url}lieux/{venue.code}/", str(summary))
                if marker:
                    markers.append(marker)
            pagination = paginate(request, data["venues"], VENUES_PER_PAGE)
            filters = {
                key: value
                for key, value in (("commune", data["commune_code"]), ("type", data["kind"]))
                if value
            }
            context = {
                **data,
                **pagination,
                "page": self,
                "base_url": base_url,
                "filter_query": urlencode(filters),
                "map": map_options(markers),
                "mapped_venues": [v for v in data["venues"] if v.has_coordinates],
            }
            selected = data.get("selected_commune")
            # Rendered here, so that a visit read from the cache renders none of it.
            return {
                "body_html": render_to_string(
                    "artworks/includes/venue_index_body.html", context, request=request
                ),
                "selected_commune_name": selected.name if selected else "",
                "page_number": pagination["page_obj"].number,
            }

        page_number = request.GET.get("page", "")
        if (
            set(request.GET) <= {"commune", "type", "page"}
            and all(len(values) == 1 for values in request.GET.lists())
            and (not commune or (commune.isdigit() and len(commune) == 5))
            and (not kind or kind in VenueKind.values)
            and (page_number == "" or page_number.isdigit())
        ):  # a key per filter that may exist, not per text anyone types
            data = fragments.cached(
                request,
                "venue_directory",
                build,
                self.pk,
                self.latest_revision_id,
                commune,
                kind,
                page_number,
                per_minute=True,
            )
        else:
            data = build()
        return self.render(
            request, template="artworks/pages/venue_index.html", context_overrides=data
        )

    @path("lieux/<slug:code>/")
    def venue_detail(self, request, code):
        """A venue: how to get there, its accessibility, the works shown there and its next
        dates on the agenda (every source: events, mediation sessions)."""
        from artworks import selectors
        from home.agenda import agenda_page_url, upcoming_items
        from places.models import Venue
        from places.public import (
            directions_url,
            geo_uri,
            map_options,
            place_json_ld,
            venue_marker,
        )

        venue = get_object_or_404(Venue.objects.select_related("commune"), code=code)

        base_url = self.get_url(request)

        def build():
            depends_on(venue_works_tag(venue.pk))  # home.cache (its dates: home.agenda)
            data = selectors.venue_detail(venue)
            agenda_url = agenda_page_url(request)
            marker = venue_marker(venue)
            data.update(
                upcoming_dates=upcoming_items(
                    limit=VENUE_UPCOMING_DATES, venues=[venue.code], request=request
                ),
                venue_agenda_url=(
                    f"{agenda_url}?{urlencode({'lieu': venue.code})}" if agenda_url else ""
                ),
                directions_url=directions_url(venue),
                geo_uri=geo_uri(venue),
                map=map_options([marker] if marker else []),
            )
            # Rendered here, so that a visit read from the cache renders none of it.
            context = {**data, "venue": venue, "page": self, "base_url": base_url}
            return {
                "body_html": render_to_string(
                    "artworks/includes/venue_detail_body.html", context, request=request
                )
            }

        data = fragments.cached(
            request, "venue", build, self.pk, self.latest_revision_id, code, per_minute=True
        )
        data.update(
            venue=venue,
            json_ld=place_json_ld(
                venue, request.build_absolute_uri(f"{base_url}lieux/{venue.code}/")
            ),
        )
        return self.render(
            request, template="artworks/pages/venue_detail.html", context_overrides=data
        )
