"""The public search finds programmes and events, with French stemming on PostgreSQL."""

import pytest
from django.db import connection

from tests.programmes import factories as f

pytestmark = pytest.mark.django_db


def search(client, query):
    return client.get("/recherche/", {"q": query}).content.decode()


def test_santé_finds_a_programme_titled_Santé(client):
    f.programme("Bus Santé Femmes", theme="sante")
    assert "Bus Santé Femmes" in search(client, "santé")
    assert "Bus Santé Femmes" in search(client, "SANTÉ")


def test_search_finds_events_by_their_description(client):
    programme = f.programme("Giga Séniors")
    f.event(programme, "Forum annuel", summary="Ateliers d'équilibre et de mémoire.")
    assert "Forum annuel" in search(client, "mémoire")


def test_private_events_are_not_found(client):
    programme = f.programme("Toutes culottées")
    f.event(
        programme, "Séance au collège", summary="Séance en classe confidentielle", is_public=False
    )
    # The page is live but not public: search lists it only if the page itself is reachable.
    html = search(client, "confidentielle")
    assert "Séance au collège" not in html


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="La racinisation française vient de la configuration « french » de PostgreSQL ; "
    "le moteur SQLite de Wagtail ne racinise pas.",
)
def test_prévention_finds_préventions_with_french_stemming(client):
    programme = f.programme("Giga la vie", theme="prevention")
    programme.summary = "Un forum où les collégiens découvrent les préventions utiles."
    programme.save_revision().publish()
    html = search(client, "prévention")
    assert "Giga la vie" in html


def test_an_event_made_private_leaves_the_search(client):
    programme = f.programme("Giga Séniors")
    event = f.event(programme, "Atelier discret", summary="Atelier confidentiel")
    assert "Atelier discret" in search(client, "confidentiel")
    event.is_public = False
    event.save_revision().publish()
    assert "Atelier discret" not in search(client, "confidentiel")
