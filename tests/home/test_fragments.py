"""Parts of public pages kept in the cache under the tags they declared (home/fragments.py):
the same page for the visitor, fewer queries, any change shown on the next visit, and the tags
handed on to the whole-page cache when a fragment is read from the cache."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from home import fragments
from home.cache import collecting, depends_on, invalidate
from programmes.models import Occurrence
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
    "agenda",
)


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


def test_a_fragment_lives_until_one_of_its_tags_changes_and_hands_them_on(rf, fragments_on):
    request = rf.get("/")
    builds = []

    def build():
        builds.append(1)
        depends_on("programme:1")
        return "valeur"

    with collecting():
        assert fragments.cached(request, "essai", build) == "valeur"
    with collecting() as page:
        assert fragments.cached(request, "essai", build) == "valeur"
    assert len(builds) == 1  # read from the cache…
    assert "programme:1" in page.tags  # …and the page built around it knows what it shows
    invalidate({"programme:2"})  # another programme: kept
    assert fragments.cached(request, "essai", build) == "valeur" and len(builds) == 1
    invalidate({"programme:1"})
    assert fragments.cached(request, "essai", build) == "valeur" and len(builds) == 2


def test_a_fragment_that_declared_nothing_follows_every_change(rf, fragments_on):
    request = rf.get("/")
    builds = []

    def build():
        builds.append(1)
        return "valeur"

    fragments.cached(request, "muet", build)
    fragments.cached(request, "muet", build)
    assert len(builds) == 1
    invalidate({"artworks.artwork:7"})
    fragments.cached(request, "muet", build)
    assert len(builds) == 2


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
    assert len(queries) == 0  # the cache alone
    assert site_data["work"].encode() in second.content


def test_saving_a_work_rebuilds_its_page_and_keeps_the_other_works(client, site_data, fragments_on):
    """Each page's fragment depends on what it shows, not on ``*``: a change of one work
    rebuilds that work's page only (issue 16)."""
    from tests.artworks.factories import ArtworkFactory, PlacementFactory

    work = site_data["objects"]["work"]
    today = timezone.localdate()
    other = ArtworkFactory(title="Le Jardin d'hiver", slug="jardin-d-hiver")
    PlacementFactory(
        artwork=other,
        venue=work.placements.first().venue,
        start_date=today - datetime.timedelta(days=2),
        end_date=today + datetime.timedelta(days=10),
    )
    other_url = site_data["work"].replace(work.slug, other.slug)
    for url in (site_data["work"], other_url, site_data["event"]):
        visit(client, url)
        visit(client, url)
    _, work_kept = visit(client, site_data["work"])
    _, other_kept = visit(client, other_url)
    _, event_kept = visit(client, site_data["event"])

    work.title = "Carnets de gare, nouvelle version"
    work.save()
    page, queries = visit(client, site_data["work"])
    assert "Carnets de gare, nouvelle version" in page
    assert queries > work_kept  # its own page: rebuilt
    page, queries = visit(client, other_url)
    assert queries == other_kept  # another work's page: kept
    assert visit(client, site_data["event"])[1] == event_kept  # an event's page: kept


def test_a_new_date_refreshes_its_event_and_keeps_the_works(client, site_data, fragments_on):
    event = site_data["objects"]["event"]
    for url in (site_data["work"], site_data["event"]):
        visit(client, url)
        visit(client, url)
    _, work_kept = visit(client, site_data["work"])
    _, event_kept = visit(client, site_data["event"])

    start = timezone.now() + datetime.timedelta(days=9)
    Occurrence.objects.create(
        event=event, rule_key="ajout", start=start, end=start + datetime.timedelta(hours=2)
    )
    page, queries = visit(client, site_data["event"])
    assert timezone.localtime(start).isoformat() in page  # the event's JSON-LD: rebuilt
    assert queries > event_kept
    assert visit(client, site_data["work"])[1] == work_kept  # a work's page: kept


