"""A work's artists become ArtworkArtist links (chosen in the edit form through Wagtail's
searchable, multiple artist chooser). The links of the former many-to-many table are copied,
in the artists' name order; the way back copies them into it again."""

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


def copy_links_forward(apps, schema_editor):
    Artwork = apps.get_model("artworks", "Artwork")
    ArtworkArtist = apps.get_model("artworks", "ArtworkArtist")
    Old = Artwork.artists.through
    links = []
    current, order = None, 0
    for artwork_id, artist_id in Old.objects.order_by(
        "artwork_id", "artist__name", "artist_id"
    ).values_list("artwork_id", "artist_id"):
        order = order + 1 if artwork_id == current else 0
        current = artwork_id
        links.append(ArtworkArtist(artwork_id=artwork_id, artist_id=artist_id, sort_order=order))
    ArtworkArtist.objects.bulk_create(links, batch_size=500)


def copy_links_backward(apps, schema_editor):
    Artwork = apps.get_model("artworks", "Artwork")
    ArtworkArtist = apps.get_model("artworks", "ArtworkArtist")
    Old = Artwork.artists.through
    Old.objects.bulk_create(
        [
            Old(artwork_id=artwork_id, artist_id=artist_id)
            for artwork_id, artist_id in ArtworkArtist.objects.values_list(
                "artwork_id", "artist_id"
            )
        ],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("artworks", "0007_slugs_made_from_name_or_title"),
    ]

    operations = [
        migrations.CreateModel(
            name="ArtworkArtist",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                (
                    "artist",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="artwork_links",
                        to="artworks.artist",
                        verbose_name="artiste",
                    ),
                ),
                (
                    "artwork",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="artist_links",
                        to="artworks.artwork",
                        verbose_name="œuvre",
                    ),
                ),
            ],
            options={
                "verbose_name": "artiste de l'œuvre",
                "verbose_name_plural": "artistes de l'œuvre",
                "ordering": ["sort_order"],
                "abstract": False,
            },
        ),
        # Every existing link is copied (in the artists' name order) before the old table goes.
        migrations.RunPython(copy_links_forward, copy_links_backward),
        migrations.RemoveField(model_name="artwork", name="artists"),
        migrations.AddField(
            model_name="artwork",
            name="artists",
            field=models.ManyToManyField(
                blank=True,
                related_name="artworks",
                through="artworks.ArtworkArtist",
                to="artworks.artist",
                verbose_name="artistes",
            ),
        ),
        migrations.AddConstraint(
            model_name="artworkartist",
            constraint=models.UniqueConstraint(
                fields=("artwork", "artist"), name="artwork_artist_once"
            ),
        ),
    ]
