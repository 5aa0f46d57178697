"""Large exports run in the background: the listing's filters and the user's venue scope are
re-applied by the worker, the file is kept privately for its owner, a progress bar moves, and
the daily task deletes old files."""

import datetime
import os
import time
from html import unescape
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.urls import reverse
from django.utils import timezone

from config.celery import app
from home.roles import PROGRAMME_STAFF, VENUE_MANAGERS
from places.models import Venue, VenueKind
from spreadsheets import exports, registry, runner
from spreadsheets.models import ExportJob, _stored_files, private_storage
from spreadsheets.reading import read_spreadsheet
from spreadsheets.services import run_import
from tests.factories import UserFactory, VenueFactory

LISTING = "wagtailsnippets_places_venue:list"
HISTORY = "spreadsheets_exportjob:index"


@pytest.fixture(autouse=True)
def private_files(tmp_path, monkeypatch):
    """Export files go to a private folder of this test, away from MEDIA_ROOT."""
    storage = FileSystemStorage(location=tmp_path / "prive")
    monkeypatch.setattr(ExportJob._meta.get_field("file"), "storage", storage)
    return storage


@pytest.fixture
def colleges(db):
    """Six collèges (the filtered export) among other venues."""
    made = [
        VenueFactory(code=f"college-{n}", name=f"Collège numéro {n}", kind=VenueKind.COLLEGE)
        for n in range(6)
    ]
    for n in range(3):
        VenueFactory(code=f"pmi-{n}", name=f"PMI {n}", kind=VenueKind.PMI)
    return made


@pytest.fixture
def staff(db):
    return UserFactory(username="equipe.export", groups=[PROGRAMME_STAFF])


def ask_export(client, params, file_format="xlsx"):
    return client.get(reverse(LISTING), {**params, "tableur": file_format})


def stored_names(storage, folder="exports"):
    return sorted(_stored_files(storage, folder))


def download(client, job):
    response = client.get(reverse("spreadsheets:export_download", args=[job.pk]))
    assert response.status_code == 200, response.status_code
    return response, b"".join(response.streaming_content)


# --- threshold ------------------------------------------------------------------------------


def test_the_default_threshold_is_five_thousand_rows():
    assert django_settings.SPREADSHEETS_BACKGROUND_EXPORT_ROWS == 5000
    assert django_settings.SPREADSHEETS_EXPORT_RETENTION_DAYS == 7


