"""Migration 0008: the links of a work to its artists (former many-to-many table) are all kept
as ArtworkArtist rows, and come back on the way down."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("artworks", "0007_slugs_made_from_name_or_title")]
AFTER = [("artworks", "0008_artists_chosen_through_links")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_artist_links_are_kept():
    apps = migrate(BEFORE)
    try:
        Artist = apps.get_model("artworks", "Artist")
        Artwork = apps.get_model("artworks", "Artwork")
        zoe = Artist.objects.create(name="Zoé Martin", slug="zoe-martin")
        abel = Artist.objects.create(name="Abel Ré", slug="abel-re")
        duo = Artwork.objects.create(inventory_number="FDAC 1", slug="duo", title="Duo")
        solo = Artwork.objects.create(inventory_number="FDAC 2", slug="solo", title="Solo")
        Artwork.objects.create(inventory_number="FDAC 3", slug="sans", title="Sans artiste")
        duo.artists.add(zoe, abel)
        solo.artists.add(zoe)

        apps = migrate(AFTER)
        Link = apps.get_model("artworks", "ArtworkArtist")
        rows = list(
            Link.objects.order_by("artwork__inventory_number", "sort_order").values_list(
                "artwork__title", "artist__name", "sort_order"
            )
        )
        assert rows == [("Duo", "Abel Ré", 0), ("Duo", "Zoé Martin", 1), ("Solo", "Zoé Martin", 0)]
        Artwork = apps.get_model("artworks", "Artwork")
        assert sorted(a.name for a in Artwork.objects.get(title="Duo").artists.all()) == [
            "Abel Ré",
            "Zoé Martin",
        ]

        apps = migrate(BEFORE)
        Artwork = apps.get_model("artworks", "Artwork")
        assert Artwork.objects.get(title="Duo").artists.count() == 2
        assert Artwork.objects.get(title="Solo").artists.count() == 1
    finally:
        migrate([("artworks", "0008_artists_chosen_through_links")])
