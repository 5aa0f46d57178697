from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Accueil et site")

    def ready(self):
        from django.db.backends.signals import connection_created

        from home.cache import connect_invalidation
        from home.search import register_sqlite_fold

        connect_invalidation()
        connection_created.connect(register_sqlite_fold, dispatch_uid="home-search-fold")
