from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class SpreadsheetsConfig(AppConfig):
    name = "spreadsheets"
    verbose_name = _("Imports et exports")

    def ready(self):
        # Each app registers its resources from its own `resources` module. The export
        # history's read-only policy and the roles' permissions on both histories are given by
        # the apps that define those rules (home.apps, home.roles).
        autodiscover_modules("resources")
