"""In Chromium, the « Télécharger les lignes refusées » button shows its label: its icon is sized
by Wagtail's icon-button classes (issue 13; an unsized SVG took 300 × 150 px and covered it)."""

import re

import pytest
from playwright.sync_api import expect

from home.roles import PROGRAMME_STAFF
from tests.factories import UserFactory
from tests.spreadsheets.helpers import VENUE_HEADERS, csv_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

GOOD = ["pole-clichy", "Pôle social de Clichy", "Pôle social", "92024", "48,9042", "2,3059"]
BAD = ["ccas-sevres", "CCAS de Sèvres", "CCAS", "92999", "quarante-huit", "2,21"]
LABEL = "Télécharger les lignes refusées (à corriger et renvoyer)"


def test_the_rejected_rows_button_reads_its_label(live_server, page, shot, tmp_path):
    UserFactory(username="camille", groups=[PROGRAMME_STAFF])
    sheet = tmp_path / "lieux.csv"
    sheet.write_bytes(csv_bytes([VENUE_HEADERS, GOOD, BAD], delimiter=";", encoding="cp1252"))
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "camille")
    page.fill("#id_password", "mot-de-passe-test")
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.goto(live_server.url + "/admin/snippets/places/venue/")
    page.get_by_role("link", name="Importer").click()
    page.locator("input[type=file]").set_input_files(str(sheet))
    page.get_by_label("Importer les lignes valides et écarter les lignes en erreur").check()
    page.get_by_role("button", name="Envoyer et voir l'aperçu").click()
    page.get_by_role("button", name="Confirmer l'import").click()
    button = page.get_by_role("link", name=LABEL)
    expect(button).to_be_visible()
    shot("01-lignes-refusees")
    icon = button.locator("svg.icon").bounding_box()
    box = button.bounding_box()
    assert icon["width"] <= 32 and icon["height"] <= 32, icon
    # The label fits beside the icon, inside the button: as wide as its text needs.
    text_width = button.evaluate(
        "a => { const r = document.createRange(); r.selectNodeContents(a);"
        " return r.getBoundingClientRect().width; }"
    )
    assert box["width"] >= text_width > 200, (box, text_width)
    assert box["height"] <= 60, box