def test_a_small_export_is_still_downloaded_directly(client, staff, colleges, settings):
    settings.SPREADSHEETS_BACKGROUND_EXPORT_ROWS = 6
    client.force_login(staff)
    response = ask_export(client, {"kind": "college"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="lieux-')
    assert len(read_spreadsheet(response.content, "x.xlsx").rows) == 6
    assert not ExportJob.objects.exists()


def test_a_large_export_becomes_a_job_with_the_listing_filters(client, staff, colleges, settings):
    settings.SPREADSHEETS_BACKGROUND_EXPORT_ROWS = 5
    client.force_login(staff)
    response = ask_export(client, {"kind": "college", "p": "2"}, "ods")
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.user == staff and job.resource == "lieux" and job.file_format == "ods"
    assert job.row_count == 6 and job.status == ExportJob.Status.PENDING
    assert job.listing_path == reverse(LISTING)
    assert job.query_string == "kind=college"  # no page, no export parameter
    assert job.filters_summary == "Type de lieu : Collège"
    assert job.filename.startswith("lieux-") and job.filename.endswith(".ods")
    page = unescape(client.get(job.get_absolute_url()).content.decode())
    assert "Export en cours. Vous pouvez quitter cette page" in page
    assert "data-job-progress" in page and "Type de lieu : Collège" in page
    assert "Télécharger" not in page


def test_asking_again_while_the_export_runs_gives_the_same_job(client, staff, colleges, settings):
    """A reload, a second click or the back button does not start a second identical export."""
    settings.SPREADSHEETS_BACKGROUND_EXPORT_ROWS = 5
    client.force_login(staff)
    first = ask_export(client, {"kind": "college"})
    again = ask_export(client, {"kind": "college"}, "xlsx")
    job = ExportJob.objects.get()
    assert first["Location"] == again["Location"] == job.get_absolute_url()
    page = unescape(client.get(job.get_absolute_url()).content.decode())
    assert "Cet export est déjà en cours : voici son avancement." in page

    ask_export(client, {"kind": "college"}, "csv")  # another format is another file
    ask_export(client, {}, "xlsx")  # so is another selection
    assert ExportJob.objects.count() == 3

    ExportJob.objects.update(status=ExportJob.Status.DONE, finished_at=timezone.now())
    ask_export(client, {"kind": "college"})  # once written, asking again is a fresh export
    assert ExportJob.objects.filter(query_string="kind=college", file_format="xlsx").count() == 2


def test_the_same_export_asked_by_someone_else_is_their_own_job(client, staff, colleges, settings):
    settings.SPREADSHEETS_BACKGROUND_EXPORT_ROWS = 5
    colleague = UserFactory(username="collegue.export", groups=[PROGRAMME_STAFF])
    for user in (staff, colleague):
        client.force_login(user)
        client.get(reverse("spreadsheets:export", args=["lieux"]), {"format": "csv"})
        client.get(reverse("spreadsheets:export", args=["lieux"]), {"format": "csv"})
    assert sorted(ExportJob.objects.values_list("user__username", flat=True)) == [
        "collegue.export",
        "equipe.export",
    ]


def test_the_whole_resource_export_also_runs_in_the_background(client, staff, colleges, settings):
    settings.SPREADSHEETS_BACKGROUND_EXPORT_ROWS = 5
    client.force_login(staff)
    response = client.get(reverse("spreadsheets:export", args=["lieux"]), {"format": "csv"})
    job = ExportJob.objects.get()
    assert response["Location"] == job.get_absolute_url() and job.listing_path == ""
    exports.run_job(job.pk)
    _, data = download(client, job)
    codes = {row[0] for row in read_spreadsheet(data, "x.csv").rows}
    assert codes == set(Venue.objects.values_list("code", flat=True)) and len(codes) == 9


# --- the file: filters, scope, re-import ----------------------------------------------------


def background_and_direct(client, params, file_format, settings):
    """The same listing exported directly, then by a job: (direct sheet, job, job's sheet)."""
    direct = read_spreadsheet(ask_export(client, params, file_format).content, f"a.{file_format}")
    settings.SPREADSHEETS_BACKGROUND_EXPORT_ROWS = 1
    ask_export(client, params, file_format)
    job = exports.run_job(ExportJob.objects.latest("pk").pk)
    assert job.status == ExportJob.Status.DONE, job.message
    _, data = download(client, job)
    return direct, job, read_spreadsheet(data, f"b.{file_format}")


@pytest.mark.parametrize("file_format", ["xlsx", "ods", "csv"])
def test_the_background_file_is_the_direct_export_of_the_same_filtered_listing(
    client, staff, colleges, settings, file_format
):
    client.force_login(staff)
    params = {"kind": "college", "ordering": "-name"}
    direct, job, background = background_and_direct(client, params, file_format, settings)
    assert background.headers == direct.headers and background.rows == direct.rows
    assert [row[0] for row in background.rows] == [f"college-{n}" for n in range(5, -1, -1)]
    assert job.row_count == 6

    report = run_import(registry.get("lieux"), background, staff, dry_run=True)
    assert report.is_valid and report.unchanged == 6 and not report.created + report.updated


def test_the_background_file_follows_the_listing_search(client, staff, colleges, settings):
    VenueFactory(code="pole-colleges", name="Pôle des collèges", kind=VenueKind.POLE_SOCIAL)
    client.force_login(staff)
    params = {"q": "collège"}
    direct, job, background = background_and_direct(client, params, "xlsx", settings)
    assert len(direct.rows) == 7 and background.rows == direct.rows
    assert job.filters_summary == "Recherche : « collège »"


def exporting_listings():
    from wagtail.snippets.models import get_snippet_models

    from spreadsheets.viewsets import SpreadsheetIndexViewMixin

    for model in get_snippet_models():
        viewset = model.snippet_viewset
        if issubclass(viewset.index_view_class, SpreadsheetIndexViewMixin):
            yield viewset.get_url_name("list")


@pytest.mark.parametrize("url_name", sorted(exporting_listings()))
def test_every_exporting_listing_can_be_rebuilt_by_the_worker(client, staff, url_name, settings):
    client.force_login(staff)
    direct = client.get(reverse(url_name), {"tableur": "csv"})
    settings.SPREADSHEETS_BACKGROUND_EXPORT_ROWS = -1
    response = client.get(reverse(url_name), {"tableur": "csv"})
    job = exports.run_job(ExportJob.objects.get().pk)
    assert response["Location"] == job.get_absolute_url()
    assert job.status == ExportJob.Status.DONE, job.message
    _, data = download(client, job)
    assert data == direct.content


def test_the_file_holds_only_the_venues_of_the_manager_who_asked(client, colleges, settings):
    settings.SPREADSHEETS_BACKGROUND_EXPORT_ROWS = 1
    manager = UserFactory(username="responsable.colleges", groups=[VENUE_MANAGERS])
    for venue in colleges[:2]:
        venue.managers.add(manager)
    client.force_login(manager)
    ask_export(client, {}, "csv")
    job = ExportJob.objects.get()
    assert job.row_count == 2
    exports.run_job(job.pk)
    _, data = download(client, job)
    assert sorted(row[0] for row in read_spreadsheet(data, "x.csv").rows) == [
        "college-0",
        "college-1",
    ]


def test_the_worker_uses_the_scope_of_the_user_who_asked_not_everything(staff, colleges, settings):
    """The command line exports everything (user None); a job always has its user."""
    manager = UserFactory(username="responsable.seul", groups=[VENUE_MANAGERS])
    colleges[3].managers.add(manager)
    job = exports.create_job(
        manager, registry.get("lieux"), "csv", row_count=1, listing_path=reverse(LISTING)
    )
    job = exports.run_job(job.pk)
    assert job.status == ExportJob.Status.DONE, job.message
    with job.file.open("rb") as stream:
        rows = read_spreadsheet(stream.read(), "x.csv").rows
    assert [row[0] for row in rows] == ["college-3"]


def test_the_download_has_a_french_file_name_and_the_right_type(client, staff, colleges, settings):
    settings.SPREADSHEETS_BACKGROUND_EXPORT_ROWS = 1
    client.force_login(staff)
    ask_export(client, {"kind": "college"})
    job = exports.run_job(ExportJob.objects.get().pk)
    response, _ = download(client, job)
    today = timezone.localdate().strftime("%Y-%m-%d")
    assert response["Content-Disposition"] == f'attachment; filename="lieux-{today}.xlsx"'
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_the_file_is_stored_outside_the_public_media(staff, colleges, settings):
    storage = private_storage()
    assert django_settings.STORAGES["private"]["OPTIONS"]["location"] == (
        django_settings.PRIVATE_MEDIA_ROOT
    )
    location = Path(storage.location).resolve()
    assert not location.is_relative_to(Path(django_settings.MEDIA_ROOT).resolve())
    assert not location.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    job = exports.create_job(staff, registry.get("lieux"), "csv", row_count=9)
    job = exports.run_job(job.pk)
    assert job.file.name.startswith("exports/")
    assert not (Path(settings.MEDIA_ROOT) / job.file.name).exists()
    assert job.file.storage.exists(job.file.name)


# --- who may see and download ---------------------------------------------------------------


@pytest.fixture
def finished_job(staff, colleges, settings):
    job = exports.create_job(
        staff, registry.get("lieux"), "xlsx", row_count=6, listing_path=reverse(LISTING)
    )
    return exports.run_job(job.pk)


@pytest.mark.parametrize("who", ["collegue", "responsable", "superutilisateur"])
def test_nobody_else_reaches_the_job_page_its_state_or_its_file(client, finished_job, who):
    other = {
        "collegue": lambda: UserFactory(username="autre.equipe", groups=[PROGRAMME_STAFF]),
        "responsable": lambda: UserFactory(username="autre.resp", groups=[VENUE_MANAGERS]),
        "superutilisateur": lambda: UserFactory(
            username="admin.export", is_superuser=True, is_staff=True
        ),
    }[who]()
    client.force_login(other)
    for name in ("export_job", "export_job_status", "export_download"):
        response = client.get(reverse(f"spreadsheets:{name}", args=[finished_job.pk]))
        assert response.status_code == 404, (name, response.status_code)
    history = client.get(reverse(HISTORY)).content.decode()
    assert finished_job.filename not in history
    edit = client.get(reverse("spreadsheets_exportjob:edit", args=[finished_job.pk]))
    assert edit.status_code in (302, 403, 404)


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, finished_job):
    response = client.get(reverse("spreadsheets:export_download", args=[finished_job.pk]))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_owner_who_lost_the_export_right_cannot_download(client, finished_job, staff):
    client.force_login(staff)
    assert client.get(reverse("spreadsheets:export_download", args=[finished_job.pk])).status_code
    staff.groups.clear()
    staff.user_permissions.add(*_admin_access())
    response = client.get(reverse("spreadsheets:export_download", args=[finished_job.pk]))
    assert response.status_code == 404


def _admin_access():
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(
        codename__in=["access_admin", "view_exportjob"],
        content_type__app_label__in=["wagtailadmin", "spreadsheets"],
    )


def test_the_owner_sees_the_finished_job_and_its_download_link(client, finished_job, staff):
    client.force_login(staff)
    page = unescape(client.get(finished_job.get_absolute_url()).content.decode())
    assert "Prêt à télécharger" in page and "Export terminé (durée :" in page
    assert reverse("spreadsheets:export_download", args=[finished_job.pk]) in page
    assert "Télécharger" in page and "data-job-progress" not in page
    assert "Historique des exports" in page  # breadcrumbs and link back
    assert f'href="{reverse(LISTING)}"' in page  # back to the listing (no filters here)
    status = client.get(reverse("spreadsheets:export_job_status", args=[finished_job.pk])).json()
    assert status == {
        "status": "done",
        "status_label": "Prêt à télécharger",
        "progress": 100,
        "running": False,
    }


def test_the_history_lists_only_ones_own_exports_even_for_staff(client, finished_job, staff):
    someone = UserFactory(username="autre.personne", groups=[PROGRAMME_STAFF])
    theirs = exports.create_job(someone, registry.get("communes"), "csv", row_count=36)
    client.force_login(staff)
    history = unescape(client.get(reverse(HISTORY)).content.decode())
    assert finished_job.filename in history and "Prêt à télécharger" in history
    assert reverse("spreadsheets:export_job", args=[theirs.pk]) not in history
    assert reverse("spreadsheets:export_job", args=[finished_job.pk]) in history


def test_the_history_is_in_the_menu_next_to_the_imports_and_starts_empty(client, manager_a):
    client.force_login(manager_a)
    dashboard = unescape(client.get(reverse("wagtailadmin_home")).content.decode())
    assert "Historique des imports" in dashboard and "Historique des exports" in dashboard
    response = client.get(reverse(HISTORY))
    assert response.status_code == 200
    assert "Vous n'avez encore aucun export ici. Au-delà de 5 000 lignes" in unescape(
        response.content.decode()
    ).replace("\u202f", " ").replace("\xa0", " ")


def test_the_history_is_paginated(client, staff):
    for _ in range(25):
        exports.create_job(staff, registry.get("communes"), "csv", row_count=36)
    client.force_login(staff)
    first = client.get(reverse(HISTORY)).content.decode()
    second = client.get(reverse(HISTORY), {"p": 2}).content.decode()
    assert first.count("communes-") == 20 and second.count("communes-") == 5


# --- progress, failures, retries ------------------------------------------------------------


def test_progress_is_reported_while_the_rows_are_written(client, staff, colleges, monkeypatch):
    job = exports.create_job(
        staff, registry.get("lieux"), "xlsx", row_count=9, listing_path=reverse(LISTING)
    )
    status_url = reverse("spreadsheets:export_job_status", args=[job.pk])
    client.force_login(staff)
    seen = []
    real_recorder = runner.progress_recorder

    def watching(job_id, total):
        progress, state = real_recorder(job_id, total)

        def watch(done):
            progress(done)
            seen.append(client.get(status_url).json())

        return watch, state

    monkeypatch.setattr(runner, "progress_recorder", watching)
    job = exports.run_job(job.pk)
    percents = [state["progress"] for state in seen]
    assert len(percents) == 9 and percents == sorted(percents)
    assert percents[0] == 11 and percents[-1] == 99  # never 100 before the file is stored
    assert all(state["running"] and state["status"] == "running" for state in seen)
    assert job.status == ExportJob.Status.DONE and job.progress == 100 and job.row_count == 9
    assert job.duration is not None and job.attempts == 1


def test_a_crash_mid_export_stores_no_file_and_a_rerun_finishes(
    staff, colleges, monkeypatch, private_files
):
    job = exports.create_job(
        staff, registry.get("lieux"), "csv", row_count=9, listing_path=reverse(LISTING)
    )
    real_recorder = runner.progress_recorder

    def crashing(job_id, total):
        progress, state = real_recorder(job_id, total)

        def crash(done):
            progress(done)
            if done == 4:
                raise RuntimeError("worker lost")

        return crash, state

    monkeypatch.setattr(runner, "progress_recorder", crashing)
    with pytest.raises(RuntimeError):
        exports.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.RUNNING and not job.file
    assert stored_names(private_files) == []

    monkeypatch.setattr(runner, "progress_recorder", real_recorder)
    job = exports.run_job(job.pk)  # the redelivered message
    assert job.status == ExportJob.Status.DONE and job.attempts == 2 and job.row_count == 9
    assert stored_names(private_files) == [job.file.name]


def test_a_finished_job_is_not_run_again(finished_job, private_files):
    name = finished_job.file.name
    again = exports.run_job(finished_job.pk)
    assert again.file.name == name and again.attempts == 1
    assert stored_names(private_files) == [name]


def test_a_job_redelivered_too_often_is_marked_failed(staff, colleges, private_files):
    job = exports.create_job(staff, registry.get("lieux"), "csv", row_count=9)
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.RUNNING, attempts=exports.MAX_ATTEMPTS
    )
    job = exports.run_job(job.pk)
    assert job.status == ExportJob.Status.FAILED and "tentatives" in job.message
    assert stored_names(private_files) == []


