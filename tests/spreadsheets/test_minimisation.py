"""Data minimisation of uploads (issue 12): between preview and import only the rows of the
columns the resource knows are kept, never the upload; an unknown column is named as ignored
and its cells are written nowhere — no file under the storage roots, no table, no log line —
after the preview, the confirmation or the cancellation. Previews left unconfirmed expire."""

import datetime
import gzip
import io
import logging
import zipfile
from html import unescape
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from places.models import Venue
from programmes.models import AttendanceRecord
from spreadsheets import jobs, registry
from spreadsheets.models import ImportJob
from spreadsheets.reading import read_spreadsheet
from tests.programmes.participation import culottees, past_session
from tests.spreadsheets.helpers import VENUE_HEADERS, csv_bytes, ods_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

CHILDREN = "Enfants présents (nom, âge)"
#: what must never be stored: two surnames typed in the unknown column
SURNAMES = ("Brossard", "Vautrin")
HEADERS = [
    "Identifiant de la séance",
    "Participants (total)",
    "Niveau scolaire : 4e",
    "Genre : Filles",
    CHILDREN,
]
BUILDERS = {"csv": csv_bytes, "xlsx": xlsx_bytes, "ods": ods_bytes}


def readable_parts(data: bytes):
    """The bytes of a stored file as a person's search would read them: the members of a zip
    (XLSX, ODS), the content of a gzip, or the file itself."""
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                yield from readable_parts(archive.read(name))
    elif data[:2] == b"\x1f\x8b":
        yield from readable_parts(gzip.decompress(data))
    else:
        yield data


def holds_a_surname(data: bytes):
    return any(
        surname.encode(encoding) in part
        for part in readable_parts(data)
        for surname in SURNAMES
        for encoding in ("utf-8", "utf-16-le")
    )


def files_holding_a_surname(*roots):
    found = []
    for root in roots:
        for path in Path(root).rglob("*"):
            if path.is_file() and holds_a_surname(path.read_bytes()):
                found.append(str(path))
    return found


def database_holds_a_surname():
    out = io.StringIO()
    call_command("dumpdata", stdout=out, format="json", indent=0)
    dump = out.getvalue()
    return [surname for surname in SURNAMES if surname in dump]


@pytest.fixture
def storage_roots(settings, tmp_path):
    """Every place a file could land: media, private media and the upload handler's temporary
    files (forced to disk for this test)."""
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "televersements")
    Path(settings.FILE_UPLOAD_TEMP_DIR).mkdir()
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    return (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT, settings.FILE_UPLOAD_TEMP_DIR)


@pytest.fixture
def sessions(venue_a):
    programme = culottees()
    return [past_session(programme, venue_a, days_ago=d, capacity=30) for d in (3, 4)]


def attendance_file(file_format, session):
    rows = [
        HEADERS,
        [str(session.uuid), 3, 3, 3, "Kylian Brossard (6 ans), Inès Vautrin (8 ans)"],
        # an unknown session: the row is rejected and given back, without the children
        ["00000000-0000-4000-8000-000000000000", 2, 2, 2, "Inès Vautrin (8 ans)"],
    ]
    return BUILDERS[file_format](rows)


