"""The admin journey: listing buttons, upload → preview → confirm, history, exports, scope."""

import csv
import io
from decimal import Decimal
from html import unescape
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from places.models import Venue
from spreadsheets.models import ImportJob
from spreadsheets.reading import read_spreadsheet
from tests.spreadsheets.helpers import VENUE_HEADERS, csv_bytes

pytestmark = pytest.mark.django_db

ROWS = [
    VENUE_HEADERS,
    ["pole-clichy", "Pôle social de Clichy", "Pôle social", "92024", "48,9042", "2,3059"],
    ["ccas-sevres", "CCAS de Sèvres", "CCAS", "92072", "quarante-huit", "2,21"],
]


def upload(client, rows, skip_invalid=False, name="lieux.csv"):
    data = csv_bytes(rows, delimiter=";", encoding="cp1252")
    payload = {"file": SimpleUploadedFile(name, data, content_type="text/csv")}
    if skip_invalid:
        payload["skip_invalid"] = "on"
    return client.post(reverse("spreadsheets:import", args=["lieux"]), payload, follow=True)


def test_the_venue_listing_has_import_export_and_template_buttons(client, programme_staff):
    client.force_login(programme_staff)
    content = client.get(reverse("wagtailsnippets_places_venue:list")).content.decode()
    assert "Importer" in content and "Exporter" in content
    assert "Télécharger le modèle" in content
    assert reverse("spreadsheets:import", args=["lieux"]) in content


def test_a_windows_1252_semicolon_csv_with_a_bad_row_is_previewed_with_a_french_error(
    client, programme_staff
):
    client.force_login(programme_staff)
    response = upload(client, ROWS)
    content = unescape(response.content.decode())
    assert response.status_code == 200
    assert "Aperçu (rien n'est encore enregistré)" in content
    assert "<td>3</td><td>Latitude</td><td>« quarante-huit » n'est pas un nombre.</td>" in content
    assert "Confirmer l'import" not in content  # all or nothing: fix the file first
    assert not Venue.objects.filter(code="pole-clichy").exists()

    fixed = [ROWS[0], ROWS[1], [*ROWS[2][:4], "48,8239", "2,2117"]]
    response = upload(client, fixed)
    job = ImportJob.objects.latest("pk")
    assert job.status == ImportJob.Status.PREVIEWED
    assert "Confirmer l'import" in unescape(response.content.decode())
    response = client.post(reverse("spreadsheets:confirm", args=[job.pk]), follow=True)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.created_count == 2
    assert Venue.objects.get(code="ccas-sevres").commune.insee_code == "92072"
    history = client.get(reverse("spreadsheets_importjob:index")).content.decode()
    assert "lieux.csv" in history and "Importé" in history