def test_a_user_who_lost_the_right_before_the_run_gets_a_failed_job(staff, colleges):
    job = exports.create_job(staff, registry.get("lieux"), "csv", row_count=9)
    staff.groups.clear()
    job = exports.run_job(job.pk)
    assert job.status == ExportJob.Status.FAILED and not job.file
    assert job.message == "Vous n'avez plus le droit d'exporter ces données."


def test_a_listing_that_no_longer_exports_this_resource_fails_the_job(staff, colleges):
    job = exports.create_job(
        staff,
        registry.get("lieux"),
        "csv",
        row_count=9,
        listing_path=reverse("wagtailsnippets_places_commune:list"),
    )
    job = exports.run_job(job.pk)
    assert job.status == ExportJob.Status.FAILED and "n'existe plus" in job.message


def test_the_task_is_reliable():
    from spreadsheets.tasks import run_export_job

    assert run_export_job.acks_late and run_export_job.reject_on_worker_lost
    assert run_export_job.max_retries == 3


def test_when_celery_gives_up_each_job_is_marked_failed_with_its_own_message(staff, colleges):
    """The tasks' give-up hook (retries exhausted, or an error) fails the job it was running,
    and leaves a job that had finished alone."""
    from spreadsheets import jobs
    from spreadsheets.models import ImportJob
    from spreadsheets.tasks import run_export_job, run_import_job
    from tests.spreadsheets.helpers import VENUE_HEADERS, csv_bytes

    export_job = exports.create_job(staff, registry.get("lieux"), "csv", row_count=9)
    import_job = jobs.create_job(staff, registry.get("lieux"), csv_bytes([VENUE_HEADERS]), "a.csv")
    done = exports.create_job(staff, registry.get("lieux"), "csv", row_count=9)
    ExportJob.objects.filter(pk=done.pk).update(status=ExportJob.Status.DONE)

    run_export_job.on_failure(RuntimeError(), "t1", (export_job.pk,), {}, None)
    run_import_job.on_failure(RuntimeError(), "t2", (), {"job_id": import_job.pk}, None)
    run_export_job.on_failure(RuntimeError(), "t3", (done.pk,), {}, None)

    export_job.refresh_from_db(), import_job.refresh_from_db(), done.refresh_from_db()
    assert export_job.status == ExportJob.Status.FAILED and export_job.finished_at
    assert export_job.message.startswith("L'export a échoué de façon inattendue")
    assert import_job.status == ImportJob.Status.FAILED
    assert import_job.message.startswith("Le traitement a échoué de façon inattendue")
    assert done.status == ExportJob.Status.DONE and not done.message