def post_upload(client, data, file_format):
    return client.post(
        reverse("spreadsheets:import", args=["frequentation"]),
        {
            "file": SimpleUploadedFile(f"frequentation.{file_format}", data),
            "skip_invalid": "on",
        },
        follow=True,
    )


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "ods"])
def test_a_childs_name_in_an_unknown_column_is_stored_nowhere(
    client,
    manager_a,
    sessions,
    storage_roots,
    file_format,
    caplog,
    django_capture_on_commit_callbacks,
):
    caplog.set_level(logging.DEBUG)
    data = attendance_file(file_format, sessions[0])
    assert holds_a_surname(data)  # the scan does see the names where they are
    client.force_login(manager_a)

    with django_capture_on_commit_callbacks(execute=True):
        preview = post_upload(client, data, file_format)
    page = unescape(preview.content.decode())
    assert f"Colonne inconnue, ignorée (son contenu n'est pas conservé) : « {CHILDREN} »" in page
    assert not any(surname in page for surname in SURNAMES)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.PREVIEWED and job.file and job.rejected_file
    assert files_holding_a_surname(*storage_roots) == []
    assert database_holds_a_surname() == []

    # The rejected-rows file gives back the known columns and the error, not the children.
    response = client.get(reverse("spreadsheets:rejected", args=[job.pk]))
    rejected = b"".join(response.streaming_content)
    sheet = read_spreadsheet(rejected, f"refus.{file_format}")
    assert sheet.headers == [*HEADERS[:-1], "Erreur"]
    assert not holds_a_surname(rejected)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("spreadsheets:confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.created_count == 1, job.message
    assert AttendanceRecord.objects.get().total == 3
    assert not job.file  # the stored rows are gone once imported
    assert files_holding_a_surname(*storage_roots) == []
    assert database_holds_a_surname() == []

    # Another upload, for the other session, cancelled after its preview.
    with django_capture_on_commit_callbacks(execute=True):
        post_upload(client, attendance_file(file_format, sessions[1]), file_format)
    second = ImportJob.objects.latest("pk")
    assert jobs.can_confirm(second)
    stored = [second.file.name, second.rejected_file.name]
    assert all(stored)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("spreadsheets:cancel", args=[second.pk]))
    second.refresh_from_db()
    assert second.status == ImportJob.Status.CANCELLED
    assert not second.file and not second.rejected_file
    assert not any(second.file.storage.exists(name) for name in stored)
    assert files_holding_a_surname(*storage_roots) == []
    assert database_holds_a_surname() == []

    logged = [record.getMessage() for record in caplog.records]
    assert not [line for line in logged if any(surname in line for surname in SURNAMES)]


def test_the_upload_handlers_temporary_file_is_deleted_before_the_job_is_made(
    client, programme_staff, storage_roots, monkeypatch
):
    """A large upload arrives as a temporary file on disk: it is deleted as soon as read, not
    left for the end of the request while the preview runs."""
    temporary = Path(storage_roots[2])
    seen = []
    real_create_job = jobs.create_job

    def create_job(*args, **kwargs):
        seen.append(sorted(p.name for p in temporary.iterdir()))
        return real_create_job(*args, **kwargs)

    monkeypatch.setattr(jobs, "create_job", create_job)
    client.force_login(programme_staff)
    rows = [VENUE_HEADERS, ["lieu-t", "Lieu T", "Centre social", "92004", "", ""]]
    client.post(
        reverse("spreadsheets:import", args=["lieux"]),
        {"file": SimpleUploadedFile("lieux.csv", csv_bytes(rows))},
    )
    assert seen == [[]]
    assert list(temporary.iterdir()) == []
    assert ImportJob.objects.get().status == ImportJob.Status.PREVIEWED


def test_the_stored_rows_keep_each_cells_type_for_the_worker():
    """What the worker reads back is what the reader gave: dates, decimals, numbers, text."""
    from decimal import Decimal

    from spreadsheets.reading import Sheet

    values = [
        "texte",
        "=1+1",
        7,
        2.5,
        Decimal("48.9042"),
        True,
        None,
        datetime.date(2030, 6, 20),
        datetime.datetime(2030, 6, 20, 14, 30),
        datetime.time(9, 15),
        datetime.timedelta(hours=1, minutes=30),
    ]
    headers = [f"c{n}" for n in range(len(values))]
    sheet = Sheet(format="ods", headers=headers, rows=[values], line_numbers=[4])
    back, ignored = jobs.load_rows(jobs.store_rows(sheet, ["Inconnue"]))
    assert back.rows == [values] and [type(v) for v in back.rows[0]] == [type(v) for v in values]
    assert back.headers == sheet.headers and back.line_numbers == [4] and back.format == "ods"
    assert ignored == ["Inconnue"]


def test_a_column_without_heading_is_dropped_and_named_by_its_position(programme_staff):
    rows = [
        [*VENUE_HEADERS[:2], "", *VENUE_HEADERS[2:]],
        ["lieu-s", "Lieu S", "Kylian Brossard", "Centre social", "92004", "", ""],
    ]
    job = jobs.create_job(programme_staff, registry.get("lieux"), csv_bytes(rows), "l.csv")
    with job.file.open("rb") as stream:
        assert not holds_a_surname(stream.read())
    done = jobs.run_job(job.pk, jobs.PREVIEW)
    assert any("sans en-tête (colonne 3)" in w for w in done.report["warnings"])


