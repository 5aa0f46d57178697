"""The home page's sections this app fills (home.showcase): the next public dates and the
programmes. Each runs a fixed number of queries whatever the number of events and dates."""

from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.models import Page

from home import showcase
from home.agenda import upcoming_items
from home.cache import children_tag, depends_on
from home.visibility import public_pages
from places.models import Commune
from programmes.models import (
    CalendarPage,
    ProgrammeIndexPage,
    ProgrammePage,
)


def _first_public(page_model):
    return public_pages(page_model.objects.all()).order_by("path").first()


def upcoming_dates(request, limit):
    """The next public dates of every agenda source (events, and the mediation sessions of « Un
    mois, une œuvre »), each with its place and commune; the agenda is the way on."""
    items = [item for item in upcoming_items(limit * 2, request=request) if not item.is_cancelled]
    calendar = _first_public(CalendarPage)
    cards = [
        showcase.Card(
            title=item.title,
            url=item.url,
            summary=item.note,
            when=item.start,
            place=", ".join(part for part in (item.venue_name, item.commune_name) if part),
            label=item.programme.title if item.programme else "",
        )
        for item in items[:limit]
    ]
    return showcase.Section(
        title=_("Prochaines dates"),
        cards=cards,
        more_url=calendar.get_url(request) if calendar else "",
        more_label=_("Tout l'agenda"),
        communes=list(Commune.objects.order_by("name").only("insee_code", "name"))
        if calendar
        else [],
    )


def programme_cards(request, pages):
    """Cards for programme pages of any page type (« Un mois, une œuvre » is the artworks
    app's): title, theme, summary or introduction, image with its rendition prefetched."""
    with_image = [p for p in pages if isinstance(p, ProgrammePage) and p.image_id]
    if with_image:
        renditions = get_image_model().objects.prefetch_renditions(showcase.CARD_RENDITION)
        prefetch_related_objects(with_image, Prefetch("image", queryset=renditions))
    return [
        showcase.Card(
            title=page.title,
            url=page.get_url(request),
            summary=getattr(page, "summary", "") or getattr(page, "introduction", ""),
            image=getattr(page, "image", None),
            label=page.get_theme_display() if isinstance(page, ProgrammePage) else "",
        )
        for page in pages
    ]


def programmes(request, limit):
    """The programmes under « Nos programmes », with their image."""
    index_page = _first_public(ProgrammeIndexPage)
    if index_page is None:
        return None
    depends_on(children_tag(index_page))  # home.cache
    pages = list(
        public_pages(Page.objects.child_of(index_page)).order_by("path").specific()[:limit]
    )
    return showcase.Section(
        title=_("Nos programmes"),
        cards=programme_cards(request, pages),
        more_url=index_page.get_url(request),
        more_label=_("Tous les programmes"),
    )


def register():
    showcase.register(showcase.UPCOMING_DATES, upcoming_dates)
    showcase.register(showcase.PROGRAMMES, programmes)