def test_a_work_page_kept_whole_while_another_work_changes(
    client, site_data, fragments_on, settings
):
    """The same with the whole-page cache: the other work's page is served from the cache."""
    from tests.artworks.factories import ArtworkFactory

    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    other = ArtworkFactory(title="Le Jardin d'hiver", slug="jardin-d-hiver")
    visit(client, site_data["work"])
    assert visit(client, site_data["work"])[1] == 0
    other.title = "Le Jardin d'été"
    other.save()
    assert visit(client, site_data["work"])[1] == 0  # kept
    work = site_data["objects"]["work"]
    work.title = "Carnets de gare, nouvelle version"
    work.save()
    page, queries = visit(client, site_data["work"])
    assert queries > 0 and "Carnets de gare, nouvelle version" in page


def test_the_agenda_reads_its_communes_and_publics_from_the_cache(client, site_data, fragments_on):
    """The agenda form's choices are kept under the agenda's tag: the same page, without the
    two queries of its choices; a new public shows on the next visit."""
    from programmes.models import Audience

    built = visit(client, site_data["agenda"])[0]
    with CaptureQueriesContext(connection) as queries:
        cached = client.get(site_data["agenda"]).content.decode()
    assert cached == built
    assert not [q for q in queries.captured_queries if 'FROM "programmes_audience"' in q["sql"]]
    assert not [q for q in queries.captured_queries if 'FROM "places_commune" ORDER BY' in q["sql"]]
    Audience.objects.create(name="Aidants familiaux", slug="aidants-familiaux")
    assert "Aidants familiaux" in visit(client, site_data["agenda"])[0]


def test_the_agenda_rendered_from_the_fragments_shows_a_new_date_on_the_next_visit(
    client, site_data, fragments_on
):
    """The agenda's results and filters are kept rendered (programmes.calendar); a new date
    bumps the agenda's tag, so the next visit lists it."""
    programme = site_data["objects"]["event"].get_parent().specific
    agenda = site_data["agenda"]
    for url in (agenda, agenda + "?periode=mois"):
        visit(client, url)
    _, kept = visit(client, agenda)
    f.event(programme, "Goûter des familles", start=timezone.now() + datetime.timedelta(days=1))
    page, queries = visit(client, agenda)
    assert "Goûter des familles" in page and queries > kept
    assert "Goûter des familles" in visit(client, agenda + "?periode=mois")[0]


def test_the_agenda_with_unknown_parameters_is_rendered_each_time(client, site_data, fragments_on):
    """Only queries of known, valid filters are kept: a key per filter that exists, never one
    per text anyone types (the rendered links would carry it)."""
    agenda = site_data["agenda"]
    visit(client, agenda)
    _, kept = visit(client, agenda)
    visit(client, agenda + "?utm_source=lettre")
    page, queries = visit(client, agenda + "?utm_source=lettre")
    assert queries > kept


def test_the_feeds_read_from_the_fragments_show_a_new_date_on_the_next_visit(
    client, site_data, fragments_on
):
    """The iCal feeds are kept (programmes.feeds) under the agenda's or the event's tags: a
    new date is in the next download, the same bytes otherwise."""
    event = site_data["objects"]["event"]
    urls = ("/agenda.ics", f"/agenda/evenement/{event.pk}.ics")
    first = {url: client.get(url).content for url in urls}
    assert {url: client.get(url).content for url in urls} == first
    start = timezone.now() + datetime.timedelta(days=9)
    occurrence = Occurrence.objects.create(
        event=event, rule_key="ajout", start=start, end=start + datetime.timedelta(hours=2)
    )
    for url in urls:
        assert str(occurrence.uuid).encode() in client.get(url).content, url


def test_a_preview_is_never_read_from_the_fragments_nor_kept(rf, fragments_on):
    """A draft's preview shows the draft (Wagtail sets ``request.is_preview``), not the live
    page's parts kept in the cache."""
    live, preview = rf.get("/"), rf.get("/")
    preview.is_preview = True
    assert fragments.cached(live, "essai", lambda: "en ligne") == "en ligne"
    assert fragments.cached(preview, "essai", lambda: "brouillon") == "brouillon"
    assert fragments.cached(live, "essai", lambda: "autre") == "en ligne"