def test_a_command_line_import_gives_back_only_known_columns(tmp_path):
    """import_data --skip-invalid writes the rejected rows without the unknown column."""
    from django.core.management.base import CommandError

    source = tmp_path / "lieux.csv"
    source.write_bytes(
        csv_bytes(
            [
                [*VENUE_HEADERS, "Remarques"],
                ["lieu-c", "Lieu C", "Centre social", "92999", "", "", "Kylian Brossard"],
            ]
        )
    )
    with pytest.raises(CommandError):
        call_command("import_data", "lieux", str(source), "--skip-invalid")
    rejected = (tmp_path / "lieux-lignes-refusees.csv").read_bytes()
    assert read_spreadsheet(rejected, "r.csv").headers == [*VENUE_HEADERS, "Erreur"]
    assert not holds_a_surname(rejected)


# --- previews expire ---------------------------------------------------------------------------


def previewed(user, created_hours_ago, rows=None):
    rows = rows or [
        VENUE_HEADERS,
        ["lieu-ok", "Lieu ok", "Centre social", "92004", "", ""],
        ["lieu-faux", "Lieu faux", "Centre social", "92999", "", ""],
    ]
    job = jobs.create_job(user, registry.get("lieux"), csv_bytes(rows), "lieux.csv", True)
    job = jobs.run_job(job.pk, jobs.PREVIEW)
    ImportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=created_hours_ago)
    )
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED and job.file and job.rejected_file
    return job


def test_previews_left_unconfirmed_expire_with_their_files_by_the_daily_task(
    client, programme_staff, django_capture_on_commit_callbacks
):
    from spreadsheets.tasks import expire_exports

    old, recent = previewed(programme_staff, 25), previewed(programme_staff, 23)
    old_files = [old.file.name, old.rejected_file.name]
    storage = old.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        expire_exports.apply().get()
    old.refresh_from_db(), recent.refresh_from_db()
    assert old.status == ImportJob.Status.EXPIRED
    assert not old.file and not old.rejected_file
    assert not any(storage.exists(name) for name in old_files)
    assert old.report["rows"] == [] and old.report["errors"] == []
    assert old.report["created"] == 1  # the counts stay in the history
    assert recent.status == ImportJob.Status.PREVIEWED and storage.exists(recent.file.name)

    client.force_login(programme_staff)
    history = unescape(client.get(reverse("spreadsheets_importjob:index")).content.decode())
    assert "Aperçu expiré" in history
    page = unescape(client.get(old.get_absolute_url()).content.decode())
    assert "Aperçu expiré : il n'a pas été confirmé dans les 24 heures" in page
    assert "Confirmer l'import" not in page
    refused = client.post(reverse("spreadsheets:confirm", args=[old.pk]))
    assert refused.status_code == 302 and refused["Location"] == reverse("wagtailadmin_home")
    assert client.get(reverse("spreadsheets:rejected", args=[old.pk])).status_code == 404
    assert jobs.run_job(old.pk, jobs.IMPORT).status == ImportJob.Status.EXPIRED
    assert not Venue.objects.filter(code="lieu-ok").exists()
    assert jobs.expire_previews() == 0  # safe to run twice


def test_the_retention_of_previews_is_a_setting(programme_staff, settings):
    settings.SPREADSHEETS_PREVIEW_RETENTION_HOURS = 2
    three_hours, one_hour = previewed(programme_staff, 3), previewed(programme_staff, 1)
    assert jobs.expire_previews() == 1
    three_hours.refresh_from_db(), one_hour.refresh_from_db()
    assert three_hours.status == ImportJob.Status.EXPIRED
    assert "2 heures" in three_hours.message
    assert one_hour.status == ImportJob.Status.PREVIEWED


def test_a_confirmed_import_does_not_expire(programme_staff):
    job = previewed(programme_staff, 30)
    done = jobs.run_job(job.pk, jobs.IMPORT)
    assert done.status == ImportJob.Status.DONE
    assert jobs.expire_previews() == 0
    done.refresh_from_db()
    assert done.status == ImportJob.Status.DONE and done.rejected_file


