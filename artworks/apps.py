from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArtworksConfig(AppConfig):
    name = "artworks"
    verbose_name = _("Collection FDAC")

    def ready(self):
        from artworks.models import MediationSession, Placement
        from places.scoping import register_venue_scoped_model

        register_venue_scoped_model(Placement)
        register_venue_scoped_model(MediationSession)

        from artworks import search_index

        search_index.connect()