def test_skip_invalid_imports_the_valid_rows_and_offers_the_rejected_file(client, programme_staff):
    client.force_login(programme_staff)
    upload(client, ROWS, skip_invalid=True)
    job = ImportJob.objects.latest("pk")
    client.post(reverse("spreadsheets:confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.created_count == 1
    assert job.skipped_count == 1
    response = client.get(reverse("spreadsheets:rejected", args=[job.pk]))
    sheet = read_spreadsheet(b"".join(response.streaming_content), "refus.csv")
    assert sheet.headers[-1] == "Erreur" and sheet.rows[0][0] == "ccas-sevres"


def test_stored_rows_and_rejected_files_are_private_not_public_media(
    client, programme_staff, settings, django_capture_on_commit_callbacks
):
    """They may hold personal data: kept in the private storage, never under /media/; the
    stored rows live from the preview to the end of the import, not after."""
    client.force_login(programme_staff)
    upload(client, ROWS, skip_invalid=True)
    job = ImportJob.objects.latest("pk")
    rows = job.file
    for stored in (rows, job.rejected_file):
        assert stored.name and stored.storage.exists(stored.name)
        assert Path(stored.storage.path(stored.name)).is_relative_to(settings.PRIVATE_MEDIA_ROOT)
        assert not (Path(settings.MEDIA_ROOT) / stored.name).exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("spreadsheets:confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert not job.file and not rows.storage.exists(rows.name)
    assert job.rejected_file.storage.exists(job.rejected_file.name)
    client.logout()
    assert client.get(f"/media/{rows.name}").status_code == 404
    assert client.get(f"/media/{job.rejected_file.name}").status_code == 404


def test_an_unreadable_upload_is_refused_in_french(client, programme_staff):
    client.force_login(programme_staff)
    response = upload(client, ROWS, name="lieux.xlsx")
    assert "ne correspond pas à son extension" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_an_oversized_upload_is_refused_with_a_clear_message(client, programme_staff, settings):
    settings.SPREADSHEETS_MAX_UPLOAD_SIZE = 50
    client.force_login(programme_staff)
    response = upload(client, ROWS)
    assert "taille maximale" in response.content.decode()


def test_the_listing_export_follows_the_filters_and_reimports(client, programme_staff, venue_a):
    from tests.factories import VenueFactory

    VenueFactory(code="college-x", kind="college")
    client.force_login(programme_staff)
    url = reverse("wagtailsnippets_places_venue:list")
    response = client.get(url, {"kind": "college", "tableur": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = read_spreadsheet(response.content, "x.xlsx")
    assert [row[0] for row in sheet.rows] == ["college-x"]


def test_a_manager_exports_and_sees_history_of_their_own_only(
    client, manager_a, venue_a, venue_b, programme_staff
):
    client.force_login(programme_staff)
    upload(client, ROWS)
    client.force_login(manager_a)
    response = client.get(reverse("wagtailsnippets_places_venue:list"), {"tableur": "csv"})
    sheet = read_spreadsheet(response.content, "x.csv")
    assert [row[0] for row in sheet.rows] == [venue_a.code]
    assert "lieux.csv" not in client.get(reverse("spreadsheets_importjob:index")).content.decode()
    other_job = ImportJob.objects.get()
    assert client.get(reverse("spreadsheets:job", args=[other_job.pk])).status_code == 404


def test_a_manager_cannot_import_communes(client, manager_a):
    client.force_login(manager_a)
    response = client.get(reverse("spreadsheets:import", args=["communes"]))
    assert response.status_code in (302, 403)


def test_the_template_has_the_headers_and_one_example_row(client, programme_staff):
    client.force_login(programme_staff)
    response = client.get(reverse("spreadsheets:template", args=["lieux"]), {"format": "xlsx"})
    sheet = read_spreadsheet(response.content, "modele.xlsx")
    assert sheet.headers[:3] == ["Code", "Nom", "Type de lieu"]
    assert len(sheet.rows) == 1 and sheet.rows[0][0] == "pole-social-asnieres"


LISTINGS = [
    ("wagtailsnippets_places_sst:list", "sst"),
    ("wagtailsnippets_places_commune:list", "communes"),
    ("wagtailsnippets_places_venue:list", "lieux"),
    ("wagtailsnippets_artworks_artist:list", "artistes"),
    ("wagtailsnippets_artworks_artwork:list", "oeuvres"),
    ("wagtailsnippets_artworks_placement:list", "placements"),
    ("wagtailsnippets_artworks_mediationsession:list", "seances-mediation"),
    ("wagtailsnippets_programmes_edition:list", "editions"),
    ("wagtailsnippets_programmes_occurrence:list", "dates-evenements"),
    ("wagtailsnippets_programmes_attendancerecord:list", "frequentation"),
]


@pytest.mark.parametrize(("listing", "resource"), LISTINGS)
def test_every_exchanged_listing_offers_import_export_and_its_template(
    client, programme_staff, listing, resource
):
    client.force_login(programme_staff)
    content = unescape(client.get(reverse(listing)).content.decode())
    assert reverse("spreadsheets:import", args=[resource]) in content
    assert "?tableur=xlsx" in content and "?tableur=csv" in content
    template_url = reverse("spreadsheets:template", args=[resource])
    assert template_url in content
    template = client.get(template_url, {"format": "xlsx"})
    assert template.status_code == 200
    sheet = read_spreadsheet(template.content, "modele.xlsx")
    assert sheet.headers and len(sheet.rows) == 1


def test_wagtails_own_csv_export_is_made_for_french_excel(client, programme_staff, venue_a):
    """The « … » CSV of a listing: BOM, « ; », decimal commas, and a formula typed into a
    record comes out as text, not as a formula Excel would run."""
    venue_a.name = '=HYPERLINK("http://exemple.invalid","Cliquez")'
    venue_a.latitude, venue_a.longitude = Decimal("48.9042"), Decimal("2.3059")
    venue_a.save()
    client.force_login(programme_staff)
    response = client.get(reverse("wagtailsnippets_places_venue:list"), {"export": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeffCode;Nom;")
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff")), delimiter=";"))
    row = dict(zip(rows[0], next(r for r in rows if r[0] == venue_a.code), strict=True))
    assert row["Nom"] == "'" + venue_a.name
    assert row["Latitude"].startswith("48,9042") and row["Longitude"].startswith("2,3059")
    assert row["Actif"] == "Oui"


def test_the_status_of_a_running_import_gives_the_workers_progress(client, programme_staff):
    """What the progress bar polls: the percentage the worker last reported to the result
    backend while the job runs, and the job's own once it is over."""
    import uuid

    from config.celery import app
    from spreadsheets import jobs, registry

    job = jobs.create_job(programme_staff, registry.get("lieux"), csv_bytes(ROWS), "a.csv")
    task_id = str(uuid.uuid4())
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.IMPORTING, task_id=task_id, background=True
    )
    app.backend.store_result(task_id, {"progress": 42}, "PROGRESS")
    client.force_login(programme_staff)
    status_url = reverse("spreadsheets:job_status", args=[job.pk])
    running = client.get(status_url).json()
    assert running == {
        "status": "importing",
        "status_label": "Import en cours",
        "progress": 42,
        "running": True,
    }
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.DONE, progress=100)
    done = client.get(status_url).json()
    assert done["progress"] == 100 and done["running"] is False
    app.backend.forget(task_id)


def test_an_oversized_upload_is_dropped_as_it_arrives_not_stored_whole(
    client, programme_staff, settings, monkeypatch
):
    """Past the limit the file is skipped while it arrives: Django's own handlers (memory,
    temporary file on disk) never receive it whole, and the form says why in French."""
    from django.core.files.uploadhandler import (
        MemoryFileUploadHandler,
        TemporaryFileUploadHandler,
    )

    settings.SPREADSHEETS_MAX_UPLOAD_SIZE = 100 * 1024
    stored = []
    for handler in (MemoryFileUploadHandler, TemporaryFileUploadHandler):
        real = handler.receive_data_chunk

        def counting(self, raw_data, start, real=real):
            stored.append(len(raw_data))
            return real(self, raw_data, start)

        monkeypatch.setattr(handler, "receive_data_chunk", counting)
    big = csv_bytes([VENUE_HEADERS] + [ROWS[1]] * 40_000)  # about 2.5 MB
    assert len(big) > 20 * settings.SPREADSHEETS_MAX_UPLOAD_SIZE
    client.force_login(programme_staff)
    response = client.post(
        reverse("spreadsheets:import", args=["lieux"]),
        {"file": SimpleUploadedFile("lieux.csv", big, content_type="text/csv")},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert errors == [
        "Le fichier dépasse la taille maximale (100,0\xa0Kio) ; il n'a pas été enregistré."
    ]
    assert sum(stored) <= settings.SPREADSHEETS_MAX_UPLOAD_SIZE
    assert not ImportJob.objects.exists()
