"""Role permissions for the programmes app's records (merged by home.roles.sync_roles)."""

from functools import partial

from home.roles import MODERATORS, PROGRAMME_STAFF, VENUE_MANAGERS, crud

_crud = partial(crud, "programmes")


MODEL_PERMISSIONS = {
    PROGRAMME_STAFF: {
        *_crud("edition"),
        # An edition's targets and classes: edited in its form, imported as their own sheets.
        *_crud("editiontarget"),
        *_crud("editionclass"),
        *_crud("occurrence"),
        *_crud("audience"),
        *_crud("partner"),
        # Seniors: the role grants the actions; assignment to the edition decides which rows.
        *_crud("followedsenior"),
        *_crud("seniorcontact"),
        *_crud("purgelog", ("view",)),
        *_crud("attendancerecord"),
    },
    MODERATORS: {
        *_crud("edition", ("view",)),
        *_crud("editiontarget", ("view",)),
        *_crud("editionclass", ("view",)),
        *_crud("occurrence", ("change", "view")),
        *_crud("audience", ("view",)),
        *_crud("partner", ("view",)),
        *_crud("attendancerecord", ("view",)),
    },
    # Scoped to their venues by AttendancePermissionPolicy; corrections within the period.
    VENUE_MANAGERS: _crud("attendancerecord", ("add", "change", "view")),
}
