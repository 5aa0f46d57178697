"""Issue #16 « coût constant par page » : every public page and feed costs the same number of
SQL queries and about the same bytes whether the site holds one work and one date or 600 works
on show and 4,000 upcoming dates of one event. Each page is measured on the small site
(tests/home/site_data.py ``public_site()``), then again after the bulk additions; ``pytest -s``
prints the figures."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from artworks.catalogue import ARTIST_SUGGESTIONS
from artworks.models import (
    Artist,
    Artwork,
    ArtworkArtist,
    MediationSession,
    Placement,
    PlacementStatus,
)
from artworks.selectors import ARTIST_WORK_PLACEMENTS
from programmes.calendar import FEED_MAX_ITEMS
from programmes.models import Occurrence
from tests.factories import VenueFactory
from tests.home.site_data import public_site

WORKS = 600
DATES = 4_000
SMALL_WORKS, SMALL_DATES, SMALL_HISTORY = 40, 60, 30
# The venues one work of the artist's page goes to next (its first in the page's order).
SMALL_TOUR, TOUR = ARTIST_WORK_PLACEMENTS, 150
BYTES_RATIO = 1.5

# The sitemap lists every work, artist and venue page: it MUST grow with the collection (that
# is its purpose; Django's sitemaps split it into pages of 50,000 addresses). Its query count
# stays constant, its bytes are left out of the bytes assertion.
GROWS_BY_DESIGN = {"sitemap.xml"}
# The iCalendar feeds are bounded by their window and by FEED_MAX_ITEMS dates, not by the small
# site's size: their bytes grow up to that bound (1,000 dates), checked by counting VEVENTs.
FEEDS = {"agenda.ics", "flux du programme", "flux de l'événement"}


def _pages(site):
    event = site["objects"]["event"]
    return {
        "accueil": site["home"],
        "Nos programmes": site["programme_index"],
        "programme": site["programme"],
        "événement": site["event"],
        "agenda": site["agenda"],
        "agenda.ics": "/agenda.ics",
        "flux du programme": f"/agenda/programme/{site['programme_page'].slug}.ics",
        "flux de l'événement": f"/agenda/evenement/{event.pk}.ics",
        "Un mois, une œuvre": site["umuo"],
        "œuvres": site["works"],
        "artistes": site["artists"],
        "lieux": site["venues"],
        "œuvre": site["work"],
        "artiste": site["artist"],
        "lieu": site["venue"],
        "recherche": site["search"],
        "sitemap.xml": "/sitemap.xml",
    }


def _measure(client, pages, bodies=None):
    figures = {}
    for name, url in pages.items():
        client.get(url)  # warm the per-process caches (site root, content types…)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        figures[name] = (len(body), len(queries))
        if bodies is not None:
            bodies[name] = body.decode()
        if name in FEEDS:
            assert body.count(b"BEGIN:VEVENT") <= FEED_MAX_ITEMS, name
            assert b"X-WR-CALDESC" in body, name
    return figures


def _grow(site, first, works_count, first_date, dates_count, history, tour):
    """Works on show at several venues (all by the site's artist, each also by an artist of
    its own — the works index's artist field must not list them all —, a share of them at the
    site's venue, each with a past placement there too, some planned there), ``tour`` more
    venues planned for the first work on the artist's page, a history of past placements for
    the site's work, and upcoming dates of the site's event, all bulk-created; numbered from
    ``first`` and ``first_date`` so that it can be called twice."""
    today = timezone.localdate()
    venue, artist, event = (site["objects"][k] for k in ("venue", "artist", "event"))
    # The same venues both times: the venue directory lists every venue (its map), which is
    # its purpose; what must not grow is what each venue shows.
    if "exhibition_venues" not in site:
        site["exhibition_venues"] = [venue] + [
            VenueFactory(
                name=f"Lieu d'exposition {n}", code=f"lieu-expo-{n}", commune=venue.commune
            )
            for n in range(5)
        ]
    venues = site["exhibition_venues"]
    works = Artwork.objects.bulk_create(
        Artwork(
            inventory_number=f"FDAC 2099.{n}",
            slug=f"oeuvre-en-nombre-{n}",
            title=f"Œuvre en nombre {n}",
            year=2000 + n % 20,
        )
        for n in range(first, first + works_count)
    )
    ArtworkArtist.objects.bulk_create(
        ArtworkArtist(artwork=work, artist=artist, sort_order=0) for work in works
    )
    own_artists = Artist.objects.bulk_create(
        Artist(name=f"Artiste en nombre {n}", slug=f"artiste-en-nombre-{n}")
        for n in range(first, first + works_count)
    )
    ArtworkArtist.objects.bulk_create(
        ArtworkArtist(artwork=work, artist=own, sort_order=1)
        for work, own in zip(works, own_artists, strict=True)
    )
    placements = []
    for n, work in enumerate(works):
        placements.append(
            Placement(
                artwork=work,
                venue=venues[n % len(venues)],
                start_date=today - datetime.timedelta(days=10),
                end_date=today + datetime.timedelta(days=30 + n % 50),
                status=PlacementStatus.INSTALLED,
            )
        )
        placements.append(
            Placement(
                artwork=work,
                venue=venue,
                start_date=today - datetime.timedelta(days=400 + n),
                end_date=today - datetime.timedelta(days=370 + n),
                status=PlacementStatus.REMOVED,
            )
        )
    # The site's work: a long history of past placements, and upcoming ones.
    work = site["objects"]["work"]
    for n in range(first, first + history):
        placements.append(
            Placement(
                artwork=work,
                venue=venues[n % len(venues)],
                start_date=today - datetime.timedelta(days=40 * (n + 2)),
                end_date=today - datetime.timedelta(days=40 * (n + 2) - 30),
                status=PlacementStatus.REMOVED,
            )
        )
        placements.append(
            Placement(
                artwork=works[n - first],
                venue=venue,
                start_date=today + datetime.timedelta(days=40 + n),
                end_date=today + datetime.timedelta(days=70 + n),
                status=PlacementStatus.PLANNED,
            )
        )
    # The first work listed on the artist's page (series, then title): a long tour ahead.
    touring = site.setdefault("touring_work", works[0])
    start = site.setdefault("tour_start", [0])
    for n in range(start[0], start[0] + tour):
        placements.append(
            Placement(
                artwork=touring,
                venue=venues[n % len(venues)],
                start_date=today + datetime.timedelta(days=200 + 10 * n),
                end_date=today + datetime.timedelta(days=205 + 10 * n),
                status=PlacementStatus.PLANNED,
            )
        )
    start[0] += tour
    Placement.objects.bulk_create(placements)
    # Public mediation sessions of the site's work, one a day.
    placement = site["objects"]["mediation"].placement
    first_session = timezone.now() + datetime.timedelta(days=5)
    MediationSession.objects.bulk_create(
        MediationSession(
            placement=placement,
            starts_at=first_session + datetime.timedelta(days=n),
            led_by="mediator",
            leader_name="Nadia Benhamou",
            audience="families",
            is_public=True,
        )
        for n in range(first, first + history // 2)
    )
    start = timezone.now() + datetime.timedelta(days=4)
    Occurrence.objects.bulk_create(
        Occurrence(
            event=event,
            rule_key=f"bulk-{n}",
            start=start + datetime.timedelta(hours=6 * n),
            end=start + datetime.timedelta(hours=6 * n + 2),
            venue=venue,
        )
        for n in range(first_date, first_date + dates_count)
    )


@pytest.mark.django_db
def test_public_pages_cost_the_same_small_and_large(client):
    site = public_site()
    pages = _pages(site)
    # « A little » more than public_site(): enough to fill one page of every bounded list,
    # so that the large site compares with full lists, not with one-card lists.
    _grow(site, 0, SMALL_WORKS, 0, SMALL_DATES, SMALL_HISTORY, SMALL_TOUR)
    small = _measure(client, pages)
    _grow(
        site,
        SMALL_WORKS,
        WORKS - SMALL_WORKS,
        SMALL_DATES,
        DATES - SMALL_DATES,
        100 - SMALL_HISTORY,
        TOUR - SMALL_TOUR,
    )
    bodies = {}
    large = _measure(client, pages, bodies)

    print()
    print(f"{'page':<22} {'octets petit → grand':>26} {'requêtes petit → grand':>24}")
    for name in pages:
        (b0, q0), (b1, q1) = small[name], large[name]
        print(f"{name:<22} {b0:>11,} → {b1:>11,} {q0:>11} → {q1:>10}")

    problems = []
    for name in pages:
        (b0, q0), (b1, q1) = small[name], large[name]
        if q1 != q0:
            problems.append(f"{name} : {q0} → {q1} requêtes")
        if name not in GROWS_BY_DESIGN | FEEDS and b1 > BYTES_RATIO * b0:
            problems.append(f"{name} : {b0} → {b1} octets")
    assert not problems, "\n".join(problems)

    # The bounded lists lead onward, and the feeds stop at their cap.
    artist, venue = site["objects"]["artist"], site["objects"]["venue"]
    assert f"oeuvres/?artiste={artist.slug}" in bodies["artiste"]
    assert f"oeuvres/?commune={venue.commune.insee_code}" in bodies["lieu"]
    assert f"oeuvres/?commune={venue.commune.insee_code}" in bodies["lieux"]
    assert "Et 80 lieux plus anciens." in bodies["œuvre"]
    # The touring work: its next venues, then its page (on show now, and the tour).
    more = re.search(r"Et (\d+) autres lieux", bodies["artiste"])
    assert more and int(more.group(1)) >= TOUR - ARTIST_WORK_PLACEMENTS
    # The works index suggests a few artists and takes any name.
    datalist = (
        bodies["œuvres"].split('<datalist id="artistes-suggestions">')[1].split("</datalist>")[0]
    )
    assert datalist.count("<option") == ARTIST_SUGGESTIONS
    assert 'name="artiste"' in bodies["œuvres"]
    assert "toutes les séances dans l'agenda" in bodies["œuvre"]
    assert bodies["flux de l'événement"].count("BEGIN:VEVENT") == FEED_MAX_ITEMS
    assert bodies["agenda.ics"].count("BEGIN:VEVENT") == FEED_MAX_ITEMS