def test_import_jobs_that_lost_their_worker_are_failed_by_the_daily_task(
    staff, private_files, settings
):
    """A worker killed for good on a broker that does not redeliver left the job « en cours »;
    the daily task marks it failed (nothing was written: its transaction was rolled back)."""
    settings.SPREADSHEETS_PREVIEW_RETENTION_HOURS = 72  # a preview waiting is not « lost »
    from spreadsheets import jobs
    from spreadsheets.models import ImportJob
    from spreadsheets.tasks import expire_exports
    from tests.spreadsheets.helpers import VENUE_HEADERS, csv_bytes

    def job(status, age):
        made = jobs.create_job(staff, registry.get("lieux"), csv_bytes([VENUE_HEADERS]), "a.csv")
        ImportJob.objects.filter(pk=made.pk).update(status=status, created_at=timezone.now() - age)
        return made

    lost = job(ImportJob.Status.IMPORTING, datetime.timedelta(days=2))
    running = job(ImportJob.Status.IMPORTING, datetime.timedelta(minutes=5))
    waiting = job(ImportJob.Status.PREVIEWED, datetime.timedelta(days=2))  # the user's turn
    # Uploaded and previewed two days ago, confirmed a few minutes ago: still running.
    confirmed_late = job(ImportJob.Status.PREVIEWED, datetime.timedelta(days=2))
    ImportJob.objects.filter(pk=confirmed_late.pk).update(background=True)
    confirmed_late.refresh_from_db()
    jobs.start(confirmed_late, jobs.IMPORT)
    expire_exports()
    for made in (lost, running, waiting, confirmed_late):
        made.refresh_from_db()
    assert lost.status == ImportJob.Status.FAILED
    assert lost.message.startswith("Le traitement a été interrompu ; rien n'a été enregistré.")
    assert running.status == ImportJob.Status.IMPORTING
    assert waiting.status == ImportJob.Status.PREVIEWED
    assert confirmed_late.status == ImportJob.Status.IMPORTING


