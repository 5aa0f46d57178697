"""The public collection: works and artists indexes (filters, pagination, bounded queries), the
month's selection on the programme page, responsive images and JSON-LD."""

import datetime
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from artworks.models import Artwork, Placement
from places.models import Commune
from tests.artworks.factories import (
    ArtistFactory,
    ArtworkFactory,
    ImageFactory,
    PlacementFactory,
    png_file,
)
from tests.factories import VenueFactory

pytestmark = pytest.mark.django_db


def on_show(artwork, venue, today, days_left=20):
    return PlacementFactory(
        artwork=artwork,
        venue=venue,
        start_date=today - datetime.timedelta(days=3),
        end_date=today + datetime.timedelta(days=days_left),
    )


def titles(html):
    return re.findall(r'class="card-title"><a href="[^"]+">([^<]+)</a>', html)


def json_ld(html):
    """The page's own linked data: every page also ends with the site's Organization."""
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    own = [json.loads(b) for b in blocks if json.loads(b).get("@type") != "Organization"]
    assert len(own) == 1, blocks
    return own[0]


@pytest.fixture
def collection(today):
    """Two artists, four works: two on show now (Asnières, Nanterre), one forbidden online."""
    image = ImageFactory()
    ellena = ArtistFactory(name="Véronique Ellena", slug="veronique-ellena")
    renard = ArtistFactory(name="Hugo Renard", slug="hugo-renard")
    table = ArtworkFactory(
        title="Clairs Obscurs, la table",
        series="Clairs Obscurs",
        technique="Photographie, tirage argentique",
        image=image,
        artists=[ellena],
    )
    fenetre = ArtworkFactory(
        title="Clairs Obscurs, la fenêtre",
        series="Clairs Obscurs",
        technique="Photographie, tirage argentique",
        image=image,
        artists=[ellena],
    )
    aplats = ArtworkFactory(
        title="Aplats I", series="Aplats", technique="Acrylique sur toile", artists=[renard]
    )
    secret = ArtworkFactory(
        title="Œuvre protégée",
        series="Aplats",
        technique="Acrylique sur toile",
        image=ImageFactory(title="interdite"),
        public_display_allowed=False,
        artists=[renard],
    )
    asnieres = VenueFactory(name="Pôle social d'Asnières", code="pole-asnieres")
    nanterre = VenueFactory(
        name="CCAS de Nanterre",
        code="ccas-nanterre",
        commune=Commune.objects.get(insee_code="92050"),
    )
    on_show(table, asnieres, today)
    on_show(aplats, nanterre, today)
    return {
        "works": {"table": table, "fenetre": fenetre, "aplats": aplats, "secret": secret},
        "venues": {"asnieres": asnieres, "nanterre": nanterre},
    }


def test_works_index_lists_every_work_and_each_filter_narrows_it(
    client, programme_page, collection
):
    url = programme_page.url + "oeuvres/"
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert sorted(titles(html)) == sorted(w.title for w in collection["works"].values())
    assert '<details class="collection-filters" id="filtres">' in html  # folded, no filter
    assert "Exposée en ce moment :" in html and "(Nanterre)" in html

    def filtered(**params):
        return sorted(titles(client.get(url, params).content.decode()))

    assert filtered(artiste="veronique-ellena") == [
        "Clairs Obscurs, la fenêtre",
        "Clairs Obscurs, la table",
    ]
    assert filtered(serie="Aplats") == ["Aplats I", "Œuvre protégée"]
    assert filtered(technique="Acrylique sur toile") == ["Aplats I", "Œuvre protégée"]
    assert filtered(exposee="on") == ["Aplats I", "Clairs Obscurs, la table"]
    assert filtered(commune="92050") == ["Aplats I"]
    assert filtered(commune="92050", artiste="veronique-ellena") == []
    narrowed = client.get(url, {"serie": "Aplats"}).content.decode()
    assert '<details class="collection-filters" id="filtres" open>' in narrowed
    assert "1 filtre actif" in narrowed


