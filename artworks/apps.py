from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArtworksConfig(AppConfig):
    name = "artworks"
    verbose_name = _("Collection FDAC")

    def ready(self):
        from django.db.models.signals import post_delete

        from artworks.models import MediationSession, Placement
        from artworks.models.placements import delete_condition_photos
        from places.scoping import register_venue_scoped_model

        post_delete.connect(delete_condition_photos, sender=Placement)

        register_venue_scoped_model(Placement)
        register_venue_scoped_model(MediationSession)
