"""Browser journey: a venue manager logs two sessions at once (and never sees another venue's),
then programme staff read the report and its chart and export it to XLSX."""

import re

import pytest

from home.roles import PROGRAMME_STAFF, VENUE_MANAGERS
from tests.factories import UserFactory, VenueFactory
from tests.programmes import factories as f
from tests.programmes.participation import past_session
from tests.spreadsheets.helpers import listing_download

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def login(page, base_url, username):
    from playwright.sync_api import expect

    page.goto(base_url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "mot-de-passe-test")
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def test_a_venue_manager_logs_two_sessions_and_staff_export_the_report(live_server, browser, shot):
    from playwright.sync_api import expect

    mine = VenueFactory(name="Pôle social Asnières", code="pole-asnieres")
    other = VenueFactory(name="Pôle social Villeneuve", code="pole-villeneuve")
    manager = UserFactory(username="lieu.asnieres", groups=[VENUE_MANAGERS])
    mine.managers.add(manager)
    UserFactory(username="equipe.programmes", groups=[PROGRAMME_STAFF])
    programme = f.programme("Giga Séniors", breakdown_age_band=True)
    first = past_session(programme, mine, days_ago=3, title="Atelier mémoire")
    second = past_session(programme, mine, days_ago=10, title="Atelier équilibre")
    past_session(programme, other, days_ago=3, title="Atelier de Villeneuve")

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15_000)
    login(page, live_server.url, "lieu.asnieres")
    expect(page.locator("#attendance-panel")).to_contain_text("Atelier mémoire")
    page.goto(live_server.url + "/admin/frequentation/a-saisir/")
    expect(page.locator("#attendance-grid")).not_to_contain_text("Villeneuve")
    for occurrence, total, (young, old) in ((first, 18, (11, 7)), (second, 12, (5, 7))):
        page.fill(f"[name='s{occurrence.pk}-total']", str(total))
        page.fill(f"[name='s{occurrence.pk}-part__age_band__60-74']", str(young))
        page.fill(f"[name='s{occurrence.pk}-part__age_band__75+']", str(old))
    page.screenshot(path=str(shot.folder / "01-grille.png"), full_page=True)
    page.get_by_role("button", name="Enregistrer les lignes remplies").click()
    expect(page.locator(".messages")).to_contain_text("2 séance(s)")
    expect(page.locator("body")).to_contain_text("Aucune séance à saisir")
    context.close()

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15_000)
    login(page, live_server.url, "equipe.programmes")
    page.goto(live_server.url + "/admin/rapports/frequentation/?group_by=venue")
    expect(page.locator("#reach-table")).to_contain_text("Pôle social Asnières")
    expect(page.locator(".report-chart")).to_contain_text("30")
    page.screenshot(path=str(shot.folder / "02-rapport.png"), full_page=True)
    table_total = page.locator("#total-people").inner_text()
    export = context.request.get(
        live_server.url + "/admin/rapports/frequentation/?group_by=venue&export=xlsx"
    )
    assert export.ok
    _block, _headings, rows, totals = listing_download(export.body())
    assert sum(row[2] for row in rows) == int(table_total) == 30 == totals[2]
    context.close()
