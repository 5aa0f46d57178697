"""A work can never be at two venues over overlapping dates; the error names the conflict."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, connections, transaction

from artworks import services
from artworks.models import Placement, PlacementStatus
from tests.artworks.factories import ArtworkFactory, PlacementFactory
from tests.factories import VenueFactory

pytestmark = pytest.mark.django_db

JAN = (datetime.date(2025, 1, 1), datetime.date(2025, 1, 31))
on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="contrainte d'exclusion PostgreSQL uniquement"
)


def test_place_works_creates_one_placement_per_work():
    venue = VenueFactory(name="Pôle social A")
    works = ArtworkFactory.create_batch(3)
    placements = services.place_works(works, venue, *JAN)
    assert len(placements) == 3
    assert set(Placement.objects.values_list("artwork_id", flat=True)) == {w.pk for w in works}
    assert all(p.status == PlacementStatus.PLANNED for p in placements)


def test_overlapping_placement_is_refused_with_a_french_message_naming_the_conflict():
    work = ArtworkFactory(title="Clairs Obscurs n° 1")
    PlacementFactory(
        artwork=work,
        venue=VenueFactory(name="Pôle social d'Asnières"),
        **dict(zip(("start_date", "end_date"), JAN, strict=True)),
    )
    other = VenueFactory(name="PMI Alma")
    with pytest.raises(services.PlacementConflict) as error:
        services.place_works([work], other, datetime.date(2025, 1, 31), datetime.date(2025, 2, 28))
    message = error.value.messages[0]
    assert message == (
        "« Clairs Obscurs n° 1 » est déjà prévue à Pôle social d'Asnières "
        "du 1 janvier 2025 au 31 janvier 2025."
    )
    assert Placement.objects.count() == 1


def test_a_group_move_is_all_or_nothing():
    free, busy = ArtworkFactory(), ArtworkFactory()
    PlacementFactory(artwork=busy, start_date=JAN[0], end_date=JAN[1])
    with pytest.raises(services.PlacementConflict):
        services.place_works([free, busy], VenueFactory(), *JAN)
    assert not Placement.objects.filter(artwork=free).exists()


def test_back_to_back_placements_are_allowed_and_cancelled_ones_do_not_count():
    work = ArtworkFactory()
    PlacementFactory(artwork=work, start_date=JAN[0], end_date=JAN[1])
    services.place_works(
        [work], VenueFactory(), datetime.date(2025, 2, 1), datetime.date(2025, 2, 28)
    )
    cancelled = PlacementFactory(
        artwork=work,
        start_date=datetime.date(2025, 3, 1),
        end_date=datetime.date(2025, 3, 31),
        status=PlacementStatus.CANCELLED,
    )
    services.place_works([work], VenueFactory(), cancelled.start_date, cancelled.end_date)
    assert Placement.objects.filter(artwork=work).count() == 4


def test_model_validation_names_the_conflict_for_admin_forms():
    work = ArtworkFactory(title="Nuit")
    PlacementFactory(artwork=work, start_date=JAN[0], end_date=JAN[1])
    clash = Placement(
        artwork=work, venue=VenueFactory(), start_date=JAN[0], end_date=datetime.date(2025, 1, 5)
    )
    with pytest.raises(ValidationError) as error:
        clash.full_clean()
    assert "« Nuit » est déjà prévue" in str(error.value)


def test_end_before_start_is_refused():
    with pytest.raises(ValidationError):
        services.place_works([ArtworkFactory()], VenueFactory(), JAN[1], JAN[0])


def test_movement_history_and_current_location_come_from_placements(today):
    work = ArtworkFactory()
    old = PlacementFactory(
        artwork=work,
        start_date=today - datetime.timedelta(days=60),
        end_date=today - datetime.timedelta(days=31),
        status=PlacementStatus.REMOVED,
    )
    now = PlacementFactory(
        artwork=work, start_date=today - datetime.timedelta(days=3), end_date=today
    )
    assert work.current_placement() == now
    assert list(work.movement_history()) == [now, old]


@on_postgres
def test_the_database_refuses_an_overlap_even_without_validation():
    work = ArtworkFactory()
    PlacementFactory(artwork=work, start_date=JAN[0], end_date=JAN[1])
    with pytest.raises(IntegrityError, match="artworks_placement_no_overlap"):
        with transaction.atomic():
            Placement.objects.create(
                artwork=work, venue=VenueFactory(), start_date=JAN[1], end_date=JAN[1]
            )


@on_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_racing_transactions_the_database_refuses_the_second(monkeypatch):
    """Both requests pass the check (neither sees the other's uncommitted row); the exclusion
    constraint makes the second insert wait for the first, then refuses it."""
    work = ArtworkFactory(title="Course")
    venue_a, venue_b = VenueFactory(name="Lieu A"), VenueFactory(name="Lieu B")
    both_checked = threading.Barrier(2, timeout=10)
    original = services._find_conflicts
    per_thread = threading.local()

    def check_then_wait(*args, **kwargs):
        found = original(*args, **kwargs)
        if not getattr(per_thread, "waited", False):  # only the first check of each request
            per_thread.waited = True
            both_checked.wait()
        return found

    monkeypatch.setattr(services, "_find_conflicts", check_then_wait)
    results = {}

    def request(name, venue):
        try:
            services.place_works([work], venue, *JAN)
            results[name] = "placed"
        except services.PlacementConflict as exc:
            results[name] = exc.messages
        except Exception as exc:  # shown by the assertion below rather than lost in the thread
            results[name] = repr(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=request, args=("a", venue_a)),
        threading.Thread(target=request, args=("b", venue_b)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == ["a", "b"], results
    assert list(results.values()).count("placed") == 1, results
    refused = next(v for v in results.values() if v != "placed")
    assert "« Course » est déjà prévue" in refused[0]
    assert Placement.objects.filter(artwork=work).count() == 1


class _Deadlock(Exception):
    sqlstate = "40P01"


def _deadlock():
    error = OperationalError("deadlock detected")
    error.__cause__ = _Deadlock()
    return error


def test_a_deadlock_between_racing_writers_is_retried_and_then_seen_as_a_conflict(monkeypatch):
    """The loser of a deadlock on the exclusion constraint tries again: its second check sees
    the placement that went through and refuses with the French conflict message."""
    work = ArtworkFactory(title="Course")
    venue_a, venue_b = VenueFactory(name="Lieu A"), VenueFactory(name="Lieu B")
    original = services._find_conflicts
    calls = []

    def check_then_lose(*args, **kwargs):
        calls.append(args)
        if len(calls) == 1:  # the server aborts our first attempt…
            raise _deadlock()
        # …and the other request's placement is there when we try again.
        PlacementFactory(artwork=work, venue=venue_a, start_date=JAN[0], end_date=JAN[1])
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "_find_conflicts", check_then_lose)
    with pytest.raises(services.PlacementConflict) as error:
        services.place_works([work], venue_b, *JAN)
    assert len(calls) == 2
    assert "« Course » est déjà prévue" in error.value.messages[0]
    assert not Placement.objects.filter(venue=venue_b).exists()


def test_a_deadlock_that_keeps_coming_back_is_raised(monkeypatch):
    def always_deadlocked(*args, **kwargs):
        raise _deadlock()

    monkeypatch.setattr(services, "_find_conflicts", always_deadlocked)
    with pytest.raises(OperationalError):
        services.place_works([ArtworkFactory()], VenueFactory(), *JAN)
    assert not Placement.objects.exists()
