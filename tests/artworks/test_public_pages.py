"""The public « Un mois, une œuvre » pages: content, rights rule, constant query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from artworks.models import Artwork, Placement
from tests.artworks.factories import (
    ArtistFactory,
    ArtworkFactory,
    ImageFactory,
    MediationSessionFactory,
    PlacementFactory,
)
from tests.factories import VenueFactory

pytestmark = pytest.mark.django_db


def build(count, today, images, artist, venues):
    """`count` placements: a third on show now, a third coming soon, a third past."""
    works = Artwork.objects.bulk_create(
        Artwork(
            inventory_number=f"FDAC T.{count}.{i}",
            slug=f"t-{count}-{i}",
            title=f"Œuvre {i}",
            series="Série test",
            image=images[i % len(images)],
        )
        for i in range(count)
    )
    artist.artworks.add(*works)
    offsets = [(-5, 20), (10, 40), (-90, -60)]
    Placement.objects.bulk_create(
        Placement(
            artwork=work,
            venue=venues[i % len(venues)],
            start_date=today + datetime.timedelta(days=offsets[i % 3][0]),
            end_date=today + datetime.timedelta(days=offsets[i % 3][1]),
        )
        for i, work in enumerate(works)
    )
    return works


def count_queries(client, url):
    client.get(url)  # first visit generates the renditions
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("route", ["", "artistes/ellena/", "lieux/lieu-q0/"])
def test_public_pages_run_the_same_number_of_queries_with_5_and_500_placements(
    client, programme_page, today, route
):
    images = ImageFactory.create_batch(3)
    artist = ArtistFactory(slug="ellena")
    venues = [VenueFactory(code=f"lieu-q{i}") for i in range(4)]
    url = programme_page.url + route
    build(5, today, images, artist, venues)
    small = count_queries(client, url)
    build(495, today, images, artist, venues)
    assert Placement.objects.count() == 500
    large = count_queries(client, url)
    print(f"{route or 'programme'}: {small} requêtes (5) / {large} (500)")
    assert small == large, (small, large)


def test_work_page_query_count_does_not_grow_with_its_history(client, programme_page, today):
    work = ArtworkFactory(slug="clairs-obscurs-1", image=ImageFactory())
    url = programme_page.url + "oeuvres/clairs-obscurs-1/"
    for i in range(2):
        PlacementFactory(
            artwork=work,
            start_date=today - datetime.timedelta(days=400 - 40 * i),
            end_date=today - datetime.timedelta(days=380 - 40 * i),
        )
    small = count_queries(client, url)
    for i in range(2, 9):
        PlacementFactory(
            artwork=work,
            start_date=today - datetime.timedelta(days=400 - 40 * i),
            end_date=today - datetime.timedelta(days=380 - 40 * i),
        )
    assert count_queries(client, url) == small


def test_programme_page_shows_this_months_works_by_commune_then_the_next_ones(
    client, programme_page, today
):
    from artworks.selectors import add_months, month_start
    from places.models import Commune

    next_month = add_months(month_start(today), 1)
    asnieres = VenueFactory(name="Pôle social d'Asnières")
    nanterre = VenueFactory(
        name="CCAS de Nanterre", commune=Commune.objects.get(insee_code="92050")
    )
    PlacementFactory(
        artwork=ArtworkFactory(title="Maintenant"),
        venue=asnieres,
        start_date=today - datetime.timedelta(days=2),
        end_date=today + datetime.timedelta(days=20),
    )
    PlacementFactory(
        artwork=ArtworkFactory(title="Bientôt"),
        venue=nanterre,
        start_date=next_month + datetime.timedelta(days=1),
        end_date=next_month + datetime.timedelta(days=30),
    )
    PlacementFactory(
        artwork=ArtworkFactory(title="Passée"),
        venue=asnieres,
        start_date=today - datetime.timedelta(days=90),
        end_date=today - datetime.timedelta(days=60),
    )
    html = client.get(programme_page.url).content.decode()
    now_part, soon_part = html.split('id="prochainement"')
    assert "Maintenant" in now_part and "Pôle social d&#x27;Asnières" in now_part
    assert asnieres.commune.name in now_part
    assert "Bientôt" in soon_part and "CCAS de Nanterre" in soon_part
    assert "Passée" not in html
    # The former commune filter now leads to the works index, filtered.
    response = client.get(programme_page.url, {"commune": "92050"})
    assert response.status_code == 302
    assert response["Location"] == programme_page.url + "oeuvres/?commune=92050"


def test_work_page_shows_facts_current_venue_past_venues_and_upcoming_sessions(
    client, programme_page, today
):
    artist = ArtistFactory(name="Véronique Ellena", slug="veronique-ellena")
    work = ArtworkFactory(
        title="Clairs Obscurs, la table",
        slug="clairs-obscurs-la-table",
        artists=[artist],
        technique="Photographie, tirage argentique",
        image=ImageFactory(),
        image_credit="Photo : Véronique Ellena",
        rights_notice="© ADAGP, Paris",
    )
    venue = VenueFactory(name="Pôle social d'Asnières–Gennevilliers", address="1 rue du Pôle")
    current = PlacementFactory(
        artwork=work,
        venue=venue,
        start_date=today - datetime.timedelta(days=5),
        end_date=today + datetime.timedelta(days=25),
    )
    PlacementFactory(
        artwork=work,
        venue=VenueFactory(name="PMI Alma"),
        start_date=today - datetime.timedelta(days=100),
        end_date=today - datetime.timedelta(days=70),
    )
    MediationSessionFactory(
        placement=current,
        starts_at=datetime.datetime.combine(
            today + datetime.timedelta(days=3), datetime.time(14), tzinfo=datetime.UTC
        ),
        led_by="artist",
        artist=artist,
    )
    html = client.get(programme_page.url + "oeuvres/clairs-obscurs-la-table/").content.decode()
    assert "Clairs Obscurs, la table" in html and "Photographie, tirage argentique" in html
    assert "1 rue du Pôle" in html and "PMI Alma" in html
    assert "Photo : Véronique Ellena" in html and "© ADAGP, Paris" in html
    assert "<img" in html
    assert "avec Véronique Ellena" in html
    artist_html = client.get(programme_page.url + "artistes/veronique-ellena/").content.decode()
    assert "Clairs Obscurs, la table" in artist_html


def test_no_image_at_all_on_the_public_site_when_rights_forbid_it(client, programme_page, today):
    image = ImageFactory(title="interdite")
    artist = ArtistFactory(slug="artiste-protege")
    work = ArtworkFactory(
        title="Œuvre protégée",
        slug="oeuvre-protegee",
        image=image,
        public_display_allowed=False,
        artists=[artist],
    )
    venue = VenueFactory(code="lieu-protege")
    PlacementFactory(
        artwork=work,
        venue=venue,
        start_date=today - datetime.timedelta(days=1),
        end_date=today + datetime.timedelta(days=10),
    )
    for path in [
        "",
        "oeuvres/oeuvre-protegee/",
        "artistes/artiste-protege/",
        "lieux/lieu-protege/",
    ]:
        html = client.get(programme_page.url + path).content.decode()
        assert "Œuvre protégée" in html, path
        assert "<img" not in html, path
        assert "/media/" not in html, path
    work.public_display_allowed = True
    work.save()
    assert "<img" in client.get(programme_page.url + "oeuvres/oeuvre-protegee/").content.decode()


def test_unknown_work_or_artist_gives_a_404(client, programme_page):
    assert client.get(programme_page.url + "oeuvres/inconnue/").status_code == 404
    assert client.get(programme_page.url + "artistes/inconnu/").status_code == 404


def test_the_page_may_live_under_the_home_page(programme_page):
    from artworks.models import ArtworkProgrammePage
    from home.models import HomePage

    assert HomePage in ArtworkProgrammePage.allowed_parent_page_models()
