"""What a public page needs to present a venue: a map, the way there, schema.org data.

The map is drawn by ``places/venue-map.js`` from a JSON script tag (the CSP forbids inline
scripts); every page that shows a map also lists its venues in text, for when tiles or scripts
do not load.
"""

import json
from urllib.parse import urlencode

from django.conf import settings
from django.templatetags.static import static
from django.utils.html import _json_script_escapes
from django.utils.safestring import mark_safe


def map_options(markers):
    """The JSON a map container reads: tile provider, marker icons and the markers."""
    return {
        "tiles": {
            "url": settings.MAP_TILES_URL,
            "attribution": settings.MAP_TILES_ATTRIBUTION,
            "maxZoom": settings.MAP_TILES_MAX_ZOOM,
        },
        # Given explicitly: Leaflet's own icon-path guess fails on hashed static file names.
        "icon": {
            "iconUrl": static("leaflet/images/marker-icon.png"),
            "iconRetinaUrl": static("leaflet/images/marker-icon-2x.png"),
            "shadowUrl": static("leaflet/images/marker-shadow.png"),
        },
        "markers": markers,
    }


def venue_marker(venue, url="", summary=""):
    """A marker for a venue with coordinates (None otherwise)."""
    if not venue.has_coordinates:
        return None
    return {
        "lat": float(venue.latitude),
        "lon": float(venue.longitude),
        "name": venue.name,
        "address": venue.full_address,
        "url": url,
        "summary": summary,
    }


def directions_url(venue):
    """OpenStreetMap's route planner with the venue as destination (by address without
    coordinates)."""
    if venue.has_coordinates:
        return "https://www.openstreetmap.org/directions?" + urlencode(
            {"route": f";{venue.latitude},{venue.longitude}"}
        )
    return "https://www.openstreetmap.org/search?" + urlencode({"query": venue.full_address})


def geo_uri(venue):
    """A ``geo:`` link (RFC 5870) that phones open in their own maps application."""
    if not venue.has_coordinates:
        return ""
    return f"geo:{venue.latitude},{venue.longitude}"


def place_json_ld(venue, url):
    """schema.org ``Place`` of a venue, as the text of a ``<script type="application/ld+json">``
    (escaped as Django's ``json_script`` does, so no field can close the tag)."""
    data = {
        "@context": "https://schema.org",
        "@type": "Place",
        "@id": url,
        "url": url,
        "name": venue.name,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": venue.address,
            "postalCode": venue.commune.postal_code,
            "addressLocality": venue.commune.name,
            "addressRegion": "Hauts-de-Seine",
            "addressCountry": "FR",
        },
    }
    if not venue.address:
        del data["address"]["streetAddress"]
    if venue.has_coordinates:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(venue.latitude),
            "longitude": float(venue.longitude),
        }
        data["hasMap"] = directions_url(venue)
    if venue.phone:
        data["telephone"] = venue.phone_uri
    if venue.email:
        data["email"] = venue.email
    features = venue.accessibility_features
    if features:
        data["amenityFeature"] = [
            {"@type": "LocationFeatureSpecification", "name": str(label), "value": True}
            for label in features
        ]
    text = json.dumps(data, ensure_ascii=False).translate(_json_script_escapes)
    return mark_safe(text)  # noqa: S308 -- escaped above, as json_script does
