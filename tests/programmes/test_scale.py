"""The load test's bulk builder (tests/bench/scale.py) must leave what add_child() and publish()
would: a valid page tree of live pages, served and listed in the agenda, whose dates match their
rule, with one valid attendance record per held past session."""

import io
import random
import re

import pytest
from django.core.management import call_command
from wagtail.models import Page

from places.models import VenueKind
from programmes.models import (
    AttendanceRecord,
    EventPage,
    Occurrence,
    OccurrenceStatus,
    ProgrammePage,
)
from programmes.participation import validate
from programmes.services import sync_occurrences
from tests.bench import scale
from tests.factories import VenueFactory
from tests.programmes import factories as f

EVENTS = 30
RECORDS = 200


@pytest.fixture
def scaled(db, nanterre, gennevilliers):
    f.calendar_page()
    schools = f.programme("Toutes culottées", breakdown_school_level=True, breakdown_gender=True)
    f.programme("Sourires d'été", breakdown_age_band=True)
    f.programme("Caravane solidaire")
    f.event(schools, title="Rencontre avec les parents")  # the bulk pages come after it
    VenueFactory(name="Collège Voltaire", code="college-voltaire", kind=VenueKind.COLLEGE)
    VenueFactory(name="Résidence Le Parc", kind=VenueKind.RESIDENCE_SENIORS, commune=nanterre)
    VenueFactory(name="Centre social du Luth", kind=VenueKind.CENTRE_SOCIAL, commune=gennevilliers)
    state = scale.scale_events(EVENTS, RECORDS, rng=random.Random(7))
    assert state["records"] == RECORDS
    return EventPage.objects.filter(slug__regex=r"-\d{5}$")


def test_bulk_pages_leave_a_valid_tree(scaled):
    assert scaled.count() == EVENTS - 1
    assert all(not problems for problems in Page.find_problems())
    out = io.StringIO()
    call_command("fixtree", interactive=False, stdout=out)
    assert out.getvalue().count("No problems found.") == 2, out.getvalue()
    for programme in ProgrammePage.objects.all():
        assert programme.numchild == programme.get_children().count()
    for event in scaled.select_related("programme"):
        parent = event.get_parent()
        assert event.programme_id == parent.pk
        assert event.url_path == f"{parent.url_path}{event.slug}/"
        assert event.live and not event.has_unpublished_changes
        assert event.live_revision_id == event.latest_revision_id is not None
        assert event.get_latest_revision_as_object().title == event.title


def test_bulk_pages_are_served_and_found(scaled, client):
    for event in scaled:
        assert client.get(event.url).status_code == (200 if event.is_public else 404)
    public = scaled.filter(is_public=True).last()
    found = client.get("/recherche/", {"q": public.title.split(" — ")[0]}).content.decode()
    assert f'href="{public.url}"' in found


def test_bulk_pages_are_listed_in_the_agenda_page_after_page(scaled, client):
    expected = set(
        Occurrence.objects.public()
        .upcoming()
        .filter(event__in=scaled)
        .values_list("event__url_path", flat=True)
    )
    assert expected
    listed, url = set(), "/agenda/"
    response = client.get(url)
    count = Occurrence.objects.public().upcoming().count()
    assert f"{count} dates trouvées" in response.content.decode()
    pages = int(re.search(r"Page 1 sur (\d+)", response.content.decode()).group(1))
    assert pages > 1
    for number in range(1, pages + 1):
        html = client.get(f"/agenda/?page={number}").content.decode()
        listed |= set(re.findall(r'href="(/programmes/[^"]+/)"', html))
    assert {path.removeprefix("/accueil") for path in expected} <= listed


def test_dates_match_their_rule_and_held_past_sessions_have_valid_attendance(scaled):
    for event in scaled:
        result = sync_occurrences(event)
        assert (result.created, result.updated, result.deleted) == (0, 0, 0), event.title
    held_past = Occurrence.objects.past().filter(
        event__in=scaled, status=OccurrenceStatus.SCHEDULED
    )
    assert AttendanceRecord.objects.count() == held_past.count() == RECORDS
    assert not held_past.filter(attendance__isnull=True).exists()
    assert not Occurrence.objects.upcoming().filter(attendance__isnull=False).exists()
    assert not Occurrence.objects.filter(
        status=OccurrenceStatus.CANCELLED, attendance__isnull=False
    ).exists()
    records = AttendanceRecord.objects.select_related("occurrence__event__programme")
    breakdowns = 0
    for record in records.prefetch_related("parts"):
        parts = {(p.dimension, p.category): p.count for p in record.parts.all()}
        assert validate(record.occurrence, record.total, parts) == {}, record
        breakdowns += bool(parts)
    assert breakdowns  # the programmes that declare breakdowns have them


def test_scaling_twice_adds_nothing(scaled):
    counts = (Page.objects.count(), Occurrence.objects.count(), AttendanceRecord.objects.count())
    assert scale.scale_events(EVENTS, RECORDS) == {}
    assert scale.fill_attendance(RECORDS) == 0
    assert counts == (
        Page.objects.count(),
        Occurrence.objects.count(),
        AttendanceRecord.objects.count(),
    )
