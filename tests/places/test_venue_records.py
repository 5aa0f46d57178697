"""A venue's admin page (form tab « Activité du lieu » and « Voir » page) lists its records and
links straight to each record and to the action waiting on it; a venue manager sees only their
venues' records."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from places.records import venue_record_sections
from tests.artworks.factories import MediationSessionFactory, PlacementFactory
from tests.programmes import factories as f
from tests.programmes.participation import past_session

pytestmark = pytest.mark.django_db


def venue_url(view, venue):
    return reverse(f"wagtailsnippets_places_venue:{view}", args=[venue.pk])


@pytest.fixture
def records(venue_a, venue_b):
    today = timezone.localdate()
    planned = PlacementFactory(
        venue=venue_a,
        start_date=today + datetime.timedelta(days=3),
        end_date=today + datetime.timedelta(days=30),
    )
    finished = PlacementFactory(
        venue=venue_a,
        start_date=today - datetime.timedelta(days=90),
        end_date=today - datetime.timedelta(days=60),
    )
    elsewhere = PlacementFactory(
        venue=venue_b,
        start_date=today + datetime.timedelta(days=3),
        end_date=today + datetime.timedelta(days=30),
    )
    mediation = MediationSessionFactory(
        placement=planned,
        starts_at=timezone.now() + datetime.timedelta(days=5),
    )
    programme = f.programme("Giga Séniors")
    waiting = past_session(programme, venue_a, days_ago=2, title="Atelier à saisir")
    coming = f.event(
        programme,
        title="Forum à venir",
        start=timezone.now() + datetime.timedelta(days=4),
        venue=venue_a,
    ).occurrences.get()
    return {
        "planned": planned,
        "finished": finished,
        "elsewhere": elsewhere,
        "mediation": mediation,
        "waiting": waiting,
        "coming": coming,
    }


def expected_links(records):
    return {
        "placement": reverse(
            "wagtailsnippets_artworks_placement:edit", args=[records["planned"].pk]
        ),
        "confirm": records["planned"].confirm_url(),
        "mediation": reverse(
            "wagtailsnippets_artworks_mediationsession:edit", args=[records["mediation"].pk]
        ),
        "log": reverse("programmes_attendance_log", args=[records["waiting"].pk]),
    }


@pytest.mark.parametrize("view", ["edit", "inspect"])
def test_the_venue_page_links_to_its_records_and_actions(client, manager_a, venue_a, records, view):
    client.force_login(manager_a)
    response = client.get(venue_url(view, venue_a))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Activité du lieu" in html
    for name, url in expected_links(records).items():
        assert f'href="{url}"' in html, name
    assert "Confirmer l&#x27;installation" in html or "Confirmer l'installation" in html
    assert "Saisir la fréquentation" in html
    assert "Forum à venir" in html
    finished = reverse("wagtailsnippets_artworks_placement:edit", args=[records["finished"].pk])
    assert f'href="{finished}"' not in html  # a finished placement is not « on now or to come »


def test_each_link_opens_its_record(client, manager_a, venue_a, records):
    client.force_login(manager_a)
    for name, url in expected_links(records).items():
        assert client.get(url).status_code == 200, name


def test_programme_staff_also_reach_the_dates_listing_of_the_venue(
    client, programme_staff, venue_a, records
):
    client.force_login(programme_staff)
    html = client.get(venue_url("edit", venue_a)).content.decode()
    coming = reverse("wagtailsnippets_programmes_occurrence:edit", args=[records["coming"].pk])
    assert f'href="{coming}"' in html
    listing = reverse("wagtailsnippets_programmes_occurrence:list")
    assert f"{listing}?venue={venue_a.pk}" in html
    page = client.get(listing, {"venue": venue_a.pk}).content.decode()
    assert "Forum à venir" in page


def test_a_manager_gets_no_record_of_another_venue(manager_a, venue_b, records):
    """Even asked directly (the page itself answers 404), the hooks give nothing out of scope."""
    sections = venue_record_sections(venue_b, manager_a)
    assert all(section.links == [] for section in sections)


def test_the_add_form_has_no_activity_tab(client, programme_staff):
    client.force_login(programme_staff)
    html = client.get(reverse("wagtailsnippets_places_venue:add")).content.decode()
    assert "Activité du lieu" not in html


def test_places_does_not_import_the_domain_apps():
    from pathlib import Path

    import places

    for path in Path(places.__file__).parent.rglob("*.py"):
        text = path.read_text()
        assert "import artworks" not in text and "from artworks" not in text, path
        assert "import programmes" not in text and "from programmes" not in text, path
