"""Public requests routed from the pages of their path read once and kept in the cache, and
the site with its root page kept too (home.routing): the same answers as Wagtail's routing,
and any change of a page on the path seen on the next visit."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.programmes import factories as f

pytestmark = pytest.mark.django_db


def status(client, url):
    return client.get(url).status_code


def test_a_page_deep_in_the_tree_costs_no_query_per_level_once_kept(
    client, site_data, fragments_on
):
    url = site_data["event"]
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert status(client, url) == 200
    assert not [q for q in queries if "wagtailcore_site" in q["sql"]]
    assert not [q for q in queries if 'FROM "wagtailcore_page" WHERE' in q["sql"]
                and '"wagtailcore_page"."slug"' in q["sql"]]  # fmt: skip


def test_a_new_page_under_a_kept_path_is_found(client, site_data, fragments_on):
    event = site_data["objects"]["event"]
    programme = event.get_parent().specific
    assert status(client, site_data["event"]) == 200
    assert status(client, f"{site_data['programme']}goûter/") == 404
    f.event(programme, "Goûter", slug="gouter")
    assert status(client, f"{site_data['programme']}gouter/") == 200


def test_an_unpublished_parent_takes_its_subtree_off_at_once(client, site_data, fragments_on):
    event = site_data["objects"]["event"]
    assert status(client, site_data["event"]) == 200
    event.get_parent().specific.unpublish()
    assert status(client, site_data["event"]) == 404


def test_a_renamed_page_answers_at_its_new_address_only(client, site_data, fragments_on):
    event = site_data["objects"]["event"]
    old = site_data["event"]
    assert status(client, old) == 200
    event.slug = "nouvelle-adresse"
    event.save_revision().publish()
    assert status(client, old) == 404
    assert status(client, old.replace(old.rstrip("/").rsplit("/", 1)[1], "nouvelle-adresse")) == 200


def test_an_unpublished_page_answers_404_on_the_next_visit(client, site_data, fragments_on):
    event = site_data["objects"]["event"]
    assert status(client, site_data["event"]) == 200
    event.unpublish()
    assert status(client, site_data["event"]) == 404


def test_a_path_kept_for_a_parent_does_not_hide_its_children_from_the_cache(
    client, site_data, fragments_on
):
    """The pages kept for the programmes index serve a programme's address only if the
    programme is not among its children; otherwise they are read again, then kept too."""
    for url in (site_data["programme_index"], site_data["programme"], site_data["programme"]):
        assert status(client, url) == 200
    with CaptureQueriesContext(connection) as queries:
        assert status(client, site_data["programme"]) == 200
    assert not [q for q in queries if '"wagtailcore_page"."slug" =' in q["sql"]]