def test_the_import_phase_has_its_own_attempts(staff, private_files):
    from spreadsheets import jobs
    from spreadsheets.models import ImportJob
    from tests.spreadsheets.helpers import VENUE_HEADERS, csv_bytes

    rows = [VENUE_HEADERS, ["lieu-essai", "Lieu d'essai", "Centre social", "92004", "", ""]]
    made = jobs.create_job(staff, registry.get("lieux"), csv_bytes(rows), "a.csv")
    ImportJob.objects.filter(pk=made.pk).update(status=ImportJob.Status.PREVIEWED, attempts=3)
    done = jobs.run_job(made.pk, jobs.IMPORT)
    assert done.status == ImportJob.Status.DONE and done.attempts == 1, done.message


def test_a_background_import_has_its_own_attempts_too(staff, private_files):
    """start() marks a background job « Import en cours » before queueing it: the worker must
    not inherit the attempts the preview took, or a third delivery would fail it at once."""
    from spreadsheets import jobs
    from spreadsheets.models import ImportJob
    from tests.spreadsheets.helpers import VENUE_HEADERS, csv_bytes

    rows = [VENUE_HEADERS, ["lieu-fond", "Lieu de fond", "Centre social", "92004", "", ""]]
    made = jobs.create_job(staff, registry.get("lieux"), csv_bytes(rows), "a.csv")
    ImportJob.objects.filter(pk=made.pk).update(
        status=ImportJob.Status.PREVIEWED, attempts=jobs.MAX_ATTEMPTS, background=True
    )
    made.refresh_from_db()
    jobs.start(made, jobs.IMPORT)
    done = jobs.run_job(made.pk, jobs.IMPORT)  # what the worker runs
    assert done.status == ImportJob.Status.DONE and done.attempts == 1, done.message


