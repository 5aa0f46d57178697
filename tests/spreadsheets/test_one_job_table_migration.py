"""Migrations 0008–0009 (issue 15): the jobs of the two former tables are all found in the one
job table, with their kind, files, user, counts, report and dates; import jobs keep their ids,
export jobs get new ones; the roles keep their rights on the histories; and the way down gives
the two tables back."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("spreadsheets", "0007_plural_names_count_imports_and_exports")]
AFTER = [("spreadsheets", "0009_import_and_export_jobs_as_proxies")]
LONG_AGO = timezone.now() - datetime.timedelta(days=40)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def role_rights(apps, role):
    Group = apps.get_model("auth", "Group")
    return {
        (p.content_type.model, p.codename)
        for p in Group.objects.get(name=role).permissions.select_related("content_type")
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_job_of_both_tables_is_kept_in_the_one_table():
    apps = migrate(BEFORE)
    try:
        User = apps.get_model(settings.AUTH_USER_MODEL)
        ImportJob = apps.get_model("spreadsheets", "ImportJob")
        ExportJob = apps.get_model("spreadsheets", "ExportJob")
        camille = User.objects.create(username="camille")
        imported = ImportJob.objects.create(
            user=camille,
            resource="lieux",
            file_format="csv",
            original_filename="lieux.csv",
            status="done",
            row_count=12,
            created_count=10,
            updated_count=1,
            unchanged_count=1,
            error_count=0,
            report={"created": 10, "warnings": ["colonne ignorée"]},
            rejected_file="spreadsheets/rejected/2026/10/lieux-lignes-refusees.csv",
            skip_invalid=True,
            attempts=1,
            duration=datetime.timedelta(seconds=3),
        )
        previewed = ImportJob.objects.create(
            user=None,
            resource="lieux",
            file_format="xlsx",
            original_filename="attente.xlsx",
            status="previewed",
            file="spreadsheets/rows/2026/10/lieux.json.gz",
            background=True,
        )
        exported = ExportJob.objects.create(
            user=camille,
            resource="lieux",
            file_format="xlsx",
            status="done",
            file="exports/2026/10/abc.xlsx",
            filename="lieux.xlsx",
            listing_path="/admin/snippets/places/venue/",
            query_string="kind=college",
            filters_summary="Type de lieu : Collège",
            row_count=6000,
            progress=100,
        )
        ImportJob.objects.filter(pk=imported.pk).update(created_at=LONG_AGO)
        ExportJob.objects.filter(pk=exported.pk).update(created_at=LONG_AGO)
        rights_before = role_rights(apps, "Équipe programmes")
        assert ("importjob", "view_importjob") in rights_before
        assert ("exportjob", "view_exportjob") in rights_before

        apps = migrate(AFTER)
        Job = apps.get_model("spreadsheets", "SpreadsheetJob")
        assert Job.objects.count() == 3
        job = Job.objects.get(pk=imported.pk)
        assert (job.kind, job.status, job.user.username) == ("import", "done", "camille")
        assert (job.original_filename, job.row_count, job.created_count) == ("lieux.csv", 12, 10)
        assert (job.updated_count, job.unchanged_count, job.skip_invalid) == (1, 1, True)
        assert job.report == {"created": 10, "warnings": ["colonne ignorée"]}
        assert job.rejected_file.name == "spreadsheets/rejected/2026/10/lieux-lignes-refusees.csv"
        assert job.created_at == LONG_AGO and job.duration == datetime.timedelta(seconds=3)
        waiting = Job.objects.get(pk=previewed.pk)
        assert waiting.file.name == "spreadsheets/rows/2026/10/lieux.json.gz"
        assert waiting.background and waiting.user is None and waiting.status == "previewed"
        export = Job.objects.get(kind="export")
        assert export.pk > previewed.pk  # numbered after the imports
        assert (export.filename, export.file.name) == ("lieux.xlsx", "exports/2026/10/abc.xlsx")
        assert (export.listing_path, export.query_string) == (
            "/admin/snippets/places/venue/",
            "kind=college",
        )
        assert export.filters_summary == "Type de lieu : Collège" and export.row_count == 6000
        assert export.user.username == "camille" and export.created_at == LONG_AGO
        # A new job is numbered after every copied one (the id sequence follows).
        new = Job.objects.create(kind="export", resource="lieux", file_format="csv")
        assert new.pk > export.pk
        new.delete()
        # The proxies keep the former content types: the roles' rights are unchanged.
        assert role_rights(apps, "Équipe programmes") == rights_before

        apps = migrate(BEFORE)
        ImportJob = apps.get_model("spreadsheets", "ImportJob")
        ExportJob = apps.get_model("spreadsheets", "ExportJob")
        assert sorted(ImportJob.objects.values_list("original_filename", flat=True)) == [
            "attente.xlsx",
            "lieux.csv",
        ]
        assert ImportJob.objects.get(pk=imported.pk).report["created"] == 10
        back = ExportJob.objects.get()
        assert back.filename == "lieux.xlsx" and back.file.name == "exports/2026/10/abc.xlsx"
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
