from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Accueil et site")

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from home.cache import connect_invalidation
        from home.public_site import apply_public_url_after_migrate
        from home.search import register_sqlite_fold

        connect_invalidation()
        try:  # the spreadsheet engine says once per import what it wrote (in bulk, no signals)
            from spreadsheets.signals import rows_imported
        except ImportError:
            pass
        else:
            from home.cache import invalidate_public_pages

            rows_imported.connect(invalidate_public_pages, dispatch_uid="public-cache-import")
        connection_created.connect(register_sqlite_fold, dispatch_uid="home-search-fold")
        post_migrate.connect(
            apply_public_url_after_migrate, sender=self, dispatch_uid="home-public-site-url"
        )
