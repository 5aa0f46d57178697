import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from artworks.models import MediationSession
from tests.artworks.factories import MediationSessionFactory, PlacementFactory

pytestmark = pytest.mark.django_db


def session(**counts):
    placement = PlacementFactory()
    return MediationSession(
        placement=placement,
        starts_at=datetime.datetime(2025, 1, 10, 14, tzinfo=datetime.UTC),
        led_by="mediator",
        audience="families",
        **counts,
    )


def test_adults_and_children_must_add_up_to_the_total():
    with pytest.raises(ValidationError) as error:
        session(attendance_total=10, attendance_adults=3, attendance_children=4).full_clean()
    assert "doit être égale au total" in str(error.value)
    session(attendance_total=10, attendance_adults=3, attendance_children=7).full_clean()


def test_a_single_part_may_not_exceed_the_total_and_needs_a_total():
    with pytest.raises(ValidationError, match="dépasser le total"):
        session(attendance_total=5, attendance_adults=6).full_clean()
    with pytest.raises(ValidationError, match="Indiquez le total"):
        session(attendance_adults=6).full_clean()
    session(attendance_total=5, attendance_adults=2).full_clean()


def test_the_database_refuses_parts_above_the_total():
    with pytest.raises(IntegrityError), transaction.atomic():
        MediationSessionFactory(attendance_total=2, attendance_adults=2, attendance_children=1)


def test_a_session_must_fall_within_its_placement():
    bad = session()
    bad.starts_at = datetime.datetime(2025, 3, 1, 14, tzinfo=datetime.UTC)
    with pytest.raises(ValidationError, match="pendant le placement"):
        bad.full_clean()


def test_a_session_led_by_the_artist_names_the_artist():
    led = session()
    led.led_by = "artist"
    with pytest.raises(ValidationError, match="Choisissez l'artiste"):
        led.full_clean()
