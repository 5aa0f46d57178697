"""Admin: venue managers reach only their venues' placements and sessions; staff everything."""

import datetime

import pytest
from django.urls import reverse

from artworks.models import MediationSession, Placement, PlacementStatus
from tests.artworks.factories import (
    ArtworkFactory,
    MediationSessionFactory,
    PlacementFactory,
    png_file,
)

pytestmark = pytest.mark.django_db


def url(model, name, *args):
    return reverse(f"wagtailsnippets_artworks_{model}:{name}", args=args)


@pytest.fixture
def placements(venue_a, venue_b):
    return (
        PlacementFactory(artwork=ArtworkFactory(title="Œuvre chez A"), venue=venue_a),
        PlacementFactory(artwork=ArtworkFactory(title="Œuvre chez B"), venue=venue_b),
    )


def test_a_manager_lists_only_their_venues_placements(client, manager_a, placements):
    client.force_login(manager_a)
    html = client.get(url("placement", "list")).content.decode()
    assert "Œuvre chez A" in html and "Œuvre chez B" not in html


@pytest.mark.parametrize("view", ["edit", "inspect", "history", "delete"])
def test_a_manager_cannot_open_another_venues_placement(client, manager_a, placements, view):
    client.force_login(manager_a)
    assert client.get(url("placement", view, placements[1].pk)).status_code in (403, 404)


def test_a_manager_cannot_confirm_another_venues_placement(client, manager_a, placements):
    client.force_login(manager_a)
    response = client.post(url("placement", "confirm", placements[1].pk), {"condition_notes": "x"})
    assert response.status_code == 404
    placements[1].refresh_from_db()
    assert placements[1].status == PlacementStatus.PLANNED


