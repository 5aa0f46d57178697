"""The collection in the public site search (home.search): works, artists and venues, each
linking to its route on the public « Un mois, une œuvre » page. While no such page is public,
none of them is found (they have no public address).

Only what the public pages show is searched: never handling notes, contacts or managers. A
work's picture follows the image-rights rule (artworks.image_rights), its credit beside it.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from artworks.models import Artist, Artwork, ArtworkProgrammePage
from artworks.selectors import CARD_RENDITIONS, PORTRAIT_RENDITIONS, images_with
from home.private_media import is_private_name
from home.search import SearchResult, SearchSource, excerpt, matching
from home.visibility import public_pages
from places.models import Venue

# A result's thumbnail: the smallest of the renditions the collection pages already make.
CARD_RENDITION = CARD_RENDITIONS[0]
PORTRAIT_RENDITION = PORTRAIT_RENDITIONS[0]

_REQUEST_CACHE = "_public_artwork_programme_page"


def public_programme_page(request=None):
    """The first public « Un mois, une œuvre » page (one query, remembered on the request)."""
    if request is not None and hasattr(request, _REQUEST_CACHE):
        return getattr(request, _REQUEST_CACHE)
    page = public_pages(ArtworkProgrammePage.objects.all()).order_by("path").first()
    if request is not None:
        setattr(request, _REQUEST_CACHE, page)
    return page


def route_url(page, request, route, **kwargs):
    return page.get_url(request) + page.reverse_subpage(route, kwargs=kwargs)


def _thumbnail(image, spec):
    """A rendition the public may see (prefetched), or None."""
    if image is None or is_private_name(image.file.name):
        return None
    return image.get_rendition(spec)


def _credit(work):
    return " — ".join(part for part in (work.image_credit, work.rights_notice) if part)


def search_works(query, request=None, limit=100):
    page = public_programme_page(request)
    if page is None:
        return []
    works = matching(
        Artwork.objects.prefetch_related(
            Prefetch("image", queryset=images_with(CARD_RENDITION)), "artists"
        ),
        query,
        title="title",
        fields=["title", "inventory_number", "series", "description"],
        related=["artists__name"],
    )
    results = []
    for work in works[:limit]:
        facts = [work.artist_names(), work.series and f"série « {work.series} »"]
        facts += [work.inventory_number, work.year and str(work.year)]
        image = _thumbnail(work.public_image, CARD_RENDITION)
        results.append(
            SearchResult(
                title=work.title,
                url=route_url(page, request, "artwork_detail", slug=work.slug),
                kind="oeuvre",
                kind_label=_("Œuvre"),
                rank=work.search_rank,
                excerpt=" · ".join(fact for fact in facts if fact),
                image=image,
                image_caption=_credit(work) if image else "",
            )
        )
    return results


def search_artists(query, request=None, limit=100):
    page = public_programme_page(request)
    if page is None:
        return []
    artists = matching(
        Artist.objects.prefetch_related(
            Prefetch("portrait", queryset=images_with(PORTRAIT_RENDITION))
        ),
        query,
        title="name",
        fields=["name"],
    )
    return [
        SearchResult(
            title=artist.name,
            url=route_url(page, request, "artist_detail", slug=artist.slug),
            kind="artiste",
            kind_label=_("Artiste"),
            rank=artist.search_rank,
            excerpt=excerpt(artist.biography, query.terms),
            image=_thumbnail(artist.portrait, PORTRAIT_RENDITION),
        )
        for artist in artists[:limit]
    ]


def search_venues(query, request=None, limit=100):
    page = public_programme_page(request)
    if page is None:
        return []
    venues = matching(
        Venue.objects.active().select_related("commune"),
        query,
        title="name",
        fields=["name", "commune__name", "commune__postal_code", "address"],
    )
    results = []
    for venue in venues[:limit]:
        where = " ".join(part for part in (venue.commune.postal_code, venue.commune.name) if part)
        address = ", ".join(part for part in (venue.address, where) if part)
        results.append(
            SearchResult(
                title=venue.name,
                url=route_url(page, request, "venue_detail", code=venue.code),
                kind="lieu",
                kind_label=_("Lieu"),
                rank=venue.search_rank,
                excerpt=f"{venue.get_kind_display()} · {address}",
            )
        )
    return results


def _when_public(fields):
    """Suggestion fields only while the collection has a public page."""

    def suggestion_fields():
        return fields() if public_programme_page() is not None else []

    return suggestion_fields


WORK_SOURCE = SearchSource(
    key="oeuvre",
    label=_("Œuvre"),
    plural_label=_("Œuvres"),
    search=search_works,
    suggestion_fields=_when_public(
        lambda: [(Artwork.objects.all(), "title"), (Artwork.objects.all(), "series")]
    ),
    order=20,
)
ARTIST_SOURCE = SearchSource(
    key="artiste",
    label=_("Artiste"),
    plural_label=_("Artistes"),
    search=search_artists,
    suggestion_fields=_when_public(lambda: [(Artist.objects.all(), "name")]),
    order=30,
)
VENUE_SOURCE = SearchSource(
    key="lieu",
    label=_("Lieu"),
    plural_label=_("Lieux"),
    search=search_venues,
    suggestion_fields=_when_public(
        lambda: [(Venue.objects.active(), "name"), (Venue.objects.active(), "commune__name")]
    ),
    order=40,
)
SOURCES = [WORK_SOURCE, ARTIST_SOURCE, VENUE_SOURCE]
