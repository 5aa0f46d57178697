"""Migration 0004: existing condition photos (public Wagtail images) move to the private storage
and their Wagtail images — rows, originals and renditions — are deleted."""

from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.artworks.factories import png_file

BEFORE = [("artworks", "0003_roles")]
AFTER = [("artworks", "0005_condition_photos_fields")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_condition_photos_move_to_private_storage(settings, venue_a):
    apps = migrate(BEFORE)
    try:
        Image = apps.get_model("wagtailimages", "Image")
        Rendition = apps.get_model("wagtailimages", "Rendition")
        Placement = apps.get_model("artworks", "Placement")
        Artwork = apps.get_model("artworks", "Artwork")
        keep = Image.objects.create(
            title="Image d'œuvre",
            file=default_storage.save("original_images/oeuvre.png", png_file()),
            width=64,
            height=48,
        )
        photo_name = default_storage.save("original_images/constat.png", png_file(colour=(1, 2, 3)))
        photo = Image.objects.create(title="Installation — X", file=photo_name, width=64, height=48)
        rendition_name = default_storage.save("images/constat.max-165x165.png", png_file())
        Rendition.objects.create(
            image=photo, filter_spec="max-165x165", file=rendition_name, width=64, height=48
        )
        artwork = Artwork.objects.create(
            inventory_number="FDAC 1", slug="fdac-1", title="Œuvre", image=keep
        )
        placement = Placement.objects.create(
            artwork=artwork,
            venue_id=venue_a.pk,
            start_date="2025-01-01",
            end_date="2025-01-31",
            status="installed",
            install_photo=photo,
        )

        apps = migrate(AFTER)

        Image = apps.get_model("wagtailimages", "Image")
        placement = apps.get_model("artworks", "Placement").objects.get(pk=placement.pk)
        assert list(Image.objects.values_list("title", flat=True)) == ["Image d'œuvre"]
        assert apps.get_model("wagtailimages", "Rendition").objects.count() == 0
        media = Path(settings.MEDIA_ROOT)
        assert not (media / photo_name).exists() and not (media / rendition_name).exists()
        assert (media / "original_images/oeuvre.png").exists()
        assert placement.install_photo.name.startswith("artworks/constats/")
        assert (Path(settings.PRIVATE_MEDIA_ROOT) / placement.install_photo.name).exists()
        assert not placement.removal_photo
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_images_of_forbidden_works_leave_the_public_media(settings):
    apps = migrate([("artworks", "0005_condition_photos_fields")])
    try:
        Image = apps.get_model("wagtailimages", "Image")
        Rendition = apps.get_model("wagtailimages", "Rendition")
        Artwork = apps.get_model("artworks", "Artwork")
        images = {}
        for slug in ("interdite", "visible"):
            name = default_storage.save(f"original_images/{slug}.png", png_file())
            images[slug] = Image.objects.create(title=slug, file=name, width=64, height=48)
            Rendition.objects.create(
                image=images[slug],
                filter_spec="max-165x165",
                file=default_storage.save(f"images/{slug}.max-165x165.png", png_file()),
                width=64,
                height=48,
            )
            Artwork.objects.create(
                inventory_number=slug,
                slug=slug,
                title=slug,
                image=images[slug],
                public_display_allowed=slug == "visible",
            )

        apps = migrate([("artworks", "0006_forbidden_images_private")])

        Image = apps.get_model("wagtailimages", "Image")
        forbidden = Image.objects.get(title="interdite")
        assert forbidden.file.name.startswith("original_images/prive-")
        assert (Path(settings.PRIVATE_MEDIA_ROOT) / forbidden.file.name).is_file()
        media = Path(settings.MEDIA_ROOT)
        remaining = sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())
        assert remaining == ["images/visible.max-165x165.png", "original_images/visible.png"]
        assert list(
            apps.get_model("wagtailimages", "Rendition").objects.values_list(
                "image__title", flat=True
            )
        ) == ["visible"]
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
