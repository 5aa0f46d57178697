"""Slugs of artists and works: made from the name or title when left empty, accents written
plainly, unique by suffix, editable; the same in spreadsheet imports."""

import pytest
from django.urls import reverse

from artworks.models import Artist, Artwork
from tests.artworks.factories import NO_ARTIST_LINKS, ArtistFactory, ArtworkFactory

pytestmark = pytest.mark.django_db


def url(model, action, *args):
    return reverse(f"wagtailsnippets_artworks_{model}:{action}", args=args)


def test_an_artist_saved_without_a_slug_gets_one_from_the_name(client, programme_staff):
    client.force_login(programme_staff)
    response = client.post(url("artist", "add"), {"name": "Véronique Ellena", "slug": ""})
    assert response.status_code == 302
    assert Artist.objects.get().slug == "veronique-ellena"
    # A namesake gets the next free suffix.
    client.post(url("artist", "add"), {"name": "Véronique Ellena", "slug": ""})
    client.post(url("artist", "add"), {"name": "Véronique  Ellena !", "slug": ""})
    assert sorted(Artist.objects.values_list("slug", flat=True)) == [
        "veronique-ellena",
        "veronique-ellena-2",
        "veronique-ellena-3",
    ]


def test_a_typed_accented_slug_is_written_plainly_not_refused(client, programme_staff):
    client.force_login(programme_staff)
    response = client.post(
        url("artist", "add"), {"name": "Hélène Délavault", "slug": "Hélène Délavault"}
    )
    assert response.status_code == 302
    assert Artist.objects.get().slug == "helene-delavault"


def test_a_slug_taken_by_another_artist_is_refused_in_french(client, programme_staff):
    ArtistFactory(name="Véronique Ellena", slug="veronique-ellena")
    client.force_login(programme_staff)
    response = client.post(url("artist", "add"), {"name": "V. Ellena", "slug": "veronique-ellena"})
    assert response.status_code == 200
    assert response.context["form"].errors["slug"] == [
        "L'identifiant « veronique-ellena » est déjà celui de « Véronique Ellena ». Choisissez-en "
        "un autre, ou laissez le champ vide pour qu'il soit créé automatiquement."
    ]
    assert Artist.objects.count() == 1


def test_a_slug_stays_editable_and_cleared_is_made_again(client, programme_staff):
    artist = ArtistFactory(name="Véronique Ellena", slug="ellena")
    client.force_login(programme_staff)
    edit = url("artist", "edit", artist.pk)
    assert client.post(edit, {"name": artist.name, "slug": "v-ellena"}).status_code == 302
    artist.refresh_from_db()
    assert artist.slug == "v-ellena"
    assert client.post(edit, {"name": artist.name, "slug": ""}).status_code == 302
    artist.refresh_from_db()
    assert artist.slug == "veronique-ellena"


def test_a_work_saved_without_a_slug_gets_one_from_its_title(client, programme_staff):
    ArtworkFactory(title="Sans titre", slug="sans-titre")
    client.force_login(programme_staff)
    response = client.post(
        url("artwork", "add"),
        {
            "inventory_number": "FDAC 2009.14",
            "slug": "",
            "title": "Sans titre",
            "public_display_allowed": "on",
            **NO_ARTIST_LINKS,
        },
    )
    assert response.status_code == 302
    assert Artwork.objects.get(inventory_number="FDAC 2009.14").slug == "sans-titre-2"
    response = client.post(
        url("artwork", "add"),
        {
            "inventory_number": "FDAC 2010.3",
            "slug": "",
            "title": "Clairs Obscurs, la fenêtre",
            **NO_ARTIST_LINKS,
        },
    )
    assert response.status_code == 302
    assert Artwork.objects.get(inventory_number="FDAC 2010.3").slug == "clairs-obscurs-la-fenetre"


def test_a_long_title_keeps_its_suffixed_slug_within_the_field_length():
    long_title = "Œuvre " + "très " * 40
    first = ArtworkFactory(title=long_title, slug="")
    second = ArtworkFactory(title=long_title, slug="")
    assert len(first.slug) <= 80 and len(second.slug) <= 80
    assert second.slug.endswith("-2") and first.slug != second.slug


def test_the_name_fills_the_slug_while_typed_on_a_new_record_only(client, programme_staff):
    from bs4 import BeautifulSoup

    client.force_login(programme_staff)
    add = BeautifulSoup(client.get(url("artist", "add")).content, "html.parser")
    name = add.select_one("#id_name")
    assert name["data-w-sync-target-value"] == "#id_slug"
    assert "keyup->w-sync#apply" in name["data-action"]
    slug = add.select_one("#id_slug")
    assert slug["data-controller"] == "w-slug" and not slug.has_attr("required")
    assert not slug.has_attr("data-w-slug-allow-unicode-value")  # plain ASCII, as the server

    artist = ArtistFactory(name="Véronique Ellena", slug="veronique-ellena")
    edit = BeautifulSoup(client.get(url("artist", "edit", artist.pk)).content, "html.parser")
    assert "w-sync#apply" not in (edit.select_one("#id_name").get("data-action") or "")
    work = BeautifulSoup(client.get(url("artwork", "add")).content, "html.parser")
    assert work.select_one("#id_title")["data-w-sync-target-value"] == "#id_slug"
