"""What the public page cache (home.cache) refreshes when a record of the collection changes,
and the tags the « Un mois, une œuvre » pages declare while they render.

- ``collection``: the lists (works on show, the works, artists and venues indexes, an artist);
- ``artworks.artwork:<id>``: one work's page (its placements, artists, mediation sessions);
- ``artworks.placement:venue=<id>``: the works shown at one venue (its page);
- ``agenda`` / ``agenda:venue=<code>``: the mediation sessions on the agenda (home.agenda).
"""

from home import cache
from home.agenda import AGENDA_TAG, venue_tag

COLLECTION = "collection"


def artwork_tag(artwork_id):
    return f"artworks.artwork:{artwork_id}"


def venue_works_tag(venue_id):
    return f"artworks.placement:venue={venue_id}"


def _placement_tags(placement):
    return [
        COLLECTION,
        artwork_tag(placement.artwork_id),
        venue_works_tag(placement.venue_id),
        # Its mediation sessions are on the agenda, with the work and the venue.
        AGENDA_TAG,
        venue_tag(placement.venue.code),
    ]


def _session_tags(session):
    placement = session.placement
    return [
        COLLECTION,
        AGENDA_TAG,
        venue_tag(placement.venue.code),
        artwork_tag(placement.artwork_id),
    ]


EVERY_PLACEMENT = (COLLECTION, "artworks.artwork:*", "artworks.placement:*", AGENDA_TAG, "agenda:*")


def register():
    from artworks import models

    cache.register_model(
        models.Artwork,
        lambda a: [COLLECTION, artwork_tag(a.pk), AGENDA_TAG],
        lambda: (COLLECTION, "artworks.artwork:*", AGENDA_TAG),
    )
    cache.register_model(
        models.ArtworkArtist,
        lambda link: [COLLECTION, artwork_tag(link.artwork_id)],
        lambda: (COLLECTION, "artworks.artwork:*"),
    )
    # An artist's name is on the pages of its works: « artworks.artist » (every change bumps it).
    cache.register_model(models.Artist, lambda a: [COLLECTION], lambda: (COLLECTION,))
    cache.register_model(models.Placement, _placement_tags, lambda: EVERY_PLACEMENT)
    cache.register_model(models.MediationSession, _session_tags, lambda: EVERY_PLACEMENT)
    cache.register_model(models.ArtworkProgrammePage, lambda p: [COLLECTION], lambda: (COLLECTION,))
    cache.register_model(models.PlacementReminder, None)
