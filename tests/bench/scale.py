"""Scale the demo data up for the load test: 1,000 works on show (and, once those apps have
them, 10,000 events and 200,000 attendance records). Run inside Django (manage.py shell)."""

import datetime
import random

from django.apps import apps
from django.db import transaction
from django.utils import timezone

WORKS = 1_000


@transaction.atomic
def scale_artworks():
    Artwork = apps.get_model("artworks", "Artwork")
    Artist = apps.get_model("artworks", "Artist")
    Placement = apps.get_model("artworks", "Placement")
    Venue = apps.get_model("places", "Venue")
    missing = WORKS - Artwork.objects.count()
    if missing <= 0:
        return
    rng = random.Random(92)
    artists = list(Artist.objects.all())
    venues = list(Venue.objects.all())
    start = Artwork.objects.count()
    works = Artwork.objects.bulk_create(
        Artwork(
            inventory_number=f"FDAC BENCH.{i:05d}",
            slug=f"oeuvre-bench-{i:05d}",
            title=f"Œuvre de charge n° {i}",
            series=rng.choice(["Lumières", "Rives", "Visages", "Clairs Obscurs"]),
            year=rng.randint(1970, 2023),
            technique="Tirage photographique",
        )
        for i in range(start, start + missing)
    )
    through = Artwork.artists.through
    through.objects.bulk_create(
        through(artwork_id=work.pk, artist_id=rng.choice(artists).pk) for work in works
    )
    today = timezone.localdate()
    Placement.objects.bulk_create(
        Placement(
            artwork=work,
            venue=rng.choice(venues),
            start_date=today - datetime.timedelta(days=rng.randint(0, 20)),
            end_date=today + datetime.timedelta(days=rng.randint(1, 40)),
            status="installed",
        )
        for work in works
    )


def scale():
    if apps.is_installed("artworks"):
        scale_artworks()
