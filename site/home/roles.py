"""The three roles, as Django groups with their permissions: one table, synchronised by data
migrations (and by load_demo_data), so that each app adds its permissions here when it lands.
"""

from django.contrib.auth.management import create_permissions

PROGRAMME_STAFF = "Équipe programmes"
MODERATORS = "Modération"
VENUE_MANAGERS = "Responsables de lieu"
ROLES = (PROGRAMME_STAFF, MODERATORS, VENUE_MANAGERS)


def _crud(app_label, model, actions=("add", "change", "delete", "view")):
    return {f"{app_label}.{action}_{model}" for action in actions}


# Everyone who uses the admin reads the import and the export history — each their own jobs
# only (spreadsheets: ImportJobQuerySet.for_user, views.export_jobs_visible_to). The permission
# « spreadsheets.view_all_jobs » (others' import jobs, except personal data) is given to no role.
# (Granted on a fresh database by spreadsheets' migrations 0002 and 0004.)
SPREADSHEET_HISTORIES = {"spreadsheets.view_importjob", "spreadsheets.view_exportjob"}

# Model permissions per role, as "app_label.codename".
MODEL_PERMISSIONS = {
    PROGRAMME_STAFF: {
        "wagtailadmin.access_admin",
        *SPREADSHEET_HISTORIES,
        "places.access_all_venues",
        *_crud("places", "venue"),
        *_crud("places", "sst"),
        *_crud("places", "commune", ("change", "view")),
    },
    MODERATORS: {
        "wagtailadmin.access_admin",
        *SPREADSHEET_HISTORIES,
        "places.access_all_venues",
        *_crud("places", "venue", ("view",)),
        *_crud("places", "sst", ("view",)),
        *_crud("places", "commune", ("view",)),
    },
    VENUE_MANAGERS: {
        "wagtailadmin.access_admin",
        *SPREADSHEET_HISTORIES,
        *_crud("places", "venue", ("change", "view")),
    },
}

# Page permissions on the whole tree (granted on the root page).
PAGE_PERMISSIONS = {
    PROGRAMME_STAFF: {"add_page", "change_page", "lock_page", "unlock_page"},
    MODERATORS: {"add_page", "change_page", "publish_page", "lock_page", "unlock_page"},
    VENUE_MANAGERS: set(),
}

# Image and document permissions on the root collection.
COLLECTION_PERMISSIONS = {
    PROGRAMME_STAFF: {
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    },
    MODERATORS: {
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    },
    VENUE_MANAGERS: {"wagtailimages.add_image", "wagtailimages.choose_image"},
}


def _app_role_tables():
    """Each project app may add to the tables in its own `roles.py` (MODEL_PERMISSIONS,
    COLLECTION_PERMISSIONS), so that apps never edit this file for their own models."""
    import importlib
    import importlib.util

    from django.conf import settings

    for app in settings.PROJECT_APPS:
        if app != "home" and importlib.util.find_spec(f"{app}.roles") is not None:
            yield importlib.import_module(f"{app}.roles")


def role_permissions(table_name, role):
    merged = set(globals()[table_name].get(role, set()))
    for module in _app_role_tables():
        merged |= set(getattr(module, table_name, {}).get(role, set()))
    return merged


def _permission(Permission, dotted):
    """The permission, or None while its model's migration has not run yet (an app's own
    data migration calls sync_roles again once its models exist)."""
    app_label, codename = dotted.split(".", 1)
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


def ensure_permissions_exist(apps):
    """Permissions are normally created after all migrations; a data migration needs them now."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def sync_roles(apps):
    """Create the groups and give them exactly the permissions of the tables above (additive:
    a permission granted by hand to a group is kept)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    ensure_permissions_exist(apps)
    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        for dotted in role_permissions("MODEL_PERMISSIONS", role):
            if permission := _permission(Permission, dotted):
                group.permissions.add(permission)
        if root_page is not None:
            for codename in PAGE_PERMISSIONS[role]:
                GroupPagePermission.objects.get_or_create(
                    group=group,
                    page=root_page,
                    permission=_permission(Permission, f"wagtailcore.{codename}"),
                )
        if root_collection is not None:
            for dotted in role_permissions("COLLECTION_PERMISSIONS", role):
                if permission := _permission(Permission, dotted):
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=root_collection, permission=permission
                    )
