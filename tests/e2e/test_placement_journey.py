"""Browser journeys that only click, from the dashboard after login: a venue manager confirms an
installation with a condition note and a photo; programme staff place a work from a planning
cell. No admin address is typed but the login page's. Each journey counts its clicks."""

import datetime
import re

import pytest
from django.utils import timezone

from home.roles import PROGRAMME_STAFF, VENUE_MANAGERS
from tests.artworks.factories import ArtworkFactory, PlacementFactory, png_file
from tests.e2e.clicking import Clicks, login, open_menu
from tests.factories import UserFactory, VenueFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_venue_manager_confirms_an_installation_by_clicking(live_server, browser, shot, tmp_path):
    from playwright.sync_api import expect

    from artworks.models import PlacementStatus

    today = timezone.localdate()
    mine = VenueFactory(name="Pôle social Asnières", code="pole-asnieres")
    other = VenueFactory(name="Pôle social Villeneuve", code="pole-villeneuve")
    manager = UserFactory(username="lieu.asnieres", groups=[VENUE_MANAGERS])
    mine.managers.add(manager)
    placement = PlacementFactory(
        artwork=ArtworkFactory(title="Clairs Obscurs, la table"),
        venue=mine,
        start_date=today - datetime.timedelta(days=1),
        end_date=today + datetime.timedelta(days=29),
    )
    PlacementFactory(
        artwork=ArtworkFactory(title="Œuvre de Villeneuve"),
        venue=other,
        start_date=today,
        end_date=today + datetime.timedelta(days=30),
    )
    photo = tmp_path / "accrochage.png"
    photo.write_bytes(png_file("accrochage.png").read())

    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15_000)
    login(page, live_server.url, "lieu.asnieres")
    clicks = Clicks()
    shot_path = shot.folder
    page.screenshot(path=str(shot_path / "01-tableau-de-bord.png"), full_page=True)
    open_menu(page, clicks, "Collection FDAC", "Placements")
    expect(page.locator("table.listing")).to_contain_text("Clairs Obscurs, la table")
    expect(page.locator("table.listing")).not_to_contain_text("Villeneuve")
    page.screenshot(path=str(shot_path / "02-placements.png"), full_page=True)
    row = page.locator("tr", has_text="Clairs Obscurs, la table")
    clicks.click(row.get_by_role("link", name="Confirmer l'installation"))
    page.fill("#id_condition_notes", "Bon état, accrochée dans le hall d'accueil.")
    page.set_input_files("#id_photo", str(photo))
    clicks.count += 2  # the note field and the file picker
    page.screenshot(path=str(shot_path / "03-confirmation.png"), full_page=True)
    clicks.click(page.get_by_role("button", name="Confirmer l'installation"))
    expect(page.locator(".messages")).to_contain_text("Installation confirmée")
    page.screenshot(path=str(shot_path / "04-confirmee.png"), full_page=True)
    # The placement's page shows the note and the photo (no database read after the browser
    # ran: the journeys' data restore needs the connection as the browser left it).
    clicks.click(page.get_by_role("link", name=re.compile("Clairs Obscurs, la table")).first)
    expect(page.locator("#id_install_condition_notes")).to_have_value(
        "Bon état, accrochée dans le hall d'accueil."
    )
    expect(page.locator("select#id_status, #id_status").first).to_have_value(
        PlacementStatus.INSTALLED
    )
    photo_link = page.locator(f"a[href*='/photo/{placement.pk}/installation/']").first
    expect(photo_link).to_be_attached()
    page.screenshot(path=str(shot_path / "05-placement.png"), full_page=True)
    context.close()
    print(f"\nClics (responsable de lieu, confirmer une installation) : {clicks.count}")
    assert clicks.count <= 7


def test_programme_staff_place_a_work_from_a_planning_cell(live_server, browser, shot):
    from playwright.sync_api import expect

    from artworks.selectors import add_months
    from places.models import SST

    today = timezone.localdate()
    next_month = add_months(today.replace(day=1), 1)
    last_day = add_months(next_month, 1) - datetime.timedelta(days=1)
    sst = SST.objects.filter(communes__isnull=False).first()
    commune = sst.communes.first()
    venue = VenueFactory(name="Pôle social du planning", code="pole-planning", commune=commune)
    ArtworkFactory(title="Figure au balcon", inventory_number="FDAC 2009.14")
    UserFactory(username="equipe.programmes", groups=[PROGRAMME_STAFF])

    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15_000)
    login(page, live_server.url, "equipe.programmes")
    clicks = Clicks()
    open_menu(page, clicks, "Collection FDAC", "Planning des rotations")
    expect(page.locator("#planning-grid")).to_be_visible()
    page.select_option("#id_sst", str(sst.pk))
    clicks.count += 1
    clicks.click(page.get_by_role("button", name="Afficher", exact=True))
    clicks.click(page.get_by_role("link", name="Mois suivant"))
    expect(page).to_have_url(re.compile(rf"start={next_month:%Y-%m}"))
    expect(page).to_have_url(re.compile(rf"sst={sst.pk}"))  # the filter kept
    expect(page.locator("#planning-grid")).to_be_visible()
    page.screenshot(path=str(shot.folder / "01-planning.png"), full_page=True)
    # At 1,366 px nothing sits off-screen to the right: the grid scrolls in its own box and the
    # group move form, below it, lists every work within the page's width.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    rights = page.locator("#move-group-form label:has(input[name=artworks])").evaluate_all(
        "labels => labels.map(l => l.getBoundingClientRect().right)"
    )
    assert rights and max(rights) <= 1366
    month_label = page.locator("#planning-grid thead th").nth(1).inner_text()
    clicks.click(page.get_by_role("link", name=f"Placer une œuvre à {venue.name} en {month_label}"))
    expect(page.locator("#id_venue")).to_have_value(str(venue.pk))
    # The work is chosen in the work chooser (searched by its inventory number).
    clicks.click(page.get_by_role("button", name=re.compile("Choisir (une )?œuvre")))
    modal = page.locator(".modal-dialog").first
    modal.locator("input[name=q]").fill("FDAC 2009.14")
    clicks.count += 1
    clicks.click(modal.get_by_role("link", name=re.compile("Figure au balcon")))
    page.screenshot(path=str(shot.folder / "02-ajout-prerempli.png"), full_page=True)
    clicks.click(page.get_by_role("button", name=re.compile("^Enregistrer")).first)
    expected = f"Figure au balcon à {venue.name}, du {next_month:%d/%m/%Y} au {last_day:%d/%m/%Y}"
    expect(page.locator(".messages")).to_contain_text(expected)
    page.screenshot(path=str(shot.folder / "03-place.png"), full_page=True)
    context.close()
    print(f"\nClics (équipe programmes, placer une œuvre depuis le planning) : {clicks.count}")
    assert clicks.count <= 10
