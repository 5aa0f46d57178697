"""The collection's work queues on the admin home: a venue manager's works to install or remove
(next 14 days and overdue, their venues only, each with its confirm button) and mediation
sessions to log; programme staff's unconfirmed placements and works free next month."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from artworks.dashboard import (
    FreeWorksPanel,
    MediationToLogPanel,
    PlacementsToConfirmPanel,
    UnconfirmedPlacementsPanel,
)
from artworks.models import PlacementStatus
from artworks.selectors import next_month_bounds
from tests.artworks.factories import ArtworkFactory, MediationSessionFactory, PlacementFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def panel_html(html, name):
    return html.split(f'id="{name}-panel"', 1)[1].split("</section>", 1)[0]


def home(client, user):
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_venue_manager_sees_works_to_install_and_remove_at_their_venues_only(
    client, manager_a, venue_a, venue_b, today
):
    install = PlacementFactory(
        venue=venue_a,
        artwork__title="Clair obscur I",
        start_date=today + 3 * DAY,
        end_date=today + 40 * DAY,
    )
    overdue = PlacementFactory(
        venue=venue_a,
        artwork__title="Clair obscur II",
        start_date=today - 2 * DAY,
        end_date=today + 30 * DAY,
    )
    remove = PlacementFactory(
        venue=venue_a,
        artwork__title="Clair obscur III",
        start_date=today - 40 * DAY,
        end_date=today + 5 * DAY,
        status=PlacementStatus.INSTALLED,
    )
    PlacementFactory(  # beyond 14 days
        venue=venue_a,
        artwork__title="Plus tard",
        start_date=today + 20 * DAY,
        end_date=today + 50 * DAY,
    )
    PlacementFactory(  # another venue
        venue=venue_b,
        artwork__title="Chez B",
        start_date=today + 1 * DAY,
        end_date=today + 20 * DAY,
    )
    html = home(client, manager_a)
    panel = panel_html(html, "placements_to_confirm")
    assert "Œuvres à installer ou à retirer" in panel
    for placement in (install, overdue, remove):
        assert placement.artwork.title in panel
        confirm = reverse("wagtailsnippets_artworks_placement:confirm", args=[placement.pk])
        assert f'href="{confirm}"' in panel
    assert "Plus tard" not in panel and "Chez B" not in panel
    assert "Confirmer le retrait" in panel and "Confirmer l&#x27;installation" in panel
    assert panel.count("En retard") == 1
    # Overdue first, then by due date.
    positions = [panel.index(f"Clair obscur {n} (") for n in ("II", "I", "III")]
    assert positions == sorted(positions)
    listing = reverse("wagtailsnippets_artworks_placement:list") + "?confirmation=a-venir"
    assert f'href="{listing}"' in panel
    # The full listing holds the same three, and not the others.
    client.force_login(manager_a)
    full = client.get(listing).content.decode()
    assert "Clair obscur III" in full and "Plus tard" not in full and "Chez B" not in full
    # The irrelevant image count is gone from a venue manager's summary.
    assert not re.search(r"\d+ Images? <span", html)


def test_a_venue_manager_with_nothing_to_confirm_reads_so(client, manager_a, venue_a, today):
    PlacementFactory(venue=venue_a, start_date=today + 30 * DAY, end_date=today + 60 * DAY)
    panel = panel_html(home(client, manager_a), "placements_to_confirm")
    assert "Rien à confirmer dans les 14 prochains jours." in panel


def test_a_venue_manager_sees_mediation_sessions_to_log(client, manager_a, venue_a, venue_b):
    now = timezone.now()
    mine = MediationSessionFactory(
        placement__venue=venue_a,
        placement__artwork__title="Œuvre médiée",
        starts_at=now - 2 * DAY,
    )
    MediationSessionFactory(
        placement__venue=venue_a,
        placement__artwork__title="Déjà saisie",
        starts_at=now - 3 * DAY,
        attendance_total=12,
    )
    MediationSessionFactory(
        placement__venue=venue_a, placement__artwork__title="À venir", starts_at=now + 3 * DAY
    )
    MediationSessionFactory(
        placement__venue=venue_b, placement__artwork__title="Autre lieu", starts_at=now - DAY
    )
    panel = panel_html(home(client, manager_a), "mediation_to_log")
    assert "Œuvre médiée" in panel
    assert reverse("wagtailsnippets_artworks_mediationsession:edit", args=[mine.pk]) in panel
    for other in ("Déjà saisie", "À venir", "Autre lieu"):
        assert other not in panel
    listing = reverse("wagtailsnippets_artworks_mediationsession:list") + "?to_log=true"
    assert listing in panel
    full = client.get(listing).content.decode()
    assert "Œuvre médiée" in full and "Déjà saisie" not in full and "Autre lieu" not in full


def test_programme_staff_see_unconfirmed_placements_and_free_works(
    client, programme_staff, venue_a, venue_b, today
):
    late = PlacementFactory(
        venue=venue_b,
        artwork__title="Pas installée",
        start_date=today - 5 * DAY,
        end_date=today + 25 * DAY,
    )
    PlacementFactory(
        venue=venue_a,
        artwork__title="Installée",
        start_date=today - 5 * DAY,
        end_date=today + 25 * DAY,
        status=PlacementStatus.INSTALLED,
    )
    first, last = next_month_bounds(today)
    PlacementFactory(artwork__title="Occupée", venue=venue_a, start_date=last, end_date=last + DAY)
    ArtworkFactory(title="Libre")
    html = home(client, programme_staff)
    unconfirmed = panel_html(html, "unconfirmed_placements")
    assert "Pas installée" in unconfirmed and "Installée (" not in unconfirmed
    assert reverse("wagtailsnippets_artworks_placement:confirm", args=[late.pk]) in unconfirmed
    free = panel_html(html, "free_works_next_month")
    assert "Libre" in free and "Occupée" not in free
    listing = reverse("wagtailsnippets_artworks_artwork:list") + "?free_next_month=true"
    assert listing in free
    full = client.get(listing).content.decode()
    assert "Libre" in full and "Occupée" not in full
    # Staff do not get the venue manager's queues.
    assert 'id="placements_to_confirm-panel"' not in html
    # A moderator gets none of the collection's queues.


def test_a_moderator_gets_no_collection_queue(client, moderator):
    html = home(client, moderator)
    for name in ("placements_to_confirm", "mediation_to_log", "unconfirmed_placements"):
        assert f'id="{name}-panel"' not in html


@pytest.mark.parametrize(
    "panel_class", [PlacementsToConfirmPanel, MediationToLogPanel, UnconfirmedPlacementsPanel]
)
def test_collection_panels_run_a_fixed_number_of_queries(
    django_assert_num_queries, manager_a, programme_staff, venue_a, today, panel_class
):
    user = programme_staff if panel_class is UnconfirmedPlacementsPanel else manager_a

    def add(n):
        for _i in range(n):
            PlacementFactory(venue=venue_a, start_date=today - DAY, end_date=today + 20 * DAY)
            MediationSessionFactory(placement__venue=venue_a, starts_at=timezone.now() - DAY)

    add(2)
    panel_class(user, today).render_html({})  # warms the permission and content type caches
    with django_assert_num_queries(2):  # the count and the first rows
        panel_class(user, today).render_html({})
    add(15)
    with django_assert_num_queries(2):
        html = panel_class(user, today).render_html({})
    assert html.count("<tr>") == 10 and "autres." in html


def test_free_works_panel_runs_a_fixed_number_of_queries(
    django_assert_num_queries, programme_staff, venue_a, today
):
    ArtworkFactory.create_batch(2)
    FreeWorksPanel(programme_staff, today).render_html({})
    with django_assert_num_queries(2):
        FreeWorksPanel(programme_staff, today).render_html({})
    ArtworkFactory.create_batch(15)
    with django_assert_num_queries(2):
        html = FreeWorksPanel(programme_staff, today).render_html({})
    assert "Et 7 autres." in html


def test_the_queue_filters_hold_within_a_search(client, programme_staff, manager_a, venue_a, today):
    """The « voir tout » filters are plain field lookups: a search of the listing keeps them."""
    ArtworkFactory(title="Libre Ellena")
    PlacementFactory(
        venue=venue_a,
        artwork__title="Ellena à installer",
        start_date=today + DAY,
        end_date=today + 30 * DAY,
    )
    PlacementFactory(
        venue=venue_a,
        artwork__title="Ellena plus tard",
        start_date=today + 40 * DAY,
        end_date=today + 60 * DAY,
    )
    client.force_login(programme_staff)
    works = client.get(
        reverse("wagtailsnippets_artworks_artwork:list") + "?free_next_month=true&q=Ellena"
    )
    assert works.status_code == 200 and "Libre Ellena" in works.content.decode()
    client.force_login(manager_a)
    placements = client.get(
        reverse("wagtailsnippets_artworks_placement:list") + "?confirmation=a-venir&q=Ellena"
    ).content.decode()
    assert "Ellena à installer" in placements and "Ellena plus tard" not in placements
    sessions = client.get(
        reverse("wagtailsnippets_artworks_mediationsession:list") + "?to_log=true&q=Ellena"
    )
    assert sessions.status_code == 200
