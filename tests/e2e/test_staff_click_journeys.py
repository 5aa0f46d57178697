"""Staff finish every task by clicking (issue 13): each journey starts at the dashboard after
login and types no admin address; it counts its clicks (choices in a list and fields filled
included), prints them (« CLICKS … ») and saves a screenshot at each step."""

import datetime
import re

import pytest
from django.utils import timezone

from home.roles import MODERATORS, PROGRAMME_STAFF, VENUE_MANAGERS
from tests.artworks.factories import ArtworkFactory, MediationSessionFactory, PlacementFactory
from tests.e2e.clicking import (
    Clicks,
    login,
    no_open_calendar,
    open_dashboard,
    open_menu,
    report,
    sidebar,
)
from tests.factories import UserFactory, VenueFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def staff_page(browser):
    """A browser context of the journey's own, closed by the journey (as in
    test_placement_journey): nothing of it is left running when the database is emptied."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def snap(page, shot, name):
    page.screenshot(path=str(shot.folder / f"{name}.png"), full_page=True)


def test_a_venue_manager_logs_a_mediation_and_the_attendance_of_two_sessions(
    live_server, browser, shot
):
    from playwright.sync_api import expect

    now = timezone.localtime()
    today = now.date()
    venue = VenueFactory(name="Pôle social Asnières", code="pole-asnieres")
    UserFactory(username="lieu.asnieres", groups=[VENUE_MANAGERS])
    venue.managers.add(UserFactory(username="lieu.asnieres"))
    placement = PlacementFactory(
        artwork=ArtworkFactory(title="Clairs Obscurs, la table"),
        venue=venue,
        start_date=today - datetime.timedelta(days=10),
        end_date=today + datetime.timedelta(days=20),
    )
    MediationSessionFactory(
        placement=placement,
        starts_at=(now - datetime.timedelta(days=3)).replace(hour=14, minute=0),
        leader_name="Inès Médiatrice",
    )
    held = (now - datetime.timedelta(days=1)).replace(hour=10, minute=0, second=0, microsecond=0)

    page = staff_page(browser)
    login(page, live_server.url, "lieu.asnieres")
    clicks = Clicks()
    queue = page.locator("#mediation_to_log-panel")
    expect(queue.locator(".work-queue__total")).to_have_text("1")
    snap(page, shot, "01-tableau-de-bord")
    clicks.click(queue.get_by_role("link", name="Ajouter une séance de médiation"))
    clicks.select(page.locator("#id_placement"), value=str(placement.pk))
    clicks.fill_date(page.locator("#id_starts_at"), held.strftime("%d/%m/%Y %H:%M"))
    clicks.select(page.locator("#id_led_by"), value="mediator")
    clicks.fill(page.locator("#id_leader_name"), "Paul Médiateur")
    clicks.select(page.locator("#id_audience"), value="families")
    no_open_calendar(page)
    snap(page, shot, "02-nouvelle-seance")
    clicks.click(page.get_by_role("button", name=re.compile("^Enregistrer")).first)
    expect(page.locator(".messages")).to_contain_text("création enregistrée")
    snap(page, shot, "03-seance-enregistree")

    open_dashboard(page, clicks)
    expect(queue.locator(".work-queue__total")).to_have_text("2")
    for total in ("12", "8"):
        clicks.click(queue.get_by_role("link", name="Saisir la fréquentation").first)
        clicks.fill(page.locator("#id_attendance_total"), total)
        clicks.click(page.get_by_role("button", name=re.compile("^Enregistrer")).first)
        expect(page.locator(".messages")).to_contain_text("modifications enregistrées")
        open_dashboard(page, clicks)
    expect(queue).to_contain_text("Aucune séance de médiation en attente de fréquentation.")
    snap(page, shot, "04-frequentation-saisie")
    page.context.close()
    report("mediation", clicks)
    assert clicks.count <= 20


def choose_artist(page, clicks, name):
    """The work form's « Artistes » field, whatever its widget: a list, checkboxes or a
    chooser that searches artists by name."""
    field = page.locator("[data-field-wrapper]", has=page.locator("[name=artists]")).first
    if page.locator("select[name=artists]").count():
        clicks.select(page.locator("select[name=artists]"), label=name)
    elif page.locator("input[type=checkbox][name=artists]").count():
        clicks.check(field.get_by_label(name))
    else:  # « Ajouter : artiste » opens Wagtail's chooser: search, tick, confirm
        from playwright.sync_api import expect

        clicks.click(page.get_by_role("button", name="Ajouter : artiste"))
        modal = page.locator(".modal-content")
        # The results are fetched again once the search is typed: tick in the new ones.
        with page.expect_response(lambda response: "q=" in response.url):
            clicks.fill(modal.locator("input[name=q]"), name)
        row = modal.locator("tr", has_text=name).first
        expect(row).to_be_visible()
        clicks.check(row.get_by_role("checkbox"))
        expect(row.get_by_role("checkbox")).to_be_checked()
        clicks.click(modal.get_by_role("button", name=re.compile("Confirmer|Confirm", re.I)))
        expect(page.locator("form[data-edit-form]").get_by_text(name).first).to_be_visible()


def test_programme_staff_create_an_artist_and_a_work_without_typing_a_slug(
    live_server, browser, shot
):
    from playwright.sync_api import expect

    UserFactory(username="equipe.programmes", groups=[PROGRAMME_STAFF])

    page = staff_page(browser)
    login(page, live_server.url, "equipe.programmes")
    clicks = Clicks()
    open_menu(page, clicks, "Collection FDAC", "Artistes")
    clicks.click(page.get_by_role("link", name=re.compile("Ajouter")).first)
    clicks.fill(page.locator("#id_name"), "Véronique Ellena")
    snap(page, shot, "01-nouvel-artiste")
    clicks.click(page.get_by_role("button", name=re.compile("^Enregistrer")).first)
    expect(page.locator(".messages")).to_contain_text("Véronique Ellena")
    expect(page.locator(".messages")).not_to_contain_text("erreur")

    open_menu(page, clicks, "Collection FDAC", "Œuvres")
    clicks.click(page.get_by_role("link", name=re.compile("Ajouter")).first)
    clicks.fill(page.locator("#id_inventory_number"), "FDAC 2009.14")
    clicks.fill(page.locator("#id_title"), "Clairs Obscurs, la table")
    choose_artist(page, clicks, "Véronique Ellena")
    snap(page, shot, "02-nouvelle-oeuvre")
    clicks.click(page.get_by_role("button", name=re.compile("^Enregistrer")).first)
    expect(page.locator(".messages")).to_contain_text("Clairs Obscurs, la table")
    snap(page, shot, "03-oeuvre-enregistree")

    # The slugs were made from the name and the title: the listings open the records.
    clicks.click(page.get_by_role("link", name="FDAC 2009.14").first)
    expect(page.locator("#id_slug")).to_have_value("clairs-obscurs-la-table")
    open_menu(page, clicks, "Collection FDAC", "Artistes")
    clicks.click(page.get_by_role("link", name="Véronique Ellena").first)
    expect(page.locator("#id_slug")).to_have_value("veronique-ellena")
    snap(page, shot, "04-artiste")
    # Leaving the form here, not by closing the browser: the editing session's release request
    # then reaches the server while the test still runs.
    open_dashboard(page, clicks)
    page.context.close()
    report("artist+work", clicks)
    # The searchable chooser takes four actions (open, search, tick, confirm); the list took one.
    assert clicks.count <= 20


def test_programme_staff_move_a_group_of_thirty_works(live_server, page, shot):
    from playwright.sync_api import expect

    from artworks.selectors import add_months

    today = timezone.localdate()
    this_month = today.replace(day=1)
    next_month = add_months(this_month, 1)
    leaving = VenueFactory(name="Pôle social Villeneuve", code="pole-villeneuve")
    arriving = VenueFactory(name="Pôle social Clichy", code="pole-clichy")
    for number in range(30):
        PlacementFactory(
            artwork=ArtworkFactory(title=f"Rotation {number + 1}", series="Paysages du 92"),
            venue=leaving,
            start_date=this_month,
            end_date=next_month - datetime.timedelta(days=1),
        )
    ArtworkFactory.create_batch(5, series="Clairs Obscurs")
    UserFactory(username="equipe.programmes", groups=[PROGRAMME_STAFF])

    login(page, live_server.url, "equipe.programmes")
    clicks = Clicks()
    open_menu(page, clicks, "Collection FDAC", "Planning des rotations")
    form = page.locator("#move-group-form")
    clicks.fill(form.get_by_label("Filtrer les œuvres (numéro, titre, série)"), "Paysages du 92")
    clicks.click(form.get_by_role("button", name="Cocher les œuvres affichées"))
    expect(form.locator("[data-works-count]")).to_have_text("30 œuvres affichées, 30 cochées")
    clicks.select(form.get_by_label("Lieu d'accueil"), label=f"{arriving}")
    # The period is next month already (the move form's default).
    expect(form.get_by_label("Début")).to_have_value(next_month.isoformat())
    shot("01-groupe-choisi")
    clicks.click(form.get_by_role("button", name="Placer les œuvres choisies"))
    expect(page.locator(".messages")).to_contain_text("30 œuvre(s) placée(s) à Pôle social Clichy")
    shot("02-groupe-place")
    report("group-move-30", clicks)
    assert clicks.count <= 7


def test_staff_submit_a_recurring_event_and_a_moderator_approves_it_from_the_dashboard(
    live_server, browser, page, shot
):
    from playwright.sync_api import expect

    from tests.programmes.factories import programme

    programme(title="Giga Séniors")
    UserFactory(username="equipe.programmes", groups=[PROGRAMME_STAFF])
    UserFactory(username="moderation", groups=[MODERATORS])
    first = timezone.localdate() + datetime.timedelta(days=7)
    until = first + datetime.timedelta(weeks=5)

    login(page, live_server.url, "equipe.programmes")
    clicks = Clicks()
    # The sidebar's page explorer: down to the programme, whose listing adds an event.
    menu = sidebar(page)
    clicks.click(menu.get_by_role("button", name="Pages"))
    clicks.click(
        menu.get_by_role("link", name="Voir les sous-pages de 'Institut des Hauts-de-Seine'")
    )
    clicks.click(menu.get_by_role("link", name="Voir les sous-pages de 'Nos programmes'"))
    shot("00-explorateur")
    clicks.click(menu.get_by_role("link", name="Giga Séniors", exact=True))
    clicks.click(page.get_by_role("link", name=re.compile("Ajouter une sous-page")).first)
    clicks.fill(page.locator("#id_title"), "Atelier mémoire")
    page.locator("#id_title").blur()
    expect(page.locator("#id_slug")).to_have_value(re.compile(r"^atelier-m[eé]moire$"))
    clicks.fill(page.locator("#id_summary"), "Un atelier chaque semaine pour entraîner sa mémoire.")
    clicks.fill_date(page.locator("#id_starts_at"), f"{first:%d/%m/%Y} 14:00")
    clicks.fill_date(page.locator("#id_ends_at"), f"{first:%d/%m/%Y} 16:00")
    clicks.select(page.locator("#id_recurrence"), value="weekly")
    clicks.fill_date(page.locator("#id_repeat_until"), f"{until:%d/%m/%Y}")
    no_open_calendar(page)
    shot("01-evenement")
    clicks.click(page.locator("footer [data-w-dropdown-target='toggle']"))
    clicks.click(page.locator("button[name='action-submit']"))
    expect(page.locator(".messages")).to_contain_text("soumise")
    shot("02-soumis")
    report("recurring-event-submit", clicks)

    moderator_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    moderator = moderator_context.new_page()
    moderator.set_default_timeout(15_000)
    login(moderator, live_server.url, "moderation")
    approvals = Clicks()
    # Wagtail's « En attente de votre vérification » panel: the row's « … » menu, « Approuver ».
    row = moderator.locator("tr", has_text="Atelier mémoire")
    expect(row).to_be_visible()
    moderator.screenshot(path=str(shot.folder / "03-a-valider.png"), full_page=True)
    approvals.click(row.get_by_role("button", name="Actions"))
    approvals.click(
        row.locator(
            "button[data-workflow-action-url]:not([data-launch-modal])", has_text="Approuver"
        )
    )
    expect(moderator.locator(".messages")).to_contain_text(
        "Page « Atelier mémoire » approuvée et publiée."
    )
    expect(moderator.get_by_text("Aucune page à valider pour le moment.")).to_be_visible()
    moderator.screenshot(path=str(shot.folder / "04-approuvee.png"), full_page=True)
    moderator_context.close()
    report("recurring-event-approve", approvals)
    assert clicks.count <= 15 and approvals.count <= 2


WORK_HEADERS = ["Numéro d'inventaire FDAC", "Titre", "Série", "Année de création"]


def test_staff_fix_a_bad_row_of_a_works_import_and_confirm_it(live_server, page, shot, tmp_path):
    from playwright.sync_api import expect

    from tests.spreadsheets.helpers import csv_bytes

    UserFactory(username="equipe.programmes", groups=[PROGRAMME_STAFF])
    good = ["FDAC 2009.14", "Clairs Obscurs, la table", "Clairs Obscurs", "2008"]
    bad_file = tmp_path / "oeuvres.csv"
    bad_file.write_bytes(
        csv_bytes([WORK_HEADERS, good, ["FDAC 2009.15", "La fenêtre", "", "deux mille"]])
    )
    fixed_file = tmp_path / "oeuvres-corrige.csv"
    fixed_file.write_bytes(
        csv_bytes([WORK_HEADERS, good, ["FDAC 2009.15", "La fenêtre", "", "2008"]])
    )

    login(page, live_server.url, "equipe.programmes")
    clicks = Clicks()
    open_menu(page, clicks, "Collection FDAC", "Œuvres")
    clicks.click(page.get_by_role("link", name="Importer").first)
    page.locator("input[type=file]").set_input_files(str(bad_file))
    clicks.count += 1  # the file picker
    shot("01-formulaire")
    clicks.click(page.get_by_role("button", name="Envoyer et voir l'aperçu"))
    expect(page.get_by_text("« deux mille » n'est pas un nombre.")).to_be_visible()
    expect(page.get_by_role("button", name="Confirmer l'import")).to_have_count(0)
    shot("02-apercu-erreur")
    clicks.click(page.get_by_role("link", name="Envoyer un fichier corrigé"))
    page.locator("input[type=file]").set_input_files(str(fixed_file))
    clicks.count += 1
    clicks.click(page.get_by_role("button", name="Envoyer et voir l'aperçu"))
    shot("03-apercu-valide")
    clicks.click(page.get_by_role("button", name="Confirmer l'import"))
    expect(page.get_by_text(re.compile(r"Import terminé"))).to_be_visible()
    shot("04-import-termine")
    open_menu(page, clicks, "Collection FDAC", "Œuvres")
    expect(page.locator("table.listing")).to_contain_text("La fenêtre")
    report("works-import-fixed", clicks)
    assert clicks.count <= 12
