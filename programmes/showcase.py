"""The home page's sections this app fills (home.showcase): the next public dates and the
programmes. Each runs a fixed number of queries whatever the number of events and dates."""

from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.models import Page

from home import showcase
from home.visibility import public_pages
from programmes.models import (
    CalendarPage,
    Occurrence,
    OccurrenceStatus,
    ProgrammeIndexPage,
    ProgrammePage,
)


def _first_public(page_model):
    return public_pages(page_model.objects.all()).order_by("path").first()


def upcoming_dates(request, limit):
    """The next public dates, each with its place and commune; the agenda is the way on."""
    occurrences = list(
        Occurrence.objects.public()
        .upcoming()
        .exclude(status=OccurrenceStatus.CANCELLED)
        .for_listing()[:limit]
    )
    calendar = _first_public(CalendarPage)
    cards = []
    for occurrence in occurrences:
        commune = occurrence.place_commune
        place = occurrence.venue.name if occurrence.venue_id else occurrence.address
        cards.append(
            showcase.Card(
                title=occurrence.event.title,
                url=occurrence.event.get_url(request),
                summary=occurrence.note,
                when=occurrence.start,
                place=", ".join(part for part in (place, commune.name if commune else "") if part),
                label=occurrence.event.programme.title if occurrence.event.programme_id else "",
            )
        )
    return showcase.Section(
        title=_("Prochaines dates"),
        cards=cards,
        more_url=calendar.get_url(request) if calendar else "",
        more_label=_("Tout l'agenda"),
    )


def programmes(request, limit):
    """The programmes under « Nos programmes », whatever their page type (« Un mois, une
    œuvre » is the artworks app's), with their image."""
    index_page = _first_public(ProgrammeIndexPage)
    if index_page is None:
        return None
    pages = list(
        public_pages(Page.objects.child_of(index_page)).order_by("path").specific()[:limit]
    )
    with_image = [p for p in pages if isinstance(p, ProgrammePage) and p.image_id]
    if with_image:
        renditions = get_image_model().objects.prefetch_renditions(showcase.CARD_RENDITION)
        prefetch_related_objects(with_image, Prefetch("image", queryset=renditions))
    cards = [
        showcase.Card(
            title=page.title,
            url=page.get_url(request),
            summary=getattr(page, "summary", "") or getattr(page, "introduction", ""),
            image=getattr(page, "image", None),
            label=page.get_theme_display() if isinstance(page, ProgrammePage) else "",
        )
        for page in pages
    ]
    return showcase.Section(
        title=_("Nos programmes"),
        cards=cards,
        more_url=index_page.get_url(request),
        more_label=_("Tous les programmes"),
    )


def register():
    showcase.register(showcase.UPCOMING_DATES, upcoming_dates)
    showcase.register(showcase.PROGRAMMES, programmes)
