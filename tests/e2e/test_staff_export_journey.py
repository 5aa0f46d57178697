"""Staff journey: a large filtered export runs in the background — listing → Exporter → job
page whose progress bar moves → « Télécharger » → the export history."""

import re
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.files.storage import FileSystemStorage
from playwright.sync_api import expect

from config.celery import app
from home.roles import PROGRAMME_STAFF
from places.models import VenueKind
from spreadsheets import runner
from spreadsheets.models import ExportJob
from spreadsheets.reading import read_spreadsheet
from tests.factories import UserFactory, VenueFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_staff_export_a_large_filtered_listing_in_the_background(
    live_server, page, shot, tmp_path, settings, monkeypatch
):
    settings.SPREADSHEETS_BACKGROUND_EXPORT_ROWS = 3
    monkeypatch.setattr(
        ExportJob._meta.get_field("file"), "storage", FileSystemStorage(tmp_path / "prive")
    )
    real_recorder = runner.progress_recorder

    def slowly(job_id, total):
        """Slow enough for the page to poll the bar a few times."""
        progress, state = real_recorder(job_id, total)

        def step(done):
            time.sleep(0.4)
            progress(done)

        return step, state

    monkeypatch.setattr(runner, "progress_recorder", slowly)
    UserFactory(username="camille", groups=[PROGRAMME_STAFF])
    for n in range(8):
        VenueFactory(code=f"college-{n}", name=f"Collège {n}", kind=VenueKind.COLLEGE)
    VenueFactory(code="pmi-0", name="PMI 0", kind=VenueKind.PMI)

    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "camille")
    page.fill("#id_password", "mot-de-passe-test")
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        page.goto(live_server.url + "/admin/snippets/places/venue/?kind=college")
        page.get_by_role("button", name="Exporter").click()
        page.get_by_role("link", name="Excel (XLSX)").click()
        expect(page).to_have_url(re.compile(r"/admin/tableurs/exports/\d+/$"))
        expect(page.get_by_text("Type de lieu : Collège")).to_be_visible()
        bar = page.locator("[data-job-progress] progress")
        seen = set()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and page.locator("[data-job-progress]").count():
            try:
                seen.add(int(bar.get_attribute("value", timeout=500)))
            except Exception:  # the page reloaded between two reads
                pass
            if len(seen) == 2:
                shot("01-export-en-cours")
            time.sleep(0.2)
        assert len({value for value in seen if 0 < value < 100}) >= 2, seen  # it moved
        link = page.get_by_role("link", name="Télécharger")
        expect(link).to_be_visible(timeout=20_000)
    expect(page.get_by_text("Prêt à télécharger")).to_be_visible()
    shot("02-export-pret")

    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert re.fullmatch(r"lieux-\d{4}-\d{2}-\d{2}\.xlsx", download.suggested_filename)
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    sheet = read_spreadsheet(path.read_bytes(), path.name)
    assert sorted(row[0] for row in sheet.rows) == [f"college-{n}" for n in range(8)]

    page.get_by_role("link", name="Historique des exports").first.click()
    expect(page.get_by_role("link", name=download.suggested_filename)).to_be_visible()
    shot("03-historique-des-exports")
