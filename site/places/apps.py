from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "places"
    verbose_name = _("Territoire")

    def ready(self):
        from places.models import Venue
        from places.scoping import register_venue_scoped_model

        register_venue_scoped_model(Venue)