def test_works_index_reports_a_value_it_does_not_offer_and_applies_the_others(
    client, programme_page, collection
):
    response = client.get(
        programme_page.url + "oeuvres/", {"artiste": "inconnu", "serie": "Clairs Obscurs"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sélectionnez un choix valide" in html
    assert sorted(titles(html)) == ["Clairs Obscurs, la fenêtre", "Clairs Obscurs, la table"]


def test_commune_filter_offers_only_communes_where_works_are_on_show(
    client, programme_page, collection
):
    html = client.get(programme_page.url + "oeuvres/").content.decode()
    select = html.split('name="commune"')[1].split("</select>")[0]
    options = re.findall(r'<option value="(\d+)"', select)
    assert sorted(options) == ["92004", "92050"]


@pytest.mark.parametrize("page", ["0", "-1", "999", "abc", "1.5"])
def test_a_page_number_outside_the_list_is_a_404_never_the_last_page(
    client, programme_page, collection, monkeypatch, page
):
    monkeypatch.setattr("artworks.models.pages.WORKS_PER_PAGE", 3)
    monkeypatch.setattr("artworks.models.pages.ARTISTS_PER_PAGE", 1)
    assert client.get(programme_page.url + "oeuvres/", {"page": page}).status_code == 404
    assert client.get(programme_page.url + "artistes/", {"page": page}).status_code == 404


def test_works_index_is_numbered_and_its_links_keep_the_filters(
    client, programme_page, collection, monkeypatch
):
    monkeypatch.setattr("artworks.models.pages.WORKS_PER_PAGE", 3)
    url = programme_page.url + "oeuvres/"
    first = client.get(url).content.decode()
    assert len(titles(first)) == 3
    assert 'href="?page=2"' in first and 'aria-current="page">1<' in first
    second = client.get(url, {"page": "2"}).content.decode()
    assert len(titles(second)) == 1
    assert set(titles(first)).isdisjoint(titles(second))
    monkeypatch.setattr("artworks.models.pages.WORKS_PER_PAGE", 1)
    filtered = client.get(url, {"serie": "Aplats"}).content.decode()
    assert 'href="?serie=Aplats&amp;page=2"' in filtered
    assert client.get(url, {"page": ""}).status_code == 200


def test_artists_index_shows_each_artist_with_a_work_image_and_links_to_their_page(
    client, programme_page, collection
):
    html = client.get(programme_page.url + "artistes/").content.decode()
    assert f'href="{programme_page.url}artistes/veronique-ellena/"' in html
    assert f'href="{programme_page.url}artistes/hugo-renard/"' in html
    assert "2 œuvres dans la collection" in html
    ellena_card, renard_card = (
        html.split('class="card artist-card"')[1],
        html.split('class="card artist-card"')[2],
    )
    if "Hugo Renard" in ellena_card:
        ellena_card, renard_card = renard_card, ellena_card
    assert "<img" in ellena_card and "srcset=" in ellena_card
    # Hugo Renard's only work with an image may not be shown online: no image at all.
    assert "<img" not in renard_card.split("</li>")[0]


def test_artists_index_prefers_the_portrait(client, programme_page, collection):
    portrait = ImageFactory(title="portrait")
    artist = collection["works"]["table"].artists.get()
    artist.portrait = portrait
    artist.save()
    html = client.get(programme_page.url + "artistes/").content.decode()
    card = next(c for c in html.split('class="card artist-card"')[1:] if artist.name in c)
    assert "fill-240x240" in card and "fill-480x480" in card
    assert 'alt=""' in card


def test_cards_have_responsive_images_lazy_below_the_first_row(client, programme_page, today):
    image = ImageFactory(file=png_file(size=(1200, 900)))
    for i in range(6):
        ArtworkFactory(title=f"Œuvre {i:02d}", image=image)
    html = client.get(programme_page.url + "oeuvres/").content.decode()
    images = re.findall(r"<img [^>]+>", html)
    assert len(images) == 6
    for tag in images:
        assert re.search(r'srcset="[^"]+ 400w, [^"]+ 800w"', tag), tag
        assert 'sizes="' in tag and 'width="' in tag and 'height="' in tag
    assert [re.search(r'loading="(\w+)"', tag).group(1) for tag in images] == [
        "eager",
        "eager",
        "eager",
        "eager",
        "lazy",
        "lazy",
    ]
    detail = client.get(programme_page.url + f"oeuvres/{Artwork.objects.first().slug}/")
    assert re.search(r'<img [^>]*srcset="[^"]+ 480w, [^"]+ 960w"', detail.content.decode())


def test_programme_page_shows_a_bounded_selection_spread_over_the_communes(
    client, programme_page, today
):
    image = ImageFactory()
    communes = [Commune.objects.get(insee_code=code) for code in ("92004", "92050", "92036")]
    venues = [VenueFactory(commune=c, code=f"lieu-{c.insee_code}") for c in communes]
    works = Artwork.objects.bulk_create(
        Artwork(inventory_number=f"FDAC P.{i}", slug=f"p-{i}", title=f"Œuvre {i}", image=image)
        for i in range(20)
    )
    # 16 works in the first commune, 2 in each of the others.
    for i, work in enumerate(works):
        venue = venues[0] if i < 16 else venues[1 + i % 2]
        Placement.objects.create(
            artwork=work,
            venue=venue,
            start_date=today - datetime.timedelta(days=1),
            end_date=today + datetime.timedelta(days=10),
        )
    html = client.get(programme_page.url).content.decode()
    for onward in ("oeuvres/", "artistes/", "lieux/"):  # the collection's indexes and the map
        assert f'href="{programme_page.url}{onward}"' in html
    month_part = html.split('id="prochainement"')[0]
    assert month_part.count('class="card artwork-card"') == 12
    for commune in communes:
        assert f'id="commune-{commune.insee_code}"' in month_part
    first_group = month_part.split(f'id="commune-{communes[0].insee_code}"')[1].split("</section>")[
        0
    ]
    assert first_group.count('class="card artwork-card"') == 8  # 12 - 2 - 2
    assert f'href="{programme_page.url}oeuvres/?commune={communes[0].insee_code}"' in first_group
    assert "20 œuvres à voir ce mois-ci dans 3 communes" in month_part
    assert f'href="{programme_page.url}oeuvres/?exposee=on"' in month_part


def test_work_page_json_ld_describes_the_work_its_artist_and_its_exhibition(
    client, programme_page, collection, today
):
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "oeuvres.example.org", 443
    site.save()
    work = collection["works"]["table"]
    work.inventory_number = "FDAC 2009.14"
    work.save()
    root = "https://oeuvres.example.org"
    response = client.get(programme_page.url + f"oeuvres/{work.slug}/")
    html = response.content.decode()
    assert "Exposée en ce moment : " in html
    assert f'href="{programme_page.url}lieux/pole-asnieres/"' in html
    graph = json_ld(html)["@graph"]
    artwork, event = graph
    assert artwork["@type"] == "VisualArtwork"
    assert artwork["name"] == "Clairs Obscurs, la table"
    assert artwork["identifier"] == "FDAC 2009.14"
    assert artwork["artform"] == "Photographie"
    assert artwork["artMedium"] == "Photographie, tirage argentique"
    assert artwork["creator"] == [
        {
            "@type": "Person",
            "name": "Véronique Ellena",
            "url": f"{root}{programme_page.url}artistes/veronique-ellena/",
        }
    ]
    assert artwork["image"].startswith(f"{root}/media/")
    assert artwork["url"] == f"{root}{programme_page.url}oeuvres/{work.slug}/"
    assert event["@type"] == "ExhibitionEvent"
    assert event["startDate"] == (today - datetime.timedelta(days=3)).isoformat()
    assert event["workFeatured"] == {"@id": artwork["@id"]}
    place = event["location"]
    assert place["@type"] == "Place" and place["name"] == "Pôle social d'Asnières"
    assert place["address"]["addressLocality"] == collection["venues"]["asnieres"].commune.name
    assert place["address"]["addressCountry"] == "FR"
    assert "localhost" not in html.split('application/ld+json">')[1].split("</script>")[0]


def test_work_page_json_ld_has_no_image_and_no_event_when_none_apply(
    client, programme_page, collection
):
    secret = collection["works"]["secret"]
    html = client.get(programme_page.url + f"oeuvres/{secret.slug}/").content.decode()
    (artwork,) = json_ld(html)["@graph"]
    assert "image" not in artwork
    assert "<img" not in html and "/media/" not in html


def test_artist_page_json_ld_is_a_person_with_their_works(client, programme_page, collection):
    html = client.get(programme_page.url + "artistes/veronique-ellena/").content.decode()
    person, *works = json_ld(html)["@graph"]
    assert person["@type"] == "Person" and person["name"] == "Véronique Ellena"
    assert sorted(w["name"] for w in works) == [
        "Clairs Obscurs, la fenêtre",
        "Clairs Obscurs, la table",
    ]
    assert all(w["creator"] == {"@id": person["@id"]} for w in works)


def test_forbidden_images_stay_off_the_indexes(client, programme_page, collection):
    secret = collection["works"]["secret"]
    secret.image = collection["works"]["table"].image  # shared with displayable works
    secret.save()
    for path in ["oeuvres/", "artistes/", ""]:
        html = client.get(programme_page.url + path).content.decode()
        assert "<img" not in html, path
        assert "/media/" not in html, path


def build_works(count, today, image, artist, venues):
    works = Artwork.objects.bulk_create(
        Artwork(
            inventory_number=f"FDAC Q.{count}.{i}",
            slug=f"q-{count}-{i}",
            title=f"Œuvre {count}-{i}",
            series=f"Série {i % 4}",
            technique=f"Technique {i % 3}",
            image=image,
        )
        for i in range(count)
    )
    for work in works:
        work.artists.add(artist if artist else ArtistFactory())
    Placement.objects.bulk_create(
        Placement(
            artwork=work,
            venue=venues[i % len(venues)],
            start_date=today - datetime.timedelta(days=2),
            end_date=today + datetime.timedelta(days=20),
        )
        for i, work in enumerate(works)
        if i % 2 == 0
    )


def count_queries(client, url):
    client.get(url)  # the first visit makes the renditions
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "route",
    ["oeuvres/", "oeuvres/?exposee=on&serie=S%C3%A9rie+2", "artistes/", "artistes/?page=2"],
)
def test_indexes_run_the_same_number_of_queries_with_5_and_30_works(
    client, programme_page, today, monkeypatch, route
):
    monkeypatch.setattr("artworks.models.pages.ARTISTS_PER_PAGE", 4)
    image = ImageFactory()
    venues = [VenueFactory(code=f"lieu-n{i}") for i in range(3)]
    build_works(5, today, image, None, venues)
    url = programme_page.url + route
    small = count_queries(client, url)
    build_works(25, today, image, None, venues)
    large = count_queries(client, url)
    print(f"{route}: {small} requêtes (5 œuvres) / {large} (30 œuvres)")
    assert small == large, (small, large)
