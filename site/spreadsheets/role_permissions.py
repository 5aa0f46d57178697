"""Everyone who uses the admin may read the import history and the export history — each
their own jobs only (ImportJobQuerySet.for_user, views.export_jobs_visible_to). The permission
« spreadsheets.view_all_jobs » (others' import jobs, except personal data) is given to no role.

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
