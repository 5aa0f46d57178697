"""What each role may do with the collection (merged by home.roles.sync_roles)."""

from functools import partial

from home.roles import MODERATORS, PROGRAMME_STAFF, VENUE_MANAGERS, crud

_crud = partial(crud, "artworks")


MODEL_PERMISSIONS = {
    PROGRAMME_STAFF: {
        *_crud("artist"),
        *_crud("artwork"),
        *_crud("placement"),
        *_crud("mediationsession"),
        *_crud("placementreminder", ("view",)),
    },
    MODERATORS: {
        *_crud("artist", ("view",)),
        *_crud("artwork", ("view",)),
        *_crud("placement", ("view",)),
        *_crud("mediationsession", ("view",)),
    },
    # Venue managers confirm install/removal of the placements at their venues and log the
    # mediation sessions there; the scoping policy narrows these to their own venues.
    VENUE_MANAGERS: {
        *_crud("artwork", ("view",)),
        *_crud("placement", ("change", "view")),
        *_crud("mediationsession"),
    },
}
