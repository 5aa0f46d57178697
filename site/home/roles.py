"""The three roles, as Django groups with their permissions: one table, synchronised after
every `migrate` (a post_migrate receiver, connected in HomeConfig.ready) and by load_demo_data.
Each app adds its own models' permissions in its `roles.py`, found by autodiscover_modules.
"""

import sys

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS
from django.utils.module_loading import autodiscover_modules

PROGRAMME_STAFF = "Équipe programmes"
MODERATORS = "Modération"
VENUE_MANAGERS = "Responsables de lieu"
ROLES = (PROGRAMME_STAFF, MODERATORS, VENUE_MANAGERS)


def crud(app_label, model, actions=("add", "change", "delete", "view")):
    """The permissions "app.action_model" of `actions` (all four by default) on a model."""
    return {f"{app_label}.{action}_{model}" for action in actions}


# Everyone who uses the admin reads the import and the export history — each their own jobs
# only (spreadsheets: JobQuerySet.for_user, views.export_jobs_visible_to). The permission
# « spreadsheets.view_all_jobs » (others' import jobs, except personal data) is given to no role.
# (Granted on a fresh database by spreadsheets' migrations 0002 and 0004.)
SPREADSHEET_HISTORIES = {"spreadsheets.view_importjob", "spreadsheets.view_exportjob"}

# Model permissions per role, as "app_label.codename".
MODEL_PERMISSIONS = {
    PROGRAMME_STAFF: {
        "wagtailadmin.access_admin",
        *SPREADSHEET_HISTORIES,
        "places.access_all_venues",
        *crud("places", "venue"),
        *crud("places", "sst"),
        *crud("places", "commune", ("change", "view")),
    },
    MODERATORS: {
        "wagtailadmin.access_admin",
        *SPREADSHEET_HISTORIES,
        "places.access_all_venues",
        *crud("places", "venue", ("view",)),
        *crud("places", "sst", ("view",)),
        *crud("places", "commune", ("view",)),
    },
    VENUE_MANAGERS: {
        "wagtailadmin.access_admin",
        *SPREADSHEET_HISTORIES,
        *crud("places", "venue", ("change", "view")),
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
    """Each installed app may add to the tables in its own `roles.py` (MODEL_PERMISSIONS,
    COLLECTION_PERMISSIONS), so that apps never edit this file for their own models."""
    autodiscover_modules("roles")
    for app_config in global_apps.get_app_configs():
        module = sys.modules.get(f"{app_config.name}.roles")
        if module is not None and module is not sys.modules[__name__]:
            yield module


def role_permissions(table_name, role):
    merged = set(globals()[table_name].get(role, set()))
    for module in _app_role_tables():
        merged |= set(getattr(module, table_name, {}).get(role, set()))
    return merged


def _permission(Permission, dotted, using):
    """The permission, or None when its model is not installed."""
    app_label, codename = dotted.split(".", 1)
    return (
        Permission.objects.using(using)
        .filter(content_type__app_label=app_label, codename=codename)
        .first()
    )


def ensure_permissions_exist(apps, using=DEFAULT_DB_ALIAS):
    """Django creates each app's permissions in its own post_migrate receiver, one app after the
    other; the roles need every app's at once. (Also called by spreadsheets' data migrations.)"""
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)  # None on migration stubs
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=using)
        app_config.models_module = models_module


def sync_roles(apps=global_apps, using=DEFAULT_DB_ALIAS):
    """Create the groups and give them exactly the permissions of the tables above (additive:
    a permission granted by hand to a group is kept)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    ensure_permissions_exist(apps, using)
    root_page = Page.objects.using(using).filter(depth=1).first()
    root_collection = Collection.objects.using(using).filter(depth=1).first()
    for role in ROLES:
        group, _ = Group.objects.using(using).get_or_create(name=role)
        for dotted in role_permissions("MODEL_PERMISSIONS", role):
            if permission := _permission(Permission, dotted, using):
                group.permissions.add(permission)
        if root_page is not None:
            for codename in PAGE_PERMISSIONS[role]:
                GroupPagePermission.objects.using(using).get_or_create(
                    group=group,
                    page=root_page,
                    permission=_permission(Permission, f"wagtailcore.{codename}", using),
                )
        if root_collection is not None:
            for dotted in role_permissions("COLLECTION_PERMISSIONS", role):
                if permission := _permission(Permission, dotted, using):
                    GroupCollectionPermission.objects.using(using).get_or_create(
                        group=group, collection=root_collection, permission=permission
                    )


def sync_roles_after_migrate(sender, apps=global_apps, using=DEFAULT_DB_ALIAS, **kwargs):
    """post_migrate receiver (home's): the migrations hold no role table, so that they stay
    frozen in time; the roles follow the code after each `migrate` (and after a test flush)."""
    try:
        for model in ("auth.Group", "wagtailcore.Page", "wagtailcore.GroupCollectionPermission"):
            apps.get_model(model)
    except LookupError:
        return  # a partial state (migrate … zero): nothing to grant yet
    sync_roles(apps, using)
