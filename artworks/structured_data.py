"""schema.org JSON-LD for the public work and artist pages (VisualArtwork, Person,
ExhibitionEvent), with absolute URLs taken from the Wagtail Site that serves the request."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe
from wagtail.models import Site

from artworks.selectors import DETAIL_RENDITIONS, PORTRAIT_RENDITIONS

# What json.dumps leaves that could close the <script> element or open a comment in it.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def root_url(request):
    site = Site.find_for_request(request)
    return site.root_url if site else request.build_absolute_uri("/").rstrip("/")


def absolute(request, url):
    if not url or url.startswith(("http://", "https://")):
        return url
    return root_url(request) + url


def to_script(data):
    """The JSON-LD, safe to put between <script type="application/ld+json"> tags."""
    return mark_safe(  # noqa: S308 - the characters that could end the element are escaped
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    )


def _compact(data):
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def _place(venue, page_url):
    commune = venue.commune
    return _compact(
        {
            "@type": "Place",
            "name": venue.name,
            "url": f"{page_url}lieux/{venue.code}/",
            "address": _compact(
                {
                    "@type": "PostalAddress",
                    "streetAddress": venue.address,
                    "postalCode": commune.postal_code,
                    "addressLocality": commune.name,
                    "addressRegion": "Hauts-de-Seine",
                    "addressCountry": "FR",
                }
            ),
        }
    )


def artwork_graph(request, page, artwork, placements):
    """The work, its artists and its exhibitions (current and upcoming ``placements``)."""
    page_url = page.get_full_url(request)
    url = f"{page_url}oeuvres/{artwork.slug}/"
    image = artwork.public_image
    technique = artwork.technique.strip()
    work = _compact(
        {
            "@type": "VisualArtwork",
            "@id": f"{url}#oeuvre",
            "name": artwork.title,
            "url": url,
            "identifier": artwork.inventory_number,
            "creator": [
                {
                    "@type": "Person",
                    "name": artist.name,
                    "url": f"{page_url}artistes/{artist.slug}/",
                }
                for artist in artwork.artists.all()
            ],
            "dateCreated": str(artwork.year) if artwork.year else None,
            # « Photographie, tirage argentique »: the form, then the full medium.
            "artform": technique.split(",")[0].strip() if technique else None,
            "artMedium": technique,
            "description": artwork.description,
            "image": absolute(request, image.get_rendition(DETAIL_RENDITIONS[-1]).url)
            if image
            else None,
            "creditText": artwork.image_credit if image else None,
            "copyrightNotice": artwork.rights_notice if image else None,
            "isPartOf": {
                "@type": "Collection",
                "name": "Fonds départemental d'art contemporain des Hauts-de-Seine",
            },
        }
    )
    events = [
        {
            "@type": "ExhibitionEvent",
            "name": f"{artwork.title} — {page.title}",
            "url": url,
            "startDate": placement.start_date,
            "endDate": placement.end_date,
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "isAccessibleForFree": True,
            "location": _place(placement.venue, page_url),
            "workFeatured": {"@id": work["@id"]},
        }
        for placement in placements
    ]
    return to_script({"@context": "https://schema.org", "@graph": [work, *events]})


def artist_graph(request, page, artist, works):
    """The artist, and the works of the collection they made."""
    page_url = page.get_full_url(request)
    url = f"{page_url}artistes/{artist.slug}/"
    portrait = artist.public_portrait
    person = _compact(
        {
            "@type": "Person",
            "@id": f"{url}#artiste",
            "name": artist.name,
            "url": url,
            "description": artist.biography,
            "sameAs": [artist.website] if artist.website else None,
            "image": absolute(request, portrait.get_rendition(PORTRAIT_RENDITIONS[-1]).url)
            if portrait
            else None,
        }
    )
    works = [
        {
            "@type": "VisualArtwork",
            "@id": f"{page_url}oeuvres/{work.slug}/#oeuvre",
            "name": work.title,
            "url": f"{page_url}oeuvres/{work.slug}/",
            "identifier": work.inventory_number,
            "creator": {"@id": person["@id"]},
        }
        for work in works
    ]
    return to_script({"@context": "https://schema.org", "@graph": [person, *works]})
