from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Accueil et site")

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from home.audit import register_read_only
        from home.cache import connect_invalidation, invalidate_public_pages
        from home.public_site import apply_public_url_after_migrate
        from home.roles import sync_roles_after_migrate
        from home.search import register_sqlite_fold
        from home.search_indexing import defer_during_import, index_imported_rows
        from spreadsheets.models import ExportJob
        from spreadsheets.signals import rows_imported, rows_writing

        connect_invalidation()
        # An import writes in bulk (no post_save per record): the engine says when it is done.
        rows_imported.connect(invalidate_public_pages, dispatch_uid="public-cache-imported")
        # … and indexes the written records for search in one batch, after commit.
        rows_writing.connect(defer_during_import, dispatch_uid="search-index-deferred")
        rows_imported.connect(index_imported_rows, dispatch_uid="search-index-imported")
        # The export history is a record of what was asked: nobody edits or deletes it by hand.
        register_read_only(ExportJob)
        connection_created.connect(register_sqlite_fold, dispatch_uid="home-search-fold")
        post_migrate.connect(
            apply_public_url_after_migrate, sender=self, dispatch_uid="home-public-site-url"
        )
        post_migrate.connect(sync_roles_after_migrate, sender=self, dispatch_uid="home-roles")