def test_a_preview_that_cannot_be_confirmed_keeps_no_rows(
    programme_staff, django_capture_on_commit_callbacks
):
    """All or nothing with an invalid row: the sender must fix the file and send it again, so
    the rows kept for a confirmation are deleted at once."""
    rows = [VENUE_HEADERS, ["lieu-faux", "Lieu faux", "Centre social", "92999", "", ""]]
    job = jobs.create_job(programme_staff, registry.get("lieux"), csv_bytes(rows), "l.csv")
    name, storage = job.file.name, job.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.run_job(job.pk, jobs.PREVIEW)
    assert job.status == ImportJob.Status.PREVIEWED and not jobs.can_confirm(job)
    assert not job.file and not storage.exists(name)


def test_only_the_sender_cancels_a_preview(client, programme_staff, manager_a, settings):
    from django.contrib.auth.models import Permission

    job = previewed(programme_staff, 1)
    other = type(programme_staff).objects.create_user("equipe.autre", is_staff=True)
    other.groups.set(programme_staff.groups.all())
    other.user_permissions.add(Permission.objects.get(codename="view_all_jobs"))
    url = reverse("spreadsheets:cancel", args=[job.pk])
    client.force_login(manager_a)
    assert client.post(url).status_code == 404
    client.force_login(other)
    assert client.get(job.get_absolute_url()).status_code == 200
    assert client.post(url)["Location"] == reverse("wagtailadmin_home")  # permission denied
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED
    client.force_login(programme_staff)
    page = unescape(client.get(job.get_absolute_url()).content.decode())
    assert "Annuler cet import" in page
    client.post(url)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CANCELLED
    assert client.post(url)["Location"] == reverse("wagtailadmin_home")  # nothing to cancel


# --- jobs stored before this change ------------------------------------------------------------


def test_the_migration_drops_stored_uploads_and_unknown_columns_of_existing_jobs(
    programme_staff,
):
    """Jobs made before: a waiting job's raw upload becomes its known-column rows (it can still
    be confirmed), a finished job's is deleted, and each rejected-rows file loses its unknown
    columns."""
    import importlib

    from django.apps import apps
    from django.core.files.base import ContentFile

    migration = importlib.import_module("spreadsheets.migrations.0006_importjob_known_columns_only")
    rows = [
        [*VENUE_HEADERS, "Remarques"],
        ["lieu-m", "Lieu M", "Centre social", "92004", "", "", "Kylian Brossard"],
    ]
    rejected = csv_bytes([[*VENUE_HEADERS, "Remarques", "Erreur"], [*rows[1], "Code INSEE"]])

    def old_job(status):
        job = ImportJob(
            user=programme_staff,
            resource="lieux",
            original_filename="lieux.csv",
            file_format="csv",
            status=status,
            report={"created": 1},
        )
        storage = job.file.storage
        job.file = storage.save(
            "spreadsheets/imports/2026/01/lieux.csv", ContentFile(csv_bytes(rows))
        )
        job.rejected_file.save("refus.csv", ContentFile(rejected), save=False)
        job.save()
        return job

    waiting, done = old_job(ImportJob.Status.PREVIEWED), old_job(ImportJob.Status.DONE)
    storage = waiting.file.storage
    raw_names = [waiting.file.name, done.file.name]
    migration._minimise(apps, None)
    waiting.refresh_from_db(), done.refresh_from_db()
    assert not any(storage.exists(name) for name in raw_names)
    assert waiting.file.name.startswith("spreadsheets/rows/") and not done.file
    for job in (waiting, done):
        with job.rejected_file.open("rb") as stream:
            data = stream.read()
        assert read_spreadsheet(data, "r.csv").headers == [*VENUE_HEADERS, "Erreur"]
        assert not holds_a_surname(data)
    with waiting.file.open("rb") as stream:
        assert not holds_a_surname(stream.read())
    imported = jobs.run_job(waiting.pk, jobs.IMPORT)
    assert imported.status == ImportJob.Status.DONE and imported.created_count == 1
    assert any("Remarques" in w for w in imported.report["warnings"])
