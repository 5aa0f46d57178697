"""A work's artists are picked in Wagtail's artist chooser (searched by name, several at once)
rather than a bare multiple select; the links are kept in order, followed by the search, and
only the roles that pick artists see the chooser's list."""

import json

import pytest
from django.urls import reverse

from artworks.models import Artist, Artwork, ArtworkArtist
from tests.artworks.factories import ArtistFactory, ArtworkFactory, MediationSessionFactory

pytestmark = pytest.mark.django_db


def chooser_url(name):
    return reverse(Artist.snippet_viewset.chooser_viewset.get_url_name(name))


def edit_url(work):
    return reverse("wagtailsnippets_artworks_artwork:edit", args=[work.pk])


def links_data(*artists, initial=()):
    """The link forms the chooser adds to the work's form: existing ones then new ones."""
    data = {
        "artist_links-TOTAL_FORMS": str(len(initial) + len(artists)),
        "artist_links-INITIAL_FORMS": str(len(initial)),
        "artist_links-MIN_NUM_FORMS": "0",
        "artist_links-MAX_NUM_FORMS": "1000",
    }
    for i, (link, delete) in enumerate(initial):
        data.update(
            {
                f"artist_links-{i}-id": link.pk,
                f"artist_links-{i}-artist": link.artist_id,
                f"artist_links-{i}-ORDER": str(i + 1),
                f"artist_links-{i}-DELETE": "on" if delete else "",
            }
        )
    for j, artist in enumerate(artists, start=len(initial)):
        data.update(
            {
                f"artist_links-{j}-id": "",
                f"artist_links-{j}-artist": artist.pk,
                f"artist_links-{j}-ORDER": str(j + 1),
            }
        )
    return data


def found_by(query):
    """The works the admin search (listing, chooser) finds for `query`."""
    from wagtail.search.backends import get_search_backend

    return [work.title for work in get_search_backend().autocomplete(query, Artwork)]


def work_data(work, **extra):
    return {
        "inventory_number": work.inventory_number,
        "slug": work.slug,
        "title": work.title,
        "series": work.series,
        "public_display_allowed": "on",
        **extra,
    }


@pytest.fixture
def artists():
    return (
        ArtistFactory(name="Véronique Ellena", slug="veronique-ellena"),
        ArtistFactory(name="Jean Dupont", slug="jean-dupont"),
        ArtistFactory(name="Ellen Gallagher", slug="ellen-gallagher"),
    )


def test_the_work_form_offers_the_artist_chooser_not_a_bare_select(
    client, programme_staff, artists
):
    work = ArtworkFactory(artists=[artists[0]])
    client.force_login(programme_staff)
    html = client.get(edit_url(work)).content.decode()
    assert 'name="artists"' not in html
    assert "Ajouter : artiste" in html and "un(e)" not in html
    assert chooser_url("choose") in html  # the chooser the button opens
    # the work's current artist is shown as a chosen item of the panel
    assert 'name="artist_links-0-artist"' in html and "Véronique Ellena" in html


def test_the_chooser_finds_artists_by_name(client, programme_staff, artists):
    client.force_login(programme_staff)
    html = client.get(chooser_url("choose_results"), {"q": "Ellen"}).content.decode()
    assert "Véronique Ellena" in html and "Ellen Gallagher" in html
    assert "Jean Dupont" not in html
    html = client.get(chooser_url("choose_results"), {"q": "Dupont"}).content.decode()
    assert "Jean Dupont" in html and "Ellena" not in html


def test_several_artists_are_chosen_at_once(client, programme_staff, artists):
    client.force_login(programme_staff)
    response = client.get(chooser_url("chosen_multiple"), {"id": [artists[0].pk, artists[1].pk]})
    assert response.status_code == 200
    chosen = json.loads(response.content)["result"]
    assert sorted(item["string"] for item in chosen) == ["Jean Dupont", "Véronique Ellena"]


def test_chosen_artists_are_saved_in_order_and_found_by_the_work_search(
    client, programme_staff, artists
):
    work = ArtworkFactory(title="La table")
    client.force_login(programme_staff)
    response = client.post(edit_url(work), work_data(work, **links_data(artists[1], artists[0])))
    assert response.status_code == 302, response.content.decode()[:2000]
    links = ArtworkArtist.objects.filter(artwork=work).order_by("sort_order")
    assert [link.artist.name for link in links] == ["Jean Dupont", "Véronique Ellena"]
    assert set(work.artists.all()) == {artists[0], artists[1]}
    assert found_by("Ellena") == ["La table"]


def test_an_artist_is_removed_from_a_work_and_the_search_follows(client, programme_staff, artists):
    work = ArtworkFactory(title="La table", artists=[artists[0], artists[1]])
    client.force_login(programme_staff)
    initial = [
        (ArtworkArtist.objects.get(artwork=work, artist=artists[0]), True),
        (ArtworkArtist.objects.get(artwork=work, artist=artists[1]), False),
    ]
    response = client.post(edit_url(work), work_data(work, **links_data(initial=initial)))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(work.artists.all()) == [artists[1]]
    assert found_by("Ellena") == []
    assert found_by("Dupont") == ["La table"]


def test_the_same_artist_twice_is_refused(client, programme_staff, artists):
    work = ArtworkFactory()
    client.force_login(programme_staff)
    response = client.post(edit_url(work), work_data(work, **links_data(artists[0], artists[0])))
    assert response.status_code == 200
    assert ArtworkArtist.objects.filter(artwork=work).count() == 0


def test_a_venue_manager_picks_the_artist_of_a_mediation_session(
    client, manager_a, venue_a, artists
):
    """Venue managers have no artist rights but log mediation sessions led by an artist."""
    from tests.artworks.factories import PlacementFactory

    MediationSessionFactory(placement=PlacementFactory(venue=venue_a))
    client.force_login(manager_a)
    html = client.get(chooser_url("choose_results"), {"q": "Ellena"}).content.decode()
    assert "Véronique Ellena" in html


def test_a_role_that_picks_no_artist_gets_an_empty_chooser(client, artists):
    from tests.factories import UserFactory

    editor = UserFactory(username="redaction", groups=[], is_staff=False)
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    response = client.get(chooser_url("choose_results"), {"q": "Ellena"})
    assert "Véronique Ellena" not in response.content.decode()
    chosen = client.get(
        reverse(Artist.snippet_viewset.chooser_viewset.get_url_name("chosen"), args=[artists[0].pk])
    )
    assert chosen.status_code == 404