# --- expiry ---------------------------------------------------------------------------------


def test_the_daily_task_deletes_old_files_and_marks_their_jobs_expired(
    client, staff, colleges, private_files, settings
):
    settings.SPREADSHEETS_EXPORT_RETENTION_DAYS = 7
    entry = registry.get("lieux")
    old, recent = (
        exports.run_job(exports.create_job(staff, entry, "csv", row_count=9).pk) for _ in "ab"
    )
    eight_days_ago = timezone.now() - datetime.timedelta(days=8)
    ExportJob.objects.filter(pk=old.pk).update(finished_at=eight_days_ago)
    lost = exports.create_job(staff, entry, "csv", row_count=9)
    ExportJob.objects.filter(pk=lost.pk).update(created_at=eight_days_ago)
    orphan = private_files.save("exports/2020/01/orphelin.csv", ContentFile(b"x"))
    fresh_orphan = private_files.save("exports/2020/01/en-cours.csv", ContentFile(b"x"))
    os.utime(private_files.path(orphan), (eight_days_ago.timestamp(),) * 2)
    old_name = old.file.name

    from spreadsheets.tasks import expire_exports

    assert expire_exports.apply().get() == 1
    old.refresh_from_db(), recent.refresh_from_db(), lost.refresh_from_db()
    assert old.status == ExportJob.Status.EXPIRED and not old.file
    assert not private_files.exists(old_name)
    assert recent.status == ExportJob.Status.DONE and private_files.exists(recent.file.name)
    assert lost.status == ExportJob.Status.FAILED and "n'a pas abouti" in lost.message
    assert not private_files.exists(orphan) and private_files.exists(fresh_orphan)

    client.force_login(staff)
    url = reverse("spreadsheets:export_download", args=[old.pk])
    assert client.get(url).status_code == 404
    page = unescape(client.get(old.get_absolute_url()).content.decode())
    assert "Expiré (fichier supprimé)" in page and "7 jours après sa création" in page


