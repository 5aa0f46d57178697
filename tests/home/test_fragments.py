"""Parts of public pages kept in the cache under a stamp of the content (home/fragments.py):
the same page for the visitor, fewer queries, and any change shown on the next visit without an
invalidation hook."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from home.fragments import content_stamp
from programmes.models import Occurrence
from tests.home.site_data import public_site
from tests.programmes import factories as f

pytestmark = pytest.mark.django_db

PAGES = (
    "home",
    "programme_index",
    "programme",
    "event",
    "umuo",
    "work",
    "artist",
    "venue",
    "venues",
    "works",
)


@pytest.fixture
def fragments_on(settings):
    settings.FRAGMENT_CACHE = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site_data(db):
    return public_site()


def visit(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode(), len(queries)


def test_a_page_read_from_the_fragments_is_the_same_and_costs_fewer_queries(
    client, site_data, fragments_on
):
    for name in PAGES:
        url = site_data[name]
        client.get(url)  # the first visit makes the renditions
        cache.clear()
        built, built_queries = visit(client, url)
        cached, cached_queries = visit(client, url)
        assert cached == built, name
        assert cached_queries < built_queries, (name, built_queries, cached_queries)


def test_a_new_date_shows_on_the_next_visit(client, site_data, fragments_on):
    programme = site_data["objects"]["event"].get_parent().specific
    visit(client, "/")
    visit(client, site_data["programme"])
    f.event(programme, "Goûter des familles", start=timezone.now() + datetime.timedelta(days=1))
    assert "Goûter des familles" in visit(client, "/")[0]
    assert "Goûter des familles" in visit(client, site_data["programme"])[0]


def test_a_moved_date_shows_on_the_next_visit(client, site_data, fragments_on):
    event = site_data["objects"]["event"]
    visit(client, site_data["event"])
    occurrence = Occurrence.objects.get(event=event)
    moved = occurrence.start + datetime.timedelta(days=2)
    occurrence.start, occurrence.end = moved, moved + datetime.timedelta(hours=2)
    occurrence.save()
    page = visit(client, site_data["event"])[0]
    assert timezone.localtime(moved).isoformat() in page  # the event's JSON-LD


def test_an_unpublished_page_leaves_the_menus_and_the_lists(client, site_data, fragments_on):
    index = f.programme_index()
    index.show_in_menus = True
    index.save_revision().publish()
    assert index.title in visit(client, site_data["legal_notice"])[0]
    programme = site_data["objects"]["event"].get_parent()
    assert programme.title in visit(client, site_data["programme_index"])[0]
    programme.unpublish()
    assert programme.title not in visit(client, site_data["programme_index"])[0]
    index.refresh_from_db()
    index.unpublish()
    assert f'href="{site_data["programme_index"]}"' not in visit(client, "/mentions-legales/")[0]


def test_the_stamp_is_read_once_per_request_and_follows_the_records(rf, site_data):
    request = rf.get("/")
    with CaptureQueriesContext(connection) as queries:
        first = content_stamp(request)
        assert content_stamp(request) == first
    assert len(queries) == 1
    Occurrence.objects.filter(event=site_data["objects"]["event"]).update(
        updated_at=timezone.now() + datetime.timedelta(seconds=5)
    )
    assert content_stamp(rf.get("/")) != first


def test_the_sitemap_read_from_the_cache_is_the_same_with_its_headers(
    client, site_data, fragments_on
):
    first = client.get("/sitemap.xml")
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/sitemap.xml")
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second.get("X-Robots-Tag") == first.get("X-Robots-Tag")
    assert len(queries) == 1  # the stamp
    assert site_data["work"].encode() in second.content
