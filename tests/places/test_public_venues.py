"""Venues as real places: the public venue page (address, hours, contact, transport,
accessibility, map, directions, schema.org Place) and the venue directory (filters, pagination,
map with its text list, works on show now)."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page

from artworks.models import ArtworkProgrammePage
from home.models import HomePage
from places.models import Commune, VenueKind
from tests.artworks.factories import ArtistFactory, ArtworkFactory, PlacementFactory
from tests.factories import VenueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def programme_page(db):
    home = HomePage.objects.first() or Page.get_first_root_node()
    page = ArtworkProgrammePage(title="Un mois, une œuvre", slug="un-mois-une-oeuvre")
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def pole(db):
    return VenueFactory(
        name="Pôle social d'Asnières–Gennevilliers",
        code="pole-asnieres",
        address="9 rue de la Concorde",
        latitude=Decimal("48.922500"),
        longitude=Decimal("2.296900"),
        opening_hours="Lundi–vendredi : 8 h 30–17 h 30\nFermé le week-end",
        phone="01 99 00 10 01",
        email="pole.asnieres@exemple.fr",
        public_transport="Métro 13 : Les Agnettes",
        step_free_access=True,
        hearing_loop=True,
        accessibility_notes="Ascenseur vers la salle d'exposition.",
    )


def json_script(html, element_id):
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html)
    assert match, f"no JSON script #{element_id}"
    return json.loads(match.group(1))


def json_ld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD"
    return json.loads(match.group(1))


# --- the venue page ----------------------------------------------------------------------------


def test_venue_page_gives_address_hours_contact_transport_and_accessibility(
    client, programme_page, pole
):
    html = client.get(f"{programme_page.url}lieux/pole-asnieres/").content.decode()
    assert "9 rue de la Concorde" in html and "92600 Asnières-sur-Seine" in html
    assert "Lundi–vendredi : 8 h 30–17 h 30<br>Fermé le week-end" in html
    assert '<a href="tel:+33199001001">01 99 00 10 01</a>' in html
    assert '<a href="mailto:pole.asnieres@exemple.fr">' in html
    assert "Métro 13 : Les Agnettes" in html
    access = html.split('id="accessibilite"')[1].split("</section>")[0]
    assert "<li>Accès de plain-pied</li>" in access and "<li>Boucle magnétique</li>" in access
    assert "Toilettes adaptées" not in access
    assert "Ascenseur vers la salle d&#x27;exposition." in access


def test_venue_page_has_a_map_and_a_directions_link(client, programme_page, pole):
    html = client.get(f"{programme_page.url}lieux/pole-asnieres/").content.decode()
    options = json_script(html, "carte-lieu-donnees")
    assert options["markers"] == [
        {
            "lat": 48.9225,
            "lon": 2.2969,
            "name": "Pôle social d'Asnières–Gennevilliers",
            "address": "9 rue de la Concorde, 92600 Asnières-sur-Seine",
            "url": "",
            "summary": "",
        }
    ]
    assert options["tiles"]["url"] == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert "OpenStreetMap" in options["tiles"]["attribution"]
    assert options["icon"]["iconUrl"].endswith("leaflet/images/marker-icon.png")
    assert 'data-venue-map data-map-source="carte-lieu-donnees"' in html
    assert "/static/leaflet/leaflet.js" in html and "/static/places/venue-map.js" in html
    assert 'href="https://www.openstreetmap.org/directions?route=%3B48.922500%2C2.296900"' in html
    assert ">Itinéraire</a>" in html and 'href="geo:48.922500,2.296900"' in html


def test_venue_page_describes_a_schema_org_place(client, programme_page, pole):
    html = client.get(f"{programme_page.url}lieux/pole-asnieres/").content.decode()
    place = json_ld(html)
    assert place["@type"] == "Place"
    assert place["url"] == "http://testserver/un-mois-une-oeuvre/lieux/pole-asnieres/"
    assert place["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "9 rue de la Concorde",
        "postalCode": "92600",
        "addressLocality": "Asnières-sur-Seine",
        "addressRegion": "Hauts-de-Seine",
        "addressCountry": "FR",
    }
    assert place["geo"] == {"@type": "GeoCoordinates", "latitude": 48.9225, "longitude": 2.2969}
    assert place["telephone"] == "+33199001001"
    assert [f["name"] for f in place["amenityFeature"]] == [
        "accès de plain-pied",
        "boucle magnétique",
    ]


def test_json_ld_cannot_be_closed_by_a_venue_field(client, programme_page):
    VenueFactory(code="hostile", name="</script><script>alert(1)</script>")
    html = client.get(f"{programme_page.url}lieux/hostile/").content.decode()
    assert "<script>alert(1)" not in html
    assert json_ld(html)["name"] == "</script><script>alert(1)</script>"


def test_venue_without_coordinates_has_its_address_in_text_and_no_map(client, programme_page):
    VenueFactory(code="sans-carte", address="Grande Rue")
    html = client.get(f"{programme_page.url}lieux/sans-carte/").content.decode()
    assert "Grande Rue<br>92600 Asnières-sur-Seine" in html
    assert "carte-lieu-donnees" not in html and "geo:" not in html
    assert "https://www.openstreetmap.org/search?query=Grande+Rue%2C+92600" in html
    assert "appelez-le avant de venir" in html
    assert "geo" not in json_ld(html)


def test_venue_pages_allow_map_tiles_as_images_only(client, programme_page, pole):
    response = client.get(f"{programme_page.url}lieux/pole-asnieres/")
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert "https://tile.openstreetmap.org" in policy["img-src"]
    assert "tile.openstreetmap.org" not in policy["script-src"] + policy["connect-src"]
    assert finders.find("leaflet/leaflet.js") and finders.find("leaflet/images/marker-icon.png")


# --- the directory -----------------------------------------------------------------------------


def test_directory_lists_venues_with_the_works_on_show_now(client, programme_page, pole, today):
    artist = ArtistFactory(name="Véronique Ellena")
    PlacementFactory(
        artwork=ArtworkFactory(title="Clairs Obscurs, la table", artists=[artist]),
        venue=pole,
        start_date=today - datetime.timedelta(days=3),
        end_date=today + datetime.timedelta(days=20),
    )
    PlacementFactory(
        artwork=ArtworkFactory(title="Plus tard"),
        venue=pole,
        start_date=today + datetime.timedelta(days=30),
        end_date=today + datetime.timedelta(days=60),
    )
    VenueFactory(name="Collège Voltaire", kind=VenueKind.COLLEGE)
    VenueFactory(name="Lieu fermé", is_active=False)
    html = client.get(f"{programme_page.url}lieux/").content.decode()
    listing = html.split('id="liste-des-lieux"')[1]
    assert "Pôle social d&#x27;Asnières–Gennevilliers" in listing
    assert "Collège Voltaire" in listing and "Lieu fermé" not in html
    assert "Clairs Obscurs, la table</a>, Véronique Ellena" in listing
    assert "Plus tard" not in html
    assert "Aucune œuvre exposée en ce moment." in listing  # the collège
    assert "2 lieux." in html


def test_directory_map_has_every_located_venue_and_lists_them_in_text(client, programme_page, pole):
    VenueFactory(name="Sans coordonnées")
    html = client.get(f"{programme_page.url}lieux/").content.decode()
    markers = json_script(html, "carte-lieux-donnees")["markers"]
    assert [m["name"] for m in markers] == ["Pôle social d'Asnières–Gennevilliers"]
    assert markers[0]["url"] == "/un-mois-une-oeuvre/lieux/pole-asnieres/"
    assert markers[0]["summary"] == "Aucune œuvre exposée en ce moment"
    text_list = html.split('id="lieux-de-la-carte"')[1].split("</ul>")[0]
    assert 'href="/un-mois-une-oeuvre/lieux/pole-asnieres/"' in text_list
    assert "9 rue de la Concorde, 92600 Asnières-sur-Seine" in text_list


def test_directory_filters_by_commune_and_kind(client, programme_page):
    nanterre = Commune.objects.get(insee_code="92050")
    VenueFactory(name="CCAS de Nanterre", kind=VenueKind.CCAS, commune=nanterre)
    VenueFactory(name="Résidence Les Tilleuls", kind=VenueKind.RESIDENCE_SENIORS, commune=nanterre)
    VenueFactory(name="PMI Alma", kind=VenueKind.PMI)
    url = f"{programme_page.url}lieux/"
    by_commune = client.get(url, {"commune": "92050"}).content.decode()
    assert "CCAS de Nanterre" in by_commune and "Résidence Les Tilleuls" in by_commune
    assert "PMI Alma" not in by_commune.split('id="liste-des-lieux"')[1]
    assert "<h1>Les lieux à Nanterre</h1>" in by_commune
    both = client.get(url, {"commune": "92050", "type": "ccas"}).content.decode()
    listing = both.split('id="liste-des-lieux"')[1]
    assert "CCAS de Nanterre" in listing and "Résidence Les Tilleuls" not in listing
    assert '<option value="ccas" selected>CCAS</option>' in both
    assert '<option value="college"' not in both  # only the kinds that have venues
    nothing = client.get(url, {"commune": "92050", "type": "pmi"}).content.decode()
    assert "Aucun lieu ne correspond à ces critères." in nothing


def test_directory_is_paginated_and_keeps_its_filters(client, programme_page):
    for i in range(30):
        VenueFactory(name=f"Collège {i:02d}", kind=VenueKind.COLLEGE)
    VenueFactory(name="PMI hors filtre", kind=VenueKind.PMI)
    url = f"{programme_page.url}lieux/"
    first = client.get(url, {"type": "college"}).content.decode()
    assert "Collège 23" in first and "Collège 24" not in first.split('id="liste-des-lieux"')[1]
    assert "Page 1 sur 2" in first
    assert 'href="?type=college&amp;page=2" rel="next"' in first
    second = client.get(url, {"type": "college", "page": "2"}).content.decode()
    listing = second.split('id="liste-des-lieux"')[1]
    assert "Collège 24" in listing and "Collège 29" in listing and "Collège 00" not in listing
    assert "PMI hors filtre" not in listing
    for invalid in ("0", "-1", "99", "abc"):  # never silently the last page
        assert client.get(url, {"page": invalid}).status_code == 404


def test_directory_runs_the_same_number_of_queries_for_3_and_30_venues(
    client, programme_page, today
):
    def add(count):
        for _ in range(count):
            venue = VenueFactory(latitude=Decimal("48.9"), longitude=Decimal("2.29"))
            PlacementFactory(
                artwork=ArtworkFactory(artists=[ArtistFactory()]),
                venue=venue,
                start_date=today - datetime.timedelta(days=1),
                end_date=today + datetime.timedelta(days=10),
            )

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"{programme_page.url}lieux/").status_code == 200
        return len(captured)

    add(3)
    client.get(f"{programme_page.url}lieux/")
    small = queries()
    add(27)
    assert queries() == small


# --- the record --------------------------------------------------------------------------------


@pytest.mark.parametrize("phone", ["01 41 37 11 00", "0141371100", "+33 1 41 37 11 00", ""])
def test_french_phone_numbers_are_accepted(phone):
    VenueFactory.build(commune=Commune.objects.get(insee_code="92004"), phone=phone).full_clean(
        exclude=["commune"]
    )


@pytest.mark.parametrize("phone", ["12 34", "01 41 37 11", "tél. 01 41 37 11 00"])
def test_a_phone_number_that_is_not_french_is_refused_in_french(phone):
    venue = VenueFactory.build(phone=phone)
    with pytest.raises(ValidationError) as excinfo:
        venue.full_clean(exclude=["commune"])
    assert excinfo.value.message_dict["phone"] == [
        "Saisissez un numéro de téléphone français à 10 chiffres, par exemple "
        "01 41 37 11 00 ou +33 1 41 37 11 00."
    ]


def test_swapped_coordinates_are_refused_with_a_french_hint(db):
    venue = VenueFactory.build(latitude=Decimal("2.2969"), longitude=Decimal("48.9225"))
    with pytest.raises(ValidationError) as excinfo:
        venue.full_clean(exclude=["commune"])
    errors = excinfo.value.message_dict
    assert "Avez-vous inversé latitude et longitude ?" in errors["latitude"][0]
    assert "comprise entre 1,4 et 3,6" in errors["longitude"][0]


def test_coordinates_in_hauts_de_seine_are_accepted(db):
    venue = VenueFactory.build(latitude=Decimal("48.8924"), longitude=Decimal("2.2069"))
    venue.full_clean(exclude=["commune"])


def test_demo_venues_are_real_places_with_accessibility_notes(db):
    from demo import places as demo
    from places.models import Venue

    demo.load()
    demo.load()  # idempotent
    venues = list(Venue.objects.select_related("commune"))
    assert len(venues) == len(demo.DETAILS)
    for venue in venues:
        assert venue.address and venue.accessibility_notes and venue.opening_hours, venue
        assert venue.has_coordinates, venue
        venue.full_clean()  # phone format, coordinates in Île-de-France
    # Within a few kilometres of their commune: no venue lands in the wrong town.
    asnieres = Venue.objects.get(code="pole-social-dasnieres-gennevilliers")
    assert abs(float(asnieres.latitude) - 48.92) < 0.03 and asnieres.commune.name.startswith("Asn")


def test_the_venue_spreadsheet_carries_hours_transport_and_accessibility(db):
    from places.models import Venue
    from spreadsheets import registry
    from spreadsheets.reading import read_spreadsheet
    from spreadsheets.services import export, run_import
    from tests.spreadsheets.helpers import csv_bytes

    headers = ["Code", "Nom", "Type de lieu", "Code INSEE de la commune", "Latitude", "Longitude"]
    headers += ["Horaires d'ouverture", "Téléphone", "Transports en commun"]
    headers += ["Boucle magnétique", "Toilettes adaptées"]
    good = ["pmi-x", "PMI X", "PMI", "92004", "48,91", "2,28", "9 h–17 h", "01 99 00 00 01"]
    good += ["Bus 54", "oui", "non"]
    bad = ["pmi-y", "PMI Y", "PMI", "92004", "2,28", "48,91", "", "12 34", "", "", ""]
    venues = registry.get("lieux")
    sheet = read_spreadsheet(csv_bytes([headers, good]), "lieux.csv")
    assert run_import(venues, sheet).created == 1
    venue = Venue.objects.get(code="pmi-x")
    assert (venue.opening_hours, venue.public_transport) == ("9 h–17 h", "Bus 54")
    assert venue.hearing_loop and not venue.accessible_toilets
    report = run_import(venues, read_spreadsheet(csv_bytes([headers, bad]), "lieux.csv"))
    messages = " ".join(error["message"] for error in report.errors)
    assert "numéro de téléphone français" in messages and "inversé latitude" in messages
    exported = read_spreadsheet(export(venues, "csv"), "x.csv")
    row = dict(zip(exported.headers, exported.rows[0], strict=True))
    assert row["Boucle magnétique"] == "oui" and row["Transports en commun"] == "Bus 54"
