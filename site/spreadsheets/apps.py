import importlib
import importlib.util

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class SpreadsheetsConfig(AppConfig):
    name = "spreadsheets"
    verbose_name = _("Imports et exports")

    def ready(self):
        from home.audit import register_read_only
        from spreadsheets.models import ExportJob

        autodiscover_resources()
        # The export history is a record of what was asked: nobody edits or deletes it by hand.
        register_read_only(ExportJob)


def autodiscover_resources():
    """Import `<app>.resources` for every project app, so that each registers its resources."""
    for app in settings.PROJECT_APPS:
        if app != "spreadsheets" and importlib.util.find_spec(f"{app}.resources") is not None:
            importlib.import_module(f"{app}.resources")
