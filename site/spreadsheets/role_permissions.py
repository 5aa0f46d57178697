"""Everyone who uses the admin may read the import history (each manager only their own jobs:
the listing is narrowed in wagtail_hooks) and their own export history.

Not named `roles.py` on purpose: home's 0003_roles migration merges every app's `roles.py`
while this app's model (hence its permission) does not exist yet, and fails. Granted by
migration 0002 (MODEL_PERMISSIONS) and 0004 (EXPORT_PERMISSIONS, once ExportJob exists)."""

from home.roles import MODERATORS, PROGRAMME_STAFF, VENUE_MANAGERS

MODEL_PERMISSIONS = {
    PROGRAMME_STAFF: {"spreadsheets.view_importjob"},
    MODERATORS: {"spreadsheets.view_importjob"},
    VENUE_MANAGERS: {"spreadsheets.view_importjob"},
}

EXPORT_PERMISSIONS = {
    PROGRAMME_STAFF: {"spreadsheets.view_exportjob"},
    MODERATORS: {"spreadsheets.view_exportjob"},
    VENUE_MANAGERS: {"spreadsheets.view_exportjob"},
}
