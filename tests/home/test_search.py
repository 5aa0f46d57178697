"""The public search: one search across pages, works, artists and venues, accents and
ligatures folded, title matches first, a spelling suggested, nothing private found."""

import re

import pytest
from django.db import connection
from django.db.models import Value
from django.test.utils import CaptureQueriesContext

from artworks.models import Artwork, ArtworkProgrammePage
from home import search as site_search
from home.models import HomePage, StandardPage
from home.search import Folded, SearchQuery, fold
from places.models import Commune, VenueKind
from tests.artworks.factories import ArtistFactory, ArtworkFactory, ImageFactory
from tests.factories import VenueFactory
from tests.programmes import factories as f

pytestmark = pytest.mark.django_db


def search(client, query, **params):
    response = client.get("/recherche/", {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode()


def result_titles(html):
    """The result titles in the order shown."""
    return re.findall(r'<h2><a href="[^"]*">([^<]*)</a></h2>', html)


@pytest.fixture
def programme_page():
    page = ArtworkProgrammePage(title="Un mois, une œuvre", slug="un-mois-une-oeuvre")
    HomePage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def collection(programme_page):
    ellena = ArtistFactory(
        name="Véronique Ellena",
        slug="veronique-ellena",
        biography="Photographe, elle travaille la lumière naturelle.",
    )
    table = ArtworkFactory(
        title="Clairs Obscurs, la table",
        slug="clairs-obscurs-la-table",
        inventory_number="FDAC 2009.14",
        series="Clairs Obscurs",
        artists=[ellena],
        image_credit="Photo : Véronique Ellena",
        rights_notice="© ADAGP, Paris",
        image=ImageFactory(),
    )
    venue = VenueFactory(
        name="Centre social Louise Michel",
        code="centre-social-louise-michel",
        kind=VenueKind.CENTRE_SOCIAL,
        commune=Commune.objects.get(insee_code="92004"),
        address="12 rue des Écoles",
        phone="01 23 45 67 89",
    )
    return {"artist": ellena, "work": table, "venue": venue}


def test_folding_spells_out_ligatures_and_drops_accents():
    assert fold("Œuvre") == fold("OEUVRE") == fold("œuvre") == "oeuvre"
    assert fold("Santé") == "sante"
    assert SearchQuery.parse(" « Clairs  Obscurs », ").terms == ("clairs", "obscurs")


def test_the_database_folds_as_python_does():
    texts = ["Œuvre", "ŒUVRES d’ÉTÉ", "Ça, Noël à l'Haÿ-les-Roses", "Straße", "Ægir Ñandú"]
    values = (
        HomePage.objects.annotate(**{f"t{i}": Folded(Value(t)) for i, t in enumerate(texts)})
        .values(*(f"t{i}" for i in range(len(texts))))
        .first()
    )
    assert [values[f"t{i}"] for i in range(len(texts))] == [fold(t) for t in texts]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm est propre à PostgreSQL.")
def test_postgresql_suggests_through_trigrams(client, collection):
    assert site_search.trigram_available()
    assert site_search.suggest(SearchQuery.parse("Elena")) == "Ellena"


def test_the_python_fallback_suggests_on_every_database(client, collection, monkeypatch):
    monkeypatch.setattr(site_search, "trigram_available", lambda: False)
    assert site_search.suggest(SearchQuery.parse("Elena")) == "Ellena"
    assert site_search.suggest(SearchQuery.parse("Clers Obscurs")) == "Clairs Obscurs"


@pytest.mark.parametrize(
    "query, kind, title",
    [
        ("Clairs Obscurs", "Œuvre", "Clairs Obscurs, la table"),
        ("Ellena", "Artiste", "Véronique Ellena"),
        ("FDAC 2009.14", "Œuvre", "Clairs Obscurs, la table"),
        ("Louise Michel", "Lieu", "Centre social Louise Michel"),
    ],
)
def test_works_artists_and_venues_are_found(client, collection, query, kind, title):
    html = search(client, query)
    assert title in result_titles(html)
    assert f'<p class="search-result-kind">{kind}</p>' in html


def test_results_link_to_the_public_pages_of_the_collection(client, collection):
    html = search(client, "Ellena")
    assert 'href="/un-mois-une-oeuvre/artistes/veronique-ellena/"' in html
    # The work is found by its artist's name, its image shown with its credit.
    assert 'href="/un-mois-une-oeuvre/oeuvres/clairs-obscurs-la-table/"' in html
    assert "Photo : Véronique Ellena — © ADAGP, Paris" in html
    assert 'href="/un-mois-une-oeuvre/lieux/centre-social-louise-michel/"' in search(
        client, "louise michel"
    )
    for url in (
        "/un-mois-une-oeuvre/artistes/veronique-ellena/",
        "/un-mois-une-oeuvre/oeuvres/clairs-obscurs-la-table/",
        "/un-mois-une-oeuvre/lieux/centre-social-louise-michel/",
    ):
        assert client.get(url).status_code == 200


def test_venues_are_found_by_their_commune(client, collection):
    commune = collection["venue"].commune.name
    assert "Centre social Louise Michel" in result_titles(search(client, commune))


@pytest.mark.parametrize("query", ["oeuvre", "œuvre", "OEUVRE", "Œuvre", "ŒUVRE"])
def test_oeuvre_and_œuvre_are_the_same_word(client, query):
    home = HomePage.objects.get()
    home.add_child(
        instance=StandardPage(
            title="Les œuvres du FDAC", slug="oeuvres-fdac", introduction="Une sélection."
        )
    )
    home.add_child(
        instance=StandardPage(
            title="Prêter des oeuvres", slug="preter", introduction="Une démarche simple."
        )
    )
    titles = result_titles(search(client, query))
    assert "Les œuvres du FDAC" in titles
    assert "Prêter des oeuvres" in titles


def test_sante_finds_santé_and_the_title_match_comes_first(client):
    home = HomePage.objects.get()
    home.body = [("paragraph", "<p>La santé des femmes, la prévention et la culture.</p>")]
    home.save_revision().publish()
    f.programme("Bus Santé Femmes", theme="sante")
    for query in ("santé", "sante", "SANTE"):
        titles = result_titles(search(client, query))
        assert home.title in titles
        assert titles.index("Bus Santé Femmes") < titles.index(home.title)


def test_a_near_miss_suggests_the_right_spelling(client, collection):
    html = search(client, "Elena")
    assert 'Vouliez-vous dire : <a href="?q=Ellena">Ellena</a> ?' in html
    html = search(client, "Clair Obscur")
    assert "Vouliez-vous dire : <a" in html
    assert "Clairs Obscurs" in html.split("Vouliez-vous dire")[1].split("?</p>")[0]
    assert "Louise Michel" in search(client, "Louise Mishel").split("Vouliez-vous dire")[1]


def test_no_suggestion_when_the_query_finds_enough(client, collection):
    for i in range(3):
        ArtworkFactory(title=f"Clairs Obscurs {i}", artists=[collection["artist"]])
    assert "Vouliez-vous dire" not in search(client, "Ellena")


def test_an_unknown_word_says_so_in_french(client, collection):
    html = search(client, "zzzzintrouvable")
    assert "Aucun résultat pour « zzzzintrouvable »" in html
    assert "Vouliez-vous dire" not in html


def test_drafts_and_private_pages_are_not_found(client, collection):
    programme = f.programme("Atelier brouillon", live=False)
    public = f.programme("Giga Séniors")
    f.event(public, "Séance réservée", summary="Séance confidentielle", is_public=False)
    assert "Atelier brouillon" not in result_titles(search(client, "brouillon"))
    assert "Séance réservée" not in result_titles(search(client, "confidentielle"))
    assert "Giga Séniors" in result_titles(search(client, "seniors"))
    assert programme.title not in result_titles(search(client, "atelier"))


def test_the_collection_is_not_found_while_its_page_is_a_draft(client, collection, programme_page):
    programme_page.unpublish()
    html = search(client, "Ellena")
    assert "Véronique Ellena" not in html
    assert "Clairs Obscurs" not in html
    assert result_titles(search(client, "Louise Michel")) == []


def test_inactive_venues_are_not_found(client, collection):
    VenueFactory(name="Centre social fermé", is_active=False)
    assert result_titles(search(client, "fermé")) == []


def test_staff_only_fields_are_neither_searched_nor_shown(client, collection):
    work = collection["work"]
    work.handling_notes = "Caisse isotherme obligatoire"
    work.save()
    assert "Aucun résultat pour « isotherme »" in search(client, "isotherme")
    html = search(client, "Louise Michel")
    assert "01 23 45 67 89" not in html
    assert "Aucun résultat" in search(client, "01 23 45 67 89")


def test_a_work_whose_rights_forbid_display_is_found_without_its_image(client, collection):
    work = collection["work"]
    work.public_display_allowed = False
    work.save()
    html = search(client, "FDAC 2009.14")
    assert "Clairs Obscurs, la table" in result_titles(html)
    assert "<img" not in html
    assert "© ADAGP" not in html


def test_results_are_paginated_with_numbers_and_filtered_by_kind(client, collection):
    Artwork.objects.bulk_create(
        Artwork(inventory_number=f"FDAC 2010.{i}", slug=f"paysage-{i}", title=f"Paysage {i}")
        for i in range(25)
    )
    html = search(client, "paysage")
    assert "25 résultats pour « paysage »" in html
    assert len(result_titles(html)) == 10
    assert '<span class="visually-hidden">Page </span>3</a>' in html
    third = search(client, "paysage", page=3)
    assert len(result_titles(third)) == 5
    assert len(result_titles(search(client, "paysage", page=99))) == 5  # the last page
    only_venues = search(client, "a", type="lieu")
    assert set(result_titles(only_venues)) == {"Centre social Louise Michel"}


def test_a_search_runs_a_bounded_number_of_queries(client, collection):
    def queries_for(query):
        search(client, query)  # renditions and site settings made on the first visit
        search(client, query)  # the suggestions' vocabulary cached after that change
        with CaptureQueriesContext(connection) as queries:
            search(client, query)
        return len(queries)

    image = collection["work"].image

    def add_works(start, stop):
        Artwork.objects.bulk_create(
            Artwork(inventory_number=f"T {i}", slug=f"clairs-{i}", title=f"Clairs {i}", image=image)
            for i in range(start, stop)
        )

    add_works(0, 3)
    few = queries_for("clairs")
    add_works(3, 150)
    assert queries_for("clairs") == few


def test_a_suggestion_runs_a_bounded_number_of_queries(client, collection):
    def queries_for(query):
        search(client, query)  # the first visit creates the site settings (a change)
        search(client, query)  # the suggestions' vocabulary cached after that change
        with CaptureQueriesContext(connection) as queries:
            html = search(client, query)
        assert "Vouliez-vous dire" in html
        return len(queries)

    few = queries_for("Elena")
    ArtistFactory.create_batch(50)
    ArtworkFactory.create_batch(50)
    assert queries_for("Elena") == few


def test_an_artist_comes_before_a_page_that_only_mentions_them_in_a_long_title(client, collection):
    programme = f.programme("En route pour l'autonomie")
    f.event(programme, "Atelier de pratique photographique avec Véronique Ellena")
    titles = result_titles(search(client, "Ellena"))
    assert titles.index("Véronique Ellena") < titles.index(
        "Atelier de pratique photographique avec Véronique Ellena"
    )
