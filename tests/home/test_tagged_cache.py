"""The public page cache invalidates only the pages that show what changed (issue #16,
home.cache): each cached response carries the tags it was built from."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page

from artworks.models import Artwork, Placement, PlacementStatus
from home.cache import invalidate_public_pages
from programmes.models import EventPage
from tests.home.site_data import public_site
from tests.programmes import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(page_cache):
    site = public_site()
    other = f.programme("Sourires d'été")
    f.event(other, "Pique-nique solidaire", start=timezone.now() + datetime.timedelta(days=9))
    site["other_programme"] = other.url
    return site


def cached(client, url):
    """The page served from the cache: no query, and its bytes."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries) == 0, response.content


def warm(client, urls):
    bodies = {}
    for url in urls:
        client.get(url)
        from_cache, bodies[url] = cached(client, url)
        assert from_cache, f"{url} is not cached"
    return bodies


def test_publishing_an_event_refreshes_only_the_pages_that_show_it(client, site):
    event = site["objects"]["event"]
    venue = site["objects"]["venue"]
    urls = [
        site["other_programme"],
        site["programme"],
        site["agenda"],
        site["home"],
        site["venue"],
        site["work"],
    ]
    bodies = warm(client, urls)

    new = f.event(
        event.get_parent().specific,
        "Conférence sur le sommeil",
        start=timezone.now() + datetime.timedelta(days=1),
        venue=venue,
        live=False,
    )
    new.save_revision().publish()
    new = EventPage.objects.get(pk=new.pk)

    # Programme B: served from the cache, the very same bytes, no re-render.
    from_cache, body = cached(client, site["other_programme"])
    assert from_cache and body == bodies[site["other_programme"]]
    # A work's page does not list events.
    assert cached(client, site["work"]) == (True, bodies[site["work"]])
    # The pages that list the event are rendered again, with it.
    for url in (new.url, site["programme"], site["agenda"], site["home"], site["venue"]):
        from_cache, body = cached(client, url)
        assert not from_cache, url
        assert "Conférence sur le sommeil" in body.decode(), url
        assert cached(client, url)[0], f"{url} is cached again"


def test_unpublishing_an_event_takes_it_off_the_cached_agenda(client, site):
    event = site["objects"]["event"]
    warm(client, [site["agenda"], site["other_programme"]])
    EventPage.objects.get(pk=event.pk).unpublish()
    from_cache, body = cached(client, site["agenda"])
    assert not from_cache and event.title not in body.decode()
    assert cached(client, site["other_programme"])[0]


def test_saving_a_work_refreshes_its_page_and_un_mois_une_oeuvre(client, site):
    bodies = warm(client, [site["work"], site["umuo"], site["works"], site["other_programme"]])
    work = Artwork.objects.get(pk=site["objects"]["work"].pk)
    work.title = "Carnets de gare, nouvelle édition"
    work.save()
    for url in (site["work"], site["umuo"], site["works"]):
        from_cache, body = cached(client, url)
        assert not from_cache and "nouvelle édition" in body.decode(), url
    assert cached(client, site["other_programme"]) == (True, bodies[site["other_programme"]])


def test_saving_a_placement_refreshes_the_work_and_its_venue(client, site):
    warm(client, [site["work"], site["umuo"], site["venue"], site["other_programme"]])
    placement = Placement.objects.get(artwork=site["objects"]["work"])
    placement.end_date = timezone.localdate() + datetime.timedelta(days=60)
    placement.save()
    expected = f"{placement.end_date.day}"
    for url in (site["work"], site["umuo"], site["venue"]):
        from_cache, body = cached(client, url)
        assert not from_cache, url
    assert expected in cached(client, site["work"])[1].decode()
    assert cached(client, site["other_programme"])[0]


def test_an_import_refreshes_what_it_changed(client, site, programme_staff):
    """An import writes rows in bulk (no per-row signal) and then says so once
    (``spreadsheets.signals.rows_imported``, received by ``invalidate_public_pages``)."""
    warm(client, [site["venue"], site["work"], site["home"], site["other_programme"]])
    work = Artwork.objects.bulk_create([Artwork(title="Œuvre importée", slug="oeuvre-importee")])[0]
    today = timezone.localdate()
    Placement.objects.bulk_create(
        [
            Placement(
                artwork=work,
                venue=site["objects"]["venue"],
                start_date=today - datetime.timedelta(days=1),
                end_date=today + datetime.timedelta(days=10),
                status=PlacementStatus.INSTALLED,
            )
        ]
    )
    # The engine's signal as it sends it, by the staff member's import.
    for model in (Artwork, Placement):
        invalidate_public_pages(sender=model, model=model, created=1, updated=0, deleted=0)
    for url in (site["venue"], site["work"]):
        assert not cached(client, url)[0], url
    assert "Œuvre importée" in cached(client, site["venue"])[1].decode()
    assert cached(client, site["other_programme"])[0]


def test_an_import_of_a_private_model_refreshes_nothing_public(client, site):
    from programmes.models import FollowedSenior

    warm(client, [site["home"], site["agenda"]])
    invalidate_public_pages(sender=FollowedSenior, model=FollowedSenior, created=3)
    assert cached(client, site["home"])[0]
    assert cached(client, site["agenda"])[0]


def test_without_a_model_everything_is_refreshed(client, site):
    warm(client, [site["home"], site["other_programme"]])
    invalidate_public_pages()
    assert not cached(client, site["home"])[0]
    assert not cached(client, site["other_programme"])[0]


def test_a_page_rendered_while_what_it_shows_changed_is_not_kept(client, site, monkeypatch):
    """A change committed while a page renders: the old rendering is never stored."""
    from home import cache as page_cache_module

    original = page_cache_module.Collector

    class LateCollector(original):
        def __init__(self):
            super().__init__()
            page_cache_module.invalidate({f"programme:{site['programme_page'].pk}"})

    monkeypatch.setattr(page_cache_module, "Collector", LateCollector)
    client.get(site["programme"])
    monkeypatch.setattr(page_cache_module, "Collector", original)
    assert not cached(client, site["programme"])[0]


def test_deleting_or_moving_an_event_refreshes_the_agenda(client, site):
    event = EventPage.objects.get(pk=site["objects"]["event"].pk)
    warm(client, [site["agenda"], site["programme"]])
    event.delete()
    from_cache, body = cached(client, site["agenda"])
    assert not from_cache and event.title not in body.decode()
    assert event.title not in cached(client, site["programme"])[1].decode()

    other = EventPage.objects.get(title="Pique-nique solidaire")
    warm(client, [site["agenda"], site["other_programme"]])
    target = Page.objects.get(pk=site["programme_page"].pk)
    other.move(target, pos="last-child")
    assert not cached(client, site["agenda"])[0]
    assert "Pique-nique solidaire" not in cached(client, site["other_programme"])[1].decode()


def test_editors_and_the_admin_never_fill_nor_read_the_cache(client, site, programme_staff):
    warm(client, [site["home"]])
    client.force_login(programme_staff)
    assert not cached(client, site["home"])[0]
    assert "no-cache" in client.get("/admin/")["Cache-Control"]
