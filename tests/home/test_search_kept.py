# ruff: noqa: F811 - the fixtures of test_search, imported, are arguments of the tests
"""A query's results kept for a while (home.views, through home.fragments): the same query
asked again reads no source, and any change the public may see — a page published, made
private, a work renamed — shows on the next search."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from artworks.models import Artwork
from tests.home.test_search import collection, programme_page, result_titles, search  # noqa: F401
from tests.programmes import factories as f

pytestmark = pytest.mark.django_db


SOURCE_TABLES = ("artworks_artwork", "artworks_artist", "places_venue", "wagtailsearch_indexentry")


def queries_of(client, query, **params):
    """The page, and the queries it ran that read a source of the search."""
    with CaptureQueriesContext(connection) as queries:
        html = search(client, query, **params)
    return html, [q["sql"] for q in queries if any(t in q["sql"] for t in SOURCE_TABLES)]


def test_the_same_query_again_reads_no_source_and_shows_the_same_page(
    client, collection, fragments_on
):
    first, first_queries = queries_of(client, "Ellena")
    again, again_queries = queries_of(client, "Ellena")
    assert again == first
    assert "Véronique Ellena" in result_titles(again)
    assert "© ADAGP, Paris" in again  # the work's image kept with its credit
    assert first_queries
    assert again_queries == []


def test_kinds_and_pages_are_cut_from_the_kept_results(client, collection, fragments_on):
    for i in range(12):
        Artwork.objects.create(inventory_number=f"P {i}", slug=f"paysage-{i}", title=f"Paysage {i}")
    f.programme("Paysage du jour")
    search(client, "paysage")
    assert len(result_titles(search(client, "paysage", page=2))) == 3
    only_works = search(client, "paysage", type="oeuvre")
    assert "13 résultats" in only_works
    assert "Paysage du jour" not in result_titles(only_works)
    assert len(result_titles(search(client, "paysage", type="oeuvre", page=2))) == 2
    assert result_titles(search(client, "paysage", type="page")) == ["Paysage du jour"]


def test_a_page_published_after_a_search_is_found_on_the_next(client, collection, fragments_on):
    assert "Aucun résultat" in search(client, "trampoline")
    f.programme("Trampoline solidaire")
    assert result_titles(search(client, "trampoline")) == ["Trampoline solidaire"]


def test_a_record_changed_after_a_search_shows_at_once(client, collection, fragments_on):
    work = collection["work"]
    assert "Clairs Obscurs, la table" in result_titles(search(client, "table"))
    work.title = "Clairs Obscurs, la chaise"
    work.save()
    assert result_titles(search(client, "table")) == []


def test_a_page_made_private_after_a_search_is_no_longer_found(client, collection, fragments_on):
    programme = f.programme("Giga Séniors")
    assert "Giga Séniors" in result_titles(search(client, "seniors"))
    restriction = PageViewRestriction.objects.create(
        page=programme, restriction_type=PageViewRestriction.LOGIN
    )
    assert "Giga Séniors" not in result_titles(search(client, "seniors"))
    restriction.delete()
    assert "Giga Séniors" in result_titles(search(client, "seniors"))


def test_a_suggestion_is_kept_with_the_results(client, collection, fragments_on):
    first = search(client, "Elena")
    assert 'Vouliez-vous dire : <a href="?q=Ellena">Ellena</a> ?' in first
    again, queries = queries_of(client, "Elena")
    assert again == first
    assert queries == []
