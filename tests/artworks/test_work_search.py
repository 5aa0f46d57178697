"""Works are found by inventory number, title, series and artist name, in the listing and in
the chooser."""

import pytest
from django.urls import reverse

from tests.artworks.factories import ArtistFactory, ArtworkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def works():
    ellena = ArtistFactory(name="Véronique Ellena", slug="veronique-ellena")
    other = ArtistFactory(name="Jean Dupont", slug="jean-dupont")
    table = ArtworkFactory(
        inventory_number="FDAC 2009.14", title="La table", series="Clairs Obscurs"
    )
    table.artists.add(ellena)  # after the work's save: its index entry must follow
    chair = ArtworkFactory(inventory_number="FDAC 2011.3", title="La chaise", series="Intérieurs")
    chair.artists.add(other)
    return table, chair


def test_renaming_an_artist_updates_the_search_of_their_works(client, programme_staff, works):
    from wagtail.search.backends import get_search_backend

    from artworks.models import Artwork

    artist = works[0].artists.get()
    artist.name = "Véronique Ellena-Martin"
    artist.save()
    found = get_search_backend().autocomplete("Martin", Artwork)
    assert [w.inventory_number for w in found] == ["FDAC 2009.14"]


@pytest.mark.parametrize(
    "query", ["FDAC 2009.14", "2009.14", "Ellena", "Véronique Ellena", "Clairs Obscurs", "table"]
)
@pytest.mark.parametrize("where", ["listing", "chooser"])
def test_a_work_is_found_by_number_title_series_or_artist(
    client, programme_staff, works, query, where
):
    from artworks.models import Artwork

    viewset = Artwork.snippet_viewset
    url = (
        reverse(viewset.get_url_name("list"))
        if where == "listing"
        else reverse(viewset.chooser_viewset.get_url_name("choose_results"))
    )
    client.force_login(programme_staff)
    html = client.get(url, {"q": query}).content.decode()
    assert "La table" in html, query
    assert "La chaise" not in html, query