def test_the_expiry_runs_every_day():
    from celery.schedules import crontab

    from config.celery import beat_schedule

    entry = beat_schedule()["spreadsheets-expire-exports"]
    assert entry["task"] == "spreadsheets.expire_exports" and entry["task"] in app.tasks
    assert isinstance(entry["schedule"], crontab) and entry["schedule"].day_of_week == set(range(7))


# --- a real worker --------------------------------------------------------------------------


def wait_for(job, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            return job
        time.sleep(0.1)
    raise AssertionError(f"job still {job.status}")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_writes_the_filtered_file_for_the_owner(client, settings):
    settings.SPREADSHEETS_BACKGROUND_EXPORT_ROWS = 3
    staff = UserFactory(username="equipe.worker", groups=[PROGRAMME_STAFF])
    for n in range(5):
        VenueFactory(code=f"college-w{n}", name=f"Collège W{n}", kind=VenueKind.COLLEGE)
    VenueFactory(code="pmi-w", name="PMI W", kind=VenueKind.PMI)
    client.force_login(staff)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        response = ask_export(client, {"kind": "college"}, "xlsx")
        job = ExportJob.objects.get()
        assert response["Location"] == job.get_absolute_url()
        wait_for(job)
    assert job.status == ExportJob.Status.DONE, job.message
    assert job.task_id and job.progress == 100 and job.row_count == 5
    _, data = download(client, job)
    codes = sorted(row[0] for row in read_spreadsheet(data, "x.xlsx").rows)
    assert codes == [f"college-w{n}" for n in range(5)]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_failing_mid_export_leaves_a_failed_job_and_no_file(
    client, settings, monkeypatch, private_files
):
    settings.SPREADSHEETS_BACKGROUND_EXPORT_ROWS = 3
    staff = UserFactory(username="equipe.panne", groups=[PROGRAMME_STAFF])
    for n in range(6):
        VenueFactory(code=f"college-p{n}", kind=VenueKind.COLLEGE)
    real_recorder = runner.progress_recorder

    def crashing(job_id, total):
        progress, state = real_recorder(job_id, total)

        def crash(done):
            progress(done)
            if done == 3:
                raise RuntimeError("worker lost")

        return crash, state

    monkeypatch.setattr(runner, "progress_recorder", crashing)
    client.force_login(staff)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        ask_export(client, {}, "csv")
        job = wait_for(ExportJob.objects.get())
    assert job.status == ExportJob.Status.FAILED and "aucun fichier" in job.message
    assert not job.file and stored_names(private_files) == []
    assert client.get(reverse("spreadsheets:export_download", args=[job.pk])).status_code == 404


@pytest.fixture
def private_import_files(tmp_path, monkeypatch):
    from spreadsheets.models import ImportJob

    storage = FileSystemStorage(location=tmp_path / "imports-prives")
    for name in ("file", "rejected_file"):
        monkeypatch.setattr(ImportJob._meta.get_field(name), "storage", storage)
    return storage


def test_a_job_keeps_one_rejected_rows_file_from_preview_to_import(
    staff, private_import_files, django_capture_on_commit_callbacks
):
    """The preview's rejected-rows file is replaced by the import's, not left beside it: such
    files may hold personal data, and only the job's own are purged with it."""
    from spreadsheets import jobs
    from tests.spreadsheets.helpers import VENUE_HEADERS, csv_bytes

    rows = [
        VENUE_HEADERS,
        ["lieu-bon", "Lieu bon", "Centre social", "92004", "", ""],
        ["lieu-faux", "Lieu faux", "Centre social", "92999", "", ""],
    ]
    made = jobs.create_job(staff, registry.get("lieux"), csv_bytes(rows), "a.csv", True)
    with django_capture_on_commit_callbacks(execute=True):
        previewed = jobs.run_job(made.pk, jobs.PREVIEW)
    assert previewed.rejected_file
    with django_capture_on_commit_callbacks(execute=True):
        done = jobs.run_job(made.pk, jobs.IMPORT)
    assert done.created_count == 1 and done.skipped_count == 1
    assert stored_names(private_import_files, "spreadsheets/rejected") == [done.rejected_file.name]


def test_the_daily_task_deletes_import_files_no_job_points_to(
    staff, private_import_files, django_capture_on_commit_callbacks
):
    """A worker killed after storing a rejected-rows file, before its commit, leaves a file no
    job records: it is deleted a day later; the files of jobs, and fresh ones, are kept."""
    from spreadsheets import jobs
    from tests.spreadsheets.helpers import VENUE_HEADERS, csv_bytes

    kept = jobs.create_job(staff, registry.get("lieux"), csv_bytes([VENUE_HEADERS]), "a.csv")
    old_orphan = private_import_files.save("spreadsheets/rejected/2020/01/x.csv", ContentFile(b"x"))
    new_orphan = private_import_files.save("spreadsheets/rejected/2020/01/y.csv", ContentFile(b"y"))
    two_days_ago = (timezone.now() - datetime.timedelta(days=2)).timestamp()
    for name in (old_orphan, kept.file.name):
        os.utime(private_import_files.path(name), (two_days_ago,) * 2)
    runner.fail_stale()
    assert not private_import_files.exists(old_orphan)
    assert private_import_files.exists(new_orphan) and private_import_files.exists(kept.file.name)
