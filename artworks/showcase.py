"""The home page's « œuvres exposées en ce moment » (home.showcase): a fixed number of queries
whatever the number of works and placements."""

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from artworks.cache_tags import COLLECTION
from artworks.models import Placement
from artworks.sitemaps import programme_page
from home import showcase
from home.cache import depends_on


def works_on_show(request, limit):
    page = programme_page()
    if page is None:
        return None
    from artworks.selectors import images_with

    depends_on(COLLECTION)  # home.cache
    today = timezone.localdate()
    placements = list(
        Placement.objects.current(today)
        .select_related("artwork", "venue__commune")
        .prefetch_related(
            Prefetch("artwork__image", queryset=images_with(showcase.CARD_RENDITION)),
        )
        .order_by("-start_date", "artwork__title")[:limit]
    )
    base_url = page.get_url(request)
    cards = []
    for placement in placements:
        artwork = placement.artwork
        cards.append(
            showcase.Card(
                title=artwork.title,
                url=f"{base_url}oeuvres/{artwork.slug}/",
                summary=_("Exposée jusqu'au %(date)s")
                % {"date": date_format(placement.end_date, "j F Y")},
                image=artwork.public_image,
                credit=artwork.image_credit if artwork.public_image else "",
                place=f"{placement.venue.name}, {placement.venue.commune.name}",
                label=_("Un mois, une œuvre"),
            )
        )
    return showcase.Section(
        title=_("Œuvres exposées en ce moment"),
        cards=cards,
        more_url=base_url,
        more_label=_("Toutes les œuvres exposées"),
    )


def register():
    showcase.register(showcase.WORKS_ON_SHOW, works_on_show)