def test_a_manager_confirms_install_with_a_note_and_photo_then_removal(
    client, manager_a, placements, programme_staff
):
    client.force_login(manager_a)
    own = placements[0]
    response = client.post(
        url("placement", "confirm", own.pk),
        {"condition_notes": "Bon état, accrochée dans le hall.", "photo": png_file("pose.png")},
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.status == PlacementStatus.INSTALLED
    assert own.installed_by == manager_a and own.installed_at is not None
    assert own.install_condition_notes == "Bon état, accrochée dans le hall."
    assert own.install_photo is not None
    client.post(url("placement", "confirm", own.pk), {"condition_notes": "Vitre intacte."})
    own.refresh_from_db()
    assert own.status == PlacementStatus.REMOVED and own.removed_by == manager_a
    # The work's admin page shows the history with both confirmations.
    client.force_login(programme_staff)
    staff_view = client.get(reverse("wagtailsnippets_artworks_artwork:edit", args=[own.artwork_id]))
    html = staff_view.content.decode()
    assert "Historique des mouvements" in html
    assert "Bon état, accrochée dans le hall." in html and "Vitre intacte." in html


def test_a_manager_cannot_change_the_dates_or_venue_of_a_placement(
    client, manager_a, placements, venue_b
):
    client.force_login(manager_a)
    own = placements[0]
    response = client.post(
        url("placement", "edit", own.pk),
        {
            "artwork": own.artwork_id,
            "venue": venue_b.pk,
            "start_date": "2030-01-01",
            "end_date": "2030-02-01",
            "status": "cancelled",
            "notes": "Affiche ajoutée à côté.",
        },
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.venue_id != venue_b.pk and own.start_date == datetime.date(2025, 1, 1)
    assert own.status == PlacementStatus.PLANNED and own.notes == "Affiche ajoutée à côté."


def test_a_manager_logs_a_session_only_on_their_placements(client, manager_a, placements):
    client.force_login(manager_a)
    form = client.get(url("mediationsession", "add")).content.decode()
    assert "Œuvre chez A" in form and "Œuvre chez B" not in form
    data = {
        "starts_at": "2025-01-10 14:00",
        "duration_minutes": 60,
        "led_by": "mediator",
        "leader_name": "Inès",
        "audience": "families",
        "is_public": "on",
        "attendance_total": 12,
        "attendance_adults": 5,
        "attendance_children": 7,
    }
    refused = client.post(url("mediationsession", "add"), {**data, "placement": placements[1].pk})
    assert refused.status_code == 200
    assert not MediationSession.objects.exists()
    accepted = client.post(url("mediationsession", "add"), {**data, "placement": placements[0].pk})
    assert accepted.status_code == 302
    session = MediationSession.objects.get()
    assert session.placement == placements[0] and session.attendance_total == 12


def test_a_manager_sees_only_their_venues_sessions(client, manager_a, placements):
    MediationSessionFactory(placement=placements[0], leader_name="Séance chez A")
    MediationSessionFactory(placement=placements[1], leader_name="Séance chez B")
    client.force_login(manager_a)
    export = client.get(url("mediationsession", "list") + "?export=csv")
    body = b"".join(export.streaming_content).decode()
    assert "Séance chez A" in body and "Séance chez B" not in body


def test_staff_see_every_placement_and_the_admin_refuses_an_overlap_in_french(
    client, programme_staff, placements, venue_b
):
    client.force_login(programme_staff)
    html = client.get(url("placement", "list")).content.decode()
    assert "Œuvre chez A" in html and "Œuvre chez B" in html
    busy = placements[0]
    response = client.post(
        url("placement", "add"),
        {
            "artwork": busy.artwork_id,
            "venue": venue_b.pk,
            "start_date": "2025-01-20",
            "end_date": "2025-02-20",
            "status": "planned",
        },
    )
    assert response.status_code == 200
    assert "est déjà prévue à Pôle social A du 1 janvier 2025 au 31 janvier 2025" in (
        response.content.decode()
    )
    assert Placement.objects.count() == 2


def test_staff_create_an_artist_and_a_work_with_an_image(client, programme_staff):
    from tests.artworks.factories import ImageFactory

    client.force_login(programme_staff)
    response = client.post(
        url("artist", "add"), {"name": "Véronique Ellena", "slug": "veronique-ellena"}
    )
    assert response.status_code == 302
    image = ImageFactory()
    from artworks.models import Artist, Artwork

    response = client.post(
        url("artwork", "add"),
        {
            "inventory_number": "FDAC 2009.1",
            "slug": "fdac-2009-1",
            "title": "Clairs Obscurs, la table",
            # the artists chosen in the « Ajouter : artiste » chooser: one link form each
            "artist_links-TOTAL_FORMS": "1",
            "artist_links-INITIAL_FORMS": "0",
            "artist_links-MIN_NUM_FORMS": "0",
            "artist_links-MAX_NUM_FORMS": "1000",
            "artist_links-0-artist": Artist.objects.get().pk,
            "artist_links-0-ORDER": "1",
            "artist_links-0-id": "",
            "series": "Clairs Obscurs",
            "image": image.pk,
            "image_credit": "Photo : Véronique Ellena",
            "rights_notice": "© ADAGP, Paris",
            "public_display_allowed": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    work = Artwork.objects.get()
    assert work.image == image and work.artists.get().name == "Véronique Ellena"


def test_the_planning_moves_a_group_of_works_in_one_action(client, programme_staff, venue_b):
    works = ArtworkFactory.create_batch(3, series="Clairs Obscurs")
    client.force_login(programme_staff)
    page = client.get(reverse("artworks_planning"))
    assert page.status_code == 200
    assert "Déplacer un groupe d'œuvres" in page.content.decode()
    response = client.post(
        reverse("artworks_planning"),
        {
            "artworks": [w.pk for w in works],
            "venue": venue_b.pk,
            "start_date": "2025-03-01",
            "end_date": "2025-03-31",
        },
    )
    assert response.status_code == 302
    assert Placement.objects.filter(venue=venue_b).count() == 3
    again = client.post(
        reverse("artworks_planning"),
        {
            "artworks": [works[0].pk],
            "venue": venue_b.pk,
            "start_date": "2025-03-15",
            "end_date": "2025-04-15",
        },
    )
    assert "est déjà prévue à Pôle social B du 1 mars 2025 au 31 mars 2025" in (
        again.content.decode()
    )
    grid = client.get(reverse("artworks_planning"), {"start": "2025-03"}).content.decode()
    assert "Pôle social B" in grid and works[0].title in grid


def test_venue_managers_cannot_open_the_planning(client, manager_a):
    client.force_login(manager_a)
    assert client.get(reverse("artworks_planning")).status_code in (302, 403)
