"""Every placement reachable by clicking: listing rows link to the record with the role's
actions, the work's history and the planning cells link to placements, reminders carry the
confirm address, the current period comes first."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from artworks.models import MediationSession, Placement, PlacementStatus
from artworks.services import send_placement_reminders
from tests.artworks.factories import ArtworkFactory, PlacementFactory
from tests.factories import VenueFactory

pytestmark = pytest.mark.django_db

LIST = reverse("wagtailsnippets_artworks_placement:list")


def url(name, *args):
    return reverse(f"wagtailsnippets_artworks_placement:{name}", args=args)


def row_of(html, placement):
    """The listing row of a placement (its checkbox names it), as HTML."""
    for row in re.findall(r"<tr\b.*?</tr>", html, flags=re.S):
        if f'data-object-id="{placement.pk}"' in row:
            return unescape(row)
    return None


@pytest.fixture
def placed(venue_a, venue_b):
    today = timezone.localdate()
    return {
        "planned": PlacementFactory(
            artwork=ArtworkFactory(title="Prévue chez A"),
            venue=venue_a,
            start_date=today + datetime.timedelta(days=3),
            end_date=today + datetime.timedelta(days=30),
        ),
        "installed": PlacementFactory(
            artwork=ArtworkFactory(title="Installée chez A"),
            venue=venue_a,
            start_date=today - datetime.timedelta(days=10),
            end_date=today + datetime.timedelta(days=10),
            status=PlacementStatus.INSTALLED,
        ),
        "other": PlacementFactory(
            artwork=ArtworkFactory(title="Prévue chez B"),
            venue=venue_b,
            start_date=today + datetime.timedelta(days=3),
            end_date=today + datetime.timedelta(days=30),
        ),
    }


def test_a_venue_managers_rows_link_to_edit_with_confirm_and_mediation(client, manager_a, placed):
    client.force_login(manager_a)
    html = client.get(LIST).content.decode()
    planned = row_of(html, placed["planned"])
    assert f'href="{url("edit", placed["planned"].pk)}"' in planned
    assert f'href="{url("confirm", placed["planned"].pk)}"' in planned
    assert "Confirmer l'installation" in planned
    mediation = reverse("wagtailsnippets_artworks_mediationsession:add")
    assert f'href="{mediation}?placement={placed["planned"].pk}"' in planned
    assert "Saisir une médiation" in planned
    # Only programme staff cancel: no cancel action for a venue manager.
    assert url("cancel", placed["planned"].pk) not in planned
    installed = row_of(html, placed["installed"])
    assert "Confirmer le retrait" in installed
    assert f'href="{url("confirm", placed["installed"].pk)}"' in installed
    # Another venue's placement is not listed, so none of its actions is offered.
    assert row_of(html, placed["other"]) is None
    assert url("confirm", placed["other"].pk) not in html
    assert url("edit", placed["other"].pk) not in html


def test_programme_staff_rows_link_to_edit_with_every_action(client, programme_staff, placed):
    client.force_login(programme_staff)
    html = client.get(LIST).content.decode()
    row = row_of(html, placed["other"])
    assert f'href="{url("edit", placed["other"].pk)}"' in row
    assert f'href="{url("confirm", placed["other"].pk)}"' in row
    assert "Saisir une médiation" in row
    assert url("cancel", placed["other"].pk) in row and "Annuler le placement" in row
    # An installed placement cannot be cancelled any more.
    assert url("cancel", placed["installed"].pk) not in row_of(html, placed["installed"])


def test_moderators_rows_link_to_inspect_without_actions(client, moderator, placed):
    client.force_login(moderator)
    html = client.get(LIST).content.decode()
    row = row_of(html, placed["planned"])
    assert f'href="{url("inspect", placed["planned"].pk)}"' in row
    assert url("edit", placed["planned"].pk) not in row
    for action in ("Confirmer", "Saisir une médiation", "Annuler le placement"):
        assert action not in row


def test_the_listing_puts_what_is_on_now_and_next_first(client, programme_staff, venue_a):
    today = timezone.localdate()
    spans = {
        "Passée récente": (-60, -31),
        "Passée ancienne": (-400, -370),
        "Accrochée maintenant": (-5, 20),
        "À venir loin": (200, 230),
        "À venir proche": (40, 70),
    }
    for title, (start, end) in spans.items():
        PlacementFactory(
            artwork=ArtworkFactory(title=title),
            venue=venue_a,
            start_date=today + datetime.timedelta(days=start),
            end_date=today + datetime.timedelta(days=end),
        )
    client.force_login(programme_staff)
    html = client.get(LIST).content.decode()
    positions = {title: html.index(title) for title in spans}
    order = sorted(positions, key=positions.get)
    assert order == [
        "Accrochée maintenant",
        "À venir proche",
        "À venir loin",
        "Passée récente",
        "Passée ancienne",
    ]
    # A column sort still applies when asked for.
    html = client.get(LIST, {"ordering": "-start_date"}).content.decode()
    assert html.index("À venir loin") < html.index("Accrochée maintenant")


def test_the_period_filter_keeps_what_is_on_now_and_next(client, programme_staff, placed):
    past = PlacementFactory(
        artwork=ArtworkFactory(title="Passée depuis longtemps"),
        venue=placed["planned"].venue,
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2024, 1, 31),
    )
    client.force_login(programme_staff)
    html = client.get(LIST, {"period": "en-cours-et-a-venir"}).content.decode()
    assert "Prévue chez A" in html and "Installée chez A" in html
    assert row_of(html, past) is None
    html = client.get(LIST, {"period": "en-cours"}).content.decode()
    assert "Installée chez A" in html and "Prévue chez A" not in html
    html = client.get(LIST, {"period": "passes"}).content.decode()
    assert row_of(html, past) is not None and "Installée chez A" not in html


def test_a_placements_page_offers_its_actions(client, manager_a, programme_staff, placed):
    target = placed["planned"]
    client.force_login(manager_a)
    html = unescape(client.get(url("edit", target.pk)).content.decode())
    assert f'href="{url("confirm", target.pk)}"' in html
    assert "Confirmer l'installation" in html and "Saisir une médiation" in html
    assert url("cancel", target.pk) not in html
    client.force_login(programme_staff)
    html = unescape(client.get(url("edit", target.pk)).content.decode())
    assert url("cancel", target.pk) in html


def test_staff_cancel_a_planned_placement_from_its_row(client, programme_staff, placed):
    client.force_login(programme_staff)
    target = placed["planned"]
    page = client.get(url("cancel", target.pk), {"next": LIST})
    assert page.status_code == 200 and "Prévue chez A" in page.content.decode()
    response = client.post(url("cancel", target.pk), {"next": LIST})
    assert response.status_code == 302 and response["Location"] == LIST
    target.refresh_from_db()
    assert target.status == PlacementStatus.CANCELLED


def test_a_venue_manager_cannot_cancel(client, manager_a, placed):
    client.force_login(manager_a)
    # Refused (Wagtail answers a refusal with a redirect to the dashboard and a message).
    refused = client.post(url("cancel", placed["planned"].pk))
    assert refused.status_code == 403 or refused["Location"] == reverse("wagtailadmin_home")
    assert client.post(url("cancel", placed["other"].pk)).status_code == 404
    assert Placement.objects.filter(status=PlacementStatus.CANCELLED).count() == 0


def test_log_mediation_form_is_prefilled_with_the_placement(client, manager_a, placed):
    client.force_login(manager_a)
    add = reverse("wagtailsnippets_artworks_mediationsession:add")
    html = client.get(add, {"placement": placed["installed"].pk}).content.decode()
    assert re.search(rf'<option value="{placed["installed"].pk}"[^>]*selected', html)
    # Another venue's placement in the address selects nothing and is not named.
    html = client.get(add, {"placement": placed["other"].pk}).content.decode()
    assert "Prévue chez B" not in html
    assert not re.search(rf'<option value="{placed["other"].pk}"', html)
    assert MediationSession.objects.count() == 0


def test_the_works_history_tab_links_each_placement(client, programme_staff, placed):
    work = placed["planned"].artwork
    elsewhere = PlacementFactory(
        artwork=work,
        venue=placed["other"].venue,
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2024, 1, 31),
    )
    edit_work = reverse("wagtailsnippets_artworks_artwork:edit", args=[work.pk])
    client.force_login(programme_staff)
    html = client.get(edit_work).content.decode()
    assert f'href="{url("edit", placed["planned"].pk)}"' in html
    assert f'href="{url("edit", elsewhere.pk)}"' in html


def test_reminder_emails_carry_the_absolute_confirm_address(
    settings, mailoutbox, venue_a, manager_a
):
    settings.WAGTAILADMIN_BASE_URL = "https://equipes.exemple.fr"
    manager_a.email = "responsable@exemple.fr"
    manager_a.save()
    today = datetime.date(2025, 6, 2)
    planned = PlacementFactory(
        venue=venue_a,
        start_date=today + datetime.timedelta(days=3),
        end_date=today + datetime.timedelta(days=30),
    )
    installed = PlacementFactory(
        venue=venue_a,
        start_date=today - datetime.timedelta(days=20),
        end_date=today + datetime.timedelta(days=2),
        status=PlacementStatus.INSTALLED,
    )
    send_placement_reminders(today=today)
    bodies = {m.subject: m.body for m in mailoutbox}
    assert len(bodies) == 2
    install_body = next(b for s, b in bodies.items() if "Installation" in s)
    removal_body = next(b for s, b in bodies.items() if "Retrait" in s)
    assert f"https://equipes.exemple.fr{url('confirm', planned.pk)}" in install_body
    assert f"https://equipes.exemple.fr{url('confirm', installed.pk)}" in removal_body


# --- the planning ----------------------------------------------------------------------------


PLANNING = reverse("artworks_planning")


@pytest.fixture
def planning_world(venue_a):
    from places.models import SST, Commune

    sst = SST.objects.first()
    commune = Commune.objects.filter(sst=sst).first()
    venue = VenueFactory(name="Pôle social du planning", code="pole-planning", commune=commune)
    placement = PlacementFactory(
        artwork=ArtworkFactory(title="Œuvre du planning"),
        venue=venue,
        start_date=datetime.date(2027, 7, 1),
        end_date=datetime.date(2027, 7, 31),
    )
    return {"sst": sst, "commune": commune, "venue": venue, "placement": placement}


def test_planning_cells_open_the_placement_or_add_one_for_that_venue_and_month(
    client, programme_staff, planning_world
):
    client.force_login(programme_staff)
    venue = planning_world["venue"]
    html = unescape(
        client.get(PLANNING, {"start": "2027-07", "sst": planning_world["sst"].pk}).content.decode()
    )
    assert f'href="{url("edit", planning_world["placement"].pk)}"' in html
    add = url("add")
    assert f"{add}?venue={venue.pk}&start_date=2027-08-01&end_date=2027-08-31" in html
    assert f"{add}?venue={venue.pk}&start_date=2028-02-01&end_date=2028-02-29" in html
    # July holds a placement: it opens it rather than offering to add one.
    assert f"{add}?venue={venue.pk}&start_date=2027-07-01" not in html


def test_month_navigation_keeps_the_filters(client, programme_staff, planning_world):
    client.force_login(programme_staff)
    sst, commune = planning_world["sst"], planning_world["commune"]
    query = {"start": "2027-07", "sst": sst.pk, "commune": commune.pk, "series": "Clairs Obscurs"}
    html = unescape(client.get(PLANNING, query).content.decode())
    links = dict(re.findall(r'href="\?([^"]+)"[^>]*data-month-nav="(\w+)"', html))
    links = {v: k for k, v in links.items()}
    for direction, month in (("next", "2027-08"), ("previous", "2027-06")):
        params = dict(p.split("=", 1) for p in links[direction].split("&"))
        assert params["start"] == month
        assert params["sst"] == str(sst.pk) and params["commune"] == str(commune.pk)
        assert params["series"] == "Clairs+Obscurs"


def test_planning_header_names_the_planning_and_the_move_form_lists_every_work(
    client, programme_staff, planning_world
):
    ArtworkFactory.create_batch(40)
    client.force_login(programme_staff)
    html = client.get(PLANNING).content.decode()
    breadcrumbs = re.search(r'<nav[^>]*aria-label="Fil d’Ariane".*?</nav>|<ol.*?</ol>', html, re.S)
    assert breadcrumbs and "Planning des rotations" in breadcrumbs.group(0)
    assert html.count('name="artworks"') == 41
    assert "data-works-search" in html and "artworks/planning.js" in html
    # The move form comes after the grid, outside its scrolling container.
    assert html.index('id="planning-grid"') < html.index('id="move-group-form"')


def test_add_placement_form_is_prefilled_from_the_address(client, programme_staff, venue_a):
    work = ArtworkFactory(title="À placer")
    client.force_login(programme_staff)
    html = client.get(
        url("add"),
        {
            "venue": venue_a.pk,
            "artwork": work.pk,
            "start_date": "2027-08-01",
            "end_date": "2027-08-31",
        },
    ).content.decode()
    assert f'name="venue" value="{venue_a.pk}"' in html and "Pôle social A" in html
    assert f'name="artwork" value="{work.pk}"' in html and "À placer" in html
    assert 'value="01/08/2027"' in html and 'value="31/08/2027"' in html
    # Nonsense in the address is ignored, not a server error.
    assert client.get(url("add"), {"start_date": "2027-02-31", "venue": "x"}).status_code == 200
