"""Role permissions for the programmes app's records (merged by home.roles.sync_roles)."""

from home.roles import MODERATORS, PROGRAMME_STAFF, VENUE_MANAGERS


def _crud(model, actions=("add", "change", "delete", "view")):
    return {f"programmes.{action}_{model}" for action in actions}


MODEL_PERMISSIONS = {
    PROGRAMME_STAFF: {
        *_crud("edition"),
        *_crud("occurrence"),
        *_crud("audience"),
        *_crud("partner"),
        # Seniors: the role grants the actions; assignment to the edition decides which rows.
        *_crud("followedsenior"),
        *_crud("purgelog", ("view",)),
    },
    MODERATORS: {
        *_crud("edition", ("view",)),
        *_crud("occurrence", ("change", "view")),
        *_crud("audience", ("view",)),
        *_crud("partner", ("view",)),
    },
    VENUE_MANAGERS: set(),
}
