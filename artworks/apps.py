from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArtworksConfig(AppConfig):
    name = "artworks"
    verbose_name = _("Collection FDAC")

    def ready(self):
        from django.db.models.signals import post_delete, post_save, pre_save
        from wagtail.images import get_image_model

        from artworks import image_rights
        from artworks.models import Artwork, MediationSession, Placement
        from artworks.models.placements import delete_condition_photos
        from places.scoping import register_venue_scoped_model

        post_delete.connect(delete_condition_photos, sender=Placement)
        pre_save.connect(image_rights.remember_previous_image, sender=Artwork)
        post_save.connect(image_rights.artwork_saved, sender=Artwork)
        post_delete.connect(image_rights.artwork_deleted, sender=Artwork)
        post_save.connect(image_rights.image_saved, sender=get_image_model())

        register_venue_scoped_model(Placement)
        register_venue_scoped_model(MediationSession)

        from artworks import search_index, showcase, sitemaps

        search_index.connect()
        showcase.register()
        sitemaps.register()

        from artworks import agenda

        agenda.register()

        from artworks import cache_tags

        cache_tags.register()
