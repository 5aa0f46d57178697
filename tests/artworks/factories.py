import datetime
import io

import factory
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model

from artworks.models import Artist, Artwork, MediationSession, Placement
from tests.factories import VenueFactory


def png_file(name="oeuvre.png", colour=(120, 60, 30), size=(64, 48)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "PNG")
    buffer.seek(0)
    return ImageFile(buffer, name=name)


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_image_model()

    title = factory.Sequence(lambda n: f"Image {n}")
    file = factory.LazyFunction(png_file)


class ArtistFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Artist

    name = factory.Sequence(lambda n: f"Artiste {n}")
    slug = factory.Sequence(lambda n: f"artiste-{n}")


class ArtworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Artwork
        skip_postgeneration_save = True

    inventory_number = factory.Sequence(lambda n: f"FDAC 2000.{n}")
    slug = factory.Sequence(lambda n: f"fdac-2000-{n}")
    title = factory.Sequence(lambda n: f"Œuvre {n}")
    series = "Clairs Obscurs"
    year = 2008

    @factory.post_generation
    def artists(self, create, extracted, **kwargs):
        if create and extracted:
            self.artists.add(*extracted)


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    artwork = factory.SubFactory(ArtworkFactory)
    venue = factory.SubFactory(VenueFactory)
    start_date = datetime.date(2025, 1, 1)
    end_date = datetime.date(2025, 1, 31)


class MediationSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MediationSession

    placement = factory.SubFactory(PlacementFactory)
    starts_at = factory.LazyAttribute(
        lambda s: datetime.datetime.combine(
            s.placement.start_date, datetime.time(14, 0), tzinfo=datetime.UTC
        )
    )
    led_by = "mediator"
    leader_name = "Inès Médiatrice"
    audience = "families"


#: the empty « Artistes » panel of a work's form (its management form), as a browser posts it
NO_ARTIST_LINKS = {
    "artist_links-TOTAL_FORMS": "0",
    "artist_links-INITIAL_FORMS": "0",
    "artist_links-MIN_NUM_FORMS": "0",
    "artist_links-MAX_NUM_FORMS": "1000",
}
