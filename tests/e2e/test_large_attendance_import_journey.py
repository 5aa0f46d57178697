"""Staff journey: a 50,000-row attendance file goes to the background — upload from the
attendance listing, a progress bar that moves while a real Celery worker checks the rows, the
preview's counts, confirmation, the bar again while it writes, then the import history."""

import csv
import io
import random
import re
import time
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.utils import timezone

from config.celery import app
from home.roles import PROGRAMME_STAFF
from programmes.models import AttendancePart, AttendanceRecord, Occurrence
from tests.factories import UserFactory, VenueFactory
from tests.programmes import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROWS = 50_000
HEADERS = [
    "Identifiant de la séance",
    "Participants (total)",
    "Adultes / enfants : Adultes",
    "Adultes / enfants : Enfants",
    "Adultes / enfants : non renseigné",
]


def build_file(path):
    venue = VenueFactory(name="Pôle social Asnières", code="pole-asnieres")
    programme = f.programme("Un été au frais", breakdown_adults_children=True)
    event = f.event(programme, title="Atelier d'été", start=timezone.now() - timedelta(days=400))
    now = timezone.now()
    Occurrence.objects.bulk_create(
        (
            Occurrence(
                event=event,
                rule_key=f"grand-{n}",
                venue=venue,
                commune_id=venue.commune_id,
                start=now - timedelta(days=1 + n % 300, hours=3),
                end=now - timedelta(days=1 + n % 300, hours=1),
            )  # fmt: skip
            for n in range(ROWS)
        ),
        batch_size=5000,
    )
    rng = random.Random(50)
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    for (uuid,) in Occurrence.objects.filter(rule_key__startswith="grand-").values_list("uuid"):
        adults, children = rng.randint(0, 20), rng.randint(0, 20)
        writer.writerow([uuid, adults + children, adults, children, 0])
    path.write_bytes(text.getvalue().encode("cp1252"))


def watch_progress(page, until, timeout=240):
    """The progress bar's values seen until `until` is visible (the page reloads then)."""
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if until.count():
            return seen
        try:
            value = page.locator("[data-job-progress] progress").get_attribute("value", timeout=200)
        except Exception:  # noqa: BLE001 — the page is reloading between two reads
            value = None
        if value is not None and (not seen or seen[-1] != int(float(value))):
            seen.append(int(float(value)))
        time.sleep(0.15)
    raise AssertionError(f"still running after {timeout} s; progress seen: {seen}")


def test_a_50000_row_attendance_file_runs_in_the_background_with_a_moving_bar(
    live_server, page, shot, tmp_path
):
    from playwright.sync_api import expect

    UserFactory(username="camille", groups=[PROGRAMME_STAFF])
    data = tmp_path / "frequentation-ete.csv"
    build_file(data)

    page.set_default_timeout(30_000)
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "camille")
    page.fill("#id_password", "mot-de-passe-test")
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        page.goto(live_server.url + "/admin/snippets/programmes/attendancerecord/")
        page.get_by_role("link", name="Importer").click()
        page.locator("input[type=file]").set_input_files(str(data))
        page.get_by_role("button", name="Envoyer et voir l'aperçu").click()
        expect(page.locator("[data-job-progress]")).to_be_visible()
        expect(page.get_by_text("Vous pouvez quitter cette page")).to_be_visible()
        shot("01-analyse-en-cours")
        checking = watch_progress(page, page.get_by_role("button", name="Confirmer l'import"))
        expect(page.locator("[data-job-counts]")).to_contain_text(re.compile(r"50\s?000"))
        shot("02-apercu")
        assert AttendanceRecord.objects.count() == 0

        page.get_by_role("button", name="Confirmer l'import").click()
        writing = watch_progress(page, page.get_by_text(re.compile(r"Import terminé")))
        shot("03-import-termine")

    moving = [v for v in checking + writing if 0 < v < 100]
    assert len(set(moving)) >= 2, f"the bar did not move: {checking} then {writing}"
    assert AttendanceRecord.objects.count() == ROWS
    assert AttendancePart.objects.filter(dimension="adults_children").exists()
    page.goto(live_server.url + "/admin/tableurs/historique/")
    expect(page.get_by_text("frequentation-ete.csv")).to_be_visible()
    shot("04-historique")
