import importlib
import importlib.util

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class SpreadsheetsConfig(AppConfig):
    name = "spreadsheets"
    verbose_name = _("Imports et exports")

    def ready(self):
        # The export history's read-only policy and the roles' permissions on both histories
        # are given by the apps that define those rules (home.apps, home.roles).
        autodiscover_resources()


def autodiscover_resources():
    """Import `<app>.resources` for every project app, so that each registers its resources."""
    for app in settings.PROJECT_APPS:
        if app != "spreadsheets" and importlib.util.find_spec(f"{app}.resources") is not None:
            importlib.import_module(f"{app}.resources")
