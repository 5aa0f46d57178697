"""Imports people can finish (issue 13, item 9): the rejected-rows button reads its label, every
error of a row is shown in the preview and given back in the rejected rows, and the histories
name the data (« Fréquentation des séances »), not the code (`frequentation`)."""

from html import unescape

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from spreadsheets.models import ExportJob, ImportJob
from spreadsheets.reading import read_spreadsheet
from tests.programmes.participation import culottees, past_session
from tests.spreadsheets.helpers import VENUE_HEADERS, csv_bytes

pytestmark = pytest.mark.django_db

TWO_BAD_CELLS = [
    VENUE_HEADERS,
    ["pole-clichy", "Pôle social de Clichy", "Pôle social", "92024", "48,9042", "2,3059"],
    ["ccas-sevres", "CCAS de Sèvres", "CCAS", "92999", "quarante-huit", "2,21"],
]


def upload(client, rows, skip_invalid=False, resource="lieux"):
    data = csv_bytes(rows, delimiter=";", encoding="cp1252")
    payload = {"file": SimpleUploadedFile(f"{resource}.csv", data, content_type="text/csv")}
    if skip_invalid:
        payload["skip_invalid"] = "on"
    return client.post(reverse("spreadsheets:import", args=[resource]), payload, follow=True)


def visible_text(element):
    """The text a sighted person reads: screen-reader-only spans and hidden icons left out."""
    element = BeautifulSoup(str(element), "html.parser")
    for hidden in element.select(".w-sr-only, .visuallyhidden, [aria-hidden=true]"):
        hidden.decompose()
    return " ".join(element.get_text(" ").split())


def test_the_rejected_rows_button_shows_its_label_beside_a_sized_icon(client, programme_staff):
    client.force_login(programme_staff)
    upload(client, TWO_BAD_CELLS, skip_invalid=True)
    job = ImportJob.objects.latest("pk")
    client.post(reverse("spreadsheets:confirm", args=[job.pk]))
    page = BeautifulSoup(client.get(job.get_absolute_url()).content, "html.parser")
    [button] = page.select(f'a[href="{reverse("spreadsheets:rejected", args=[job.pk])}"]')
    assert visible_text(button) == "Télécharger les lignes refusées (à corriger et renvoyer)"
    # Wagtail sizes an icon inside a button only for « button--icon » (else the SVG takes its
    # default 300 × 150 px and covers the label); the icon is decorative.
    assert {"button", "button--icon"} <= set(button["class"])
    [icon] = button.select("svg.icon")
    assert icon["aria-hidden"] == "true"
    assert icon.find_parent(class_="icon-wrapper") is not None


def test_every_button_with_an_icon_of_the_import_pages_is_an_icon_button(client, programme_staff):
    client.force_login(programme_staff)
    pages = [client.get(reverse("spreadsheets:import", args=["lieux"])).content]
    pages.append(upload(client, TWO_BAD_CELLS[:2]).content)  # a valid preview: confirm, cancel
    buttons = 0
    for content in pages:
        for button in BeautifulSoup(content, "html.parser").select("main .button"):
            if button.select("svg.icon"):
                buttons += 1
                assert "button--icon" in button["class"], button
                assert visible_text(button), button
    assert buttons >= 3


def test_a_row_with_two_bad_cells_reports_both_in_the_preview_and_the_rejected_rows(
    client, programme_staff, venue_a
):
    """An impossible date (31/11) beside a bad count: both said, on screen and in the file."""
    session = past_session(culottees(), venue_a, days_ago=3, capacity=30)
    headers = ["Identifiant de la séance", "Début", "Participants (total)"]
    rows = [headers, [str(session.uuid), "31/11/2025 10:00", "vingt"]]
    client.force_login(programme_staff)
    content = unescape(
        upload(client, rows, skip_invalid=True, resource="frequentation").content.decode()
    )
    assert "<td>2</td><td>Début</td><td>« 31/11/2025 10:00 » n'est pas une date" in content
    assert "<td>2</td><td>Participants (total)</td><td>« vingt »" in content
    job = ImportJob.objects.latest("pk")
    client.post(reverse("spreadsheets:confirm", args=[job.pk]))
    response = client.get(reverse("spreadsheets:rejected", args=[job.pk]))
    rejected = read_spreadsheet(b"".join(response.streaming_content), "refus.csv")
    [row] = rejected.rows
    assert "Début : « 31/11/2025 10:00 » n'est pas une date" in row[-1]
    assert "Participants (total) : « vingt »" in row[-1]


def test_the_histories_name_the_data_not_its_code(client, programme_staff):
    ImportJob.objects.create(
        user=programme_staff,
        resource="frequentation",
        file_format="xlsx",
        original_filename="presences-mars.xlsx",
        status=ImportJob.Status.DONE,
    )
    ExportJob.objects.create(
        user=programme_staff,
        resource="frequentation",
        file_format="xlsx",
        status=ExportJob.Status.DONE,
    )
    client.force_login(programme_staff)
    for listing in ("spreadsheets_importjob:index", "spreadsheets_exportjob:index"):
        page = BeautifulSoup(client.get(reverse(listing)).content, "html.parser")
        cells = [" ".join(td.get_text(" ").split()) for td in page.select("table.listing td")]
        assert "Fréquentation des séances" in cells, (listing, cells)
        assert "frequentation" not in cells
        # The « Données » filter offers the names too.
        options = {
            o["value"]: o.get_text(strip=True) for o in page.select("select[name=resource] option")
        }
        assert options["frequentation"] == "Fréquentation des séances"
        filtered = client.get(reverse(listing), {"resource": "lieux"}).content.decode()
        assert "Fréquentation des séances</td>" not in filtered
    job = ImportJob.objects.get()
    content = unescape(client.get(job.get_absolute_url()).content.decode())
    assert "Données : Fréquentation des séances" in content
