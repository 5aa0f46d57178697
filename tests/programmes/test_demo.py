"""The demo site shows every seed programme with text, editions and a year of events."""

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from programmes.models import EventPage, Occurrence, ProgrammePage, Recurrence

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[2] / "site/demo/data/programmes-named-in-seed.csv"
PROVIDED_BY_ARTWORKS = {"Un mois, une œuvre"}


def test_demo_data_holds_the_seed_programmes_editions_and_a_year_of_events(client):
    call_command("load_demo_data", verbosity=0)
    with SEED.open(encoding="utf-8") as handle:
        names = {row["name"] for row in csv.DictReader(handle)} - PROVIDED_BY_ARTWORKS
    programmes = {p.title: p for p in ProgrammePage.objects.live()}
    assert names <= set(programmes)
    for name in names:
        page = programmes[name]
        text = " ".join(str(block.value) for block in page.body if block.block_type == "paragraph")
        assert len(text) > 300, name
        assert client.get(page.url).status_code == 200

    caravane = {
        (timezone.localtime(o.start).date(), o.commune.name)
        for o in Occurrence.objects.filter(event__programme=programmes["Caravane solidaire"])
    }
    assert (date(2023, 6, 8), "Gennevilliers") in caravane
    assert (date(2023, 6, 13), "Asnières-sur-Seine") in caravane

    bus = EventPage.objects.get(programme=programmes["Bus Santé Femmes"], slug="tournee")
    assert bus.recurrence == Recurrence.DATES
    assert bus.occurrences.values("commune").distinct().count() >= 10

    today = timezone.localdate()
    upcoming = Occurrence.objects.public().filter(start__date__gte=today)
    assert upcoming.filter(start__date__gte=today + timedelta(days=300)).exists()
    assert upcoming.values("event__programme").distinct().count() >= 6
    assert programmes["Toutes culottées"].editions.filter(name="Toutes culottées 2022-2023")

    html = client.get("/programmes/toutes-culottees/").content.decode()
    assert "1\u202f783" in html  # recorded attendance of the 2022-2023 sessions, as a total
    first = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    params = {"audience": "seniors", "commune": "92050", "date_from": first, "date_to": last}
    html = client.get("/agenda/", params).content.decode()
    assert "Atelier prévention des chutes" in html


def test_the_demo_venue_manager_has_sessions_to_log(client):
    """lieu.asnieres opens « Mes séances à saisir » and finds something to fill at once."""
    from django.contrib.auth import get_user_model

    call_command("load_demo_data", verbosity=0)
    manager = get_user_model().objects.get(username="lieu.asnieres")
    pending = Occurrence.objects.awaiting_attendance().for_user(manager)
    assert pending.count() >= 1
    client.force_login(manager)
    page = client.get("/admin/frequentation/a-saisir/").content.decode()
    assert "Café numérique du mercredi" in page
