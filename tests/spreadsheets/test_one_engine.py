"""Imports and exports share one job table and one runner (issue 15): each kind still sees only
its own jobs (histories, pages), keeps its own words, and the runner fails either kind with its
kind's message."""

import datetime

import pytest
from django.core.files.storage import FileSystemStorage
from django.urls import reverse
from django.utils import timezone

from spreadsheets import exports, jobs, registry, runner
from spreadsheets.models import ExportJob, ImportJob, SpreadsheetJob
from tests.spreadsheets.helpers import VENUE_HEADERS, csv_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_files(tmp_path, monkeypatch):
    storage = FileSystemStorage(location=tmp_path / "prive")
    for name in ("file", "rejected_file"):
        monkeypatch.setattr(SpreadsheetJob._meta.get_field(name), "storage", storage)
    return storage


@pytest.fixture
def both(programme_staff):
    entry = registry.get("lieux")
    imported = jobs.create_job(programme_staff, entry, csv_bytes([VENUE_HEADERS]), "lieux.csv")
    exported = exports.create_job(programme_staff, entry, "csv", row_count=9)
    return imported, exported


def test_each_kind_sees_only_its_own_jobs(client, programme_staff, both):
    imported, exported = both
    assert list(ImportJob.objects.all()) == [imported]
    assert list(ExportJob.objects.all()) == [exported]
    assert SpreadsheetJob.objects.count() == 2 and imported.pk != exported.pk
    assert (imported.kind, exported.kind) == ("import", "export")
    client.force_login(programme_staff)
    assert client.get(reverse("spreadsheets:job", args=[exported.pk])).status_code == 404
    assert client.get(reverse("spreadsheets:export_job", args=[imported.pk])).status_code == 404
    imports = client.get(reverse("spreadsheets_importjob:index")).content.decode()
    assert "lieux.csv" in imports and exported.filename not in imports
    assert "Importé par" in imports and "Envoyé le" in imports  # the imports' own words
    history = client.get(reverse("spreadsheets_exportjob:index")).content.decode()
    assert exported.filename in history and "lieux.csv" not in history


def test_each_kind_keeps_its_own_words_and_folders(both):
    imported, exported = both
    SpreadsheetJob.objects.update(status="done")
    imported.refresh_from_db(), exported.refresh_from_db()
    assert imported.get_status_display() == "Importé"
    assert exported.get_status_display() == "Prêt à télécharger"
    assert imported.file.name.startswith("spreadsheets/rows/")
    assert str(imported) == "lieux.csv (Lieux)" and str(exported).endswith("(Lieux)")


def test_the_runner_fails_stale_jobs_of_either_kind_with_their_own_message(both):
    imported, exported = both
    two_days_ago = timezone.now() - datetime.timedelta(days=2)
    ImportJob.objects.update(status=ImportJob.Status.IMPORTING, started_at=two_days_ago)
    ExportJob.objects.update(status=ExportJob.Status.RUNNING, started_at=two_days_ago)
    assert runner.fail_stale() == 2
    imported.refresh_from_db(), exported.refresh_from_db()
    assert imported.status == exported.status == "failed"
    assert imported.message.startswith("Le traitement a été interrompu")
    assert exported.message.startswith("L'export n'a pas abouti")
    assert not imported.file  # a failed import's stored rows go with it
