"""Staff journey: import a French spreadsheet of venues — listing → Importer → preview with the
bad row's error in French → fixed file → confirm → import history."""

import re

import pytest
from playwright.sync_api import expect

from home.roles import PROGRAMME_STAFF
from places.models import Venue
from tests.factories import UserFactory
from tests.spreadsheets.helpers import VENUE_HEADERS, csv_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

GOOD = ["pole-clichy", "Pôle social de Clichy", "Pôle social", "92024", "48,9042", "2,3059"]
BAD = ["ccas-sevres", "CCAS de Sèvres", "CCAS", "92072", "quarante-huit", "2,21"]
FIXED = ["ccas-sevres", "CCAS de Sèvres", "CCAS", "92072", "48,8239", "2,2117"]


def test_staff_import_a_windows_1252_csv_with_preview_and_confirmation(
    live_server, page, shot, tmp_path
):
    UserFactory(username="camille", groups=[PROGRAMME_STAFF])
    bad_file = tmp_path / "lieux.csv"
    bad_file.write_bytes(csv_bytes([VENUE_HEADERS, GOOD, BAD], delimiter=";", encoding="cp1252"))
    fixed_file = tmp_path / "lieux-corrige.csv"
    fixed_file.write_bytes(
        csv_bytes([VENUE_HEADERS, GOOD, FIXED], delimiter=";", encoding="cp1252")
    )

    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "camille")
    page.fill("#id_password", "mot-de-passe-test")
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.goto(live_server.url + "/admin/snippets/places/venue/")
    page.get_by_role("link", name="Importer").click()
    shot("01-formulaire-import")
    page.locator("input[type=file]").set_input_files(str(bad_file))
    page.get_by_role("button", name="Envoyer et voir l'aperçu").click()
    expect(page.get_by_text("« quarante-huit » n'est pas un nombre.")).to_be_visible()
    expect(page.get_by_role("button", name="Confirmer l'import")).to_have_count(0)
    shot("02-apercu-avec-erreur")
    assert not Venue.objects.filter(code="pole-clichy").exists()

    page.goto(live_server.url + "/admin/snippets/places/venue/")
    page.get_by_role("link", name="Importer").click()
    page.locator("input[type=file]").set_input_files(str(fixed_file))
    page.get_by_role("button", name="Envoyer et voir l'aperçu").click()
    shot("03-apercu-valide")
    page.get_by_role("button", name="Confirmer l'import").click()
    expect(page.get_by_text(re.compile(r"Import terminé \(durée : \d+,\d s\)"))).to_be_visible()
    shot("04-import-termine")
    assert Venue.objects.get(code="ccas-sevres").commune.insee_code == "92072"

    page.goto(live_server.url + "/admin/tableurs/historique/")
    expect(page.get_by_text("lieux-corrige.csv")).to_be_visible()
    shot("05-historique")
