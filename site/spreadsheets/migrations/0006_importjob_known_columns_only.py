"""Uploads are no longer kept (issue 12): an import job stores only its rows restricted to the
resource's known columns (JSON, gzip) until the import ends or the preview expires, and its
rejected-rows file holds only known columns. Existing jobs are brought in line: a raw upload of
a job still waiting or running becomes its stored rows; every other raw upload is deleted; each
rejected-rows file is rewritten with the known columns and « Erreur » only (deleted if it cannot
be read). Also: the « Annulé » and « Aperçu expiré » states, and the view_all_jobs permission."""

from django.core.files.base import ContentFile
from django.db import migrations, models
from django.utils import timezone

import spreadsheets.models

WAITING_OR_RUNNING = ("pending", "previewing", "previewed", "importing")


def _minimise(apps, schema_editor):
    from spreadsheets import jobs, registry
    from spreadsheets.reading import read_spreadsheet
    from spreadsheets.services import ERROR_COLUMN, _normalise, known_columns
    from spreadsheets.writing import write_spreadsheet

    ImportJob = apps.get_model("spreadsheets", "ImportJob")
    storage = spreadsheets.models.private_storage()
    for job in ImportJob.objects.exclude(file="", rejected_file="").iterator():
        try:
            registered = registry.get(job.resource)
        except registry.UnknownResource:
            registered = None
        raw = job.file.name
        if raw and not raw.endswith(".json.gz"):
            rows_name = ""
            if registered is not None and job.status in WAITING_OR_RUNNING:
                try:
                    with storage.open(raw, "rb") as stream:
                        sheet = read_spreadsheet(stream.read(), job.original_filename)
                    kept, ignored = known_columns(registered, sheet)
                    stamp = timezone.localtime(job.created_at).strftime("%Y/%m")
                    rows_name = storage.save(
                        f"spreadsheets/rows/{stamp}/{job.resource}.json.gz",
                        ContentFile(jobs.store_rows(kept, ignored)),
                    )
                except Exception:
                    rows_name = ""
            if not rows_name and job.status in WAITING_OR_RUNNING:
                ImportJob.objects.filter(pk=job.pk).update(
                    status="failed",
                    finished_at=timezone.now(),
                    message="Le fichier envoyé n'a pas pu être repris lors d'une mise à jour ; "
                    "rien n'a été enregistré. Renvoyez le fichier.",
                )
            ImportJob.objects.filter(pk=job.pk).update(file=rows_name)
            storage.delete(raw)
        rejected = job.rejected_file.name
        if rejected:
            rewritten = None
            if registered is not None:
                try:
                    with storage.open(rejected, "rb") as stream:
                        sheet = read_spreadsheet(stream.read(), rejected)
                    known = {
                        _normalise(f.column_name) for f in registered.resource().get_import_fields()
                    }
                    known.add(_normalise(ERROR_COLUMN))
                    keep = [i for i, h in enumerate(sheet.headers) if _normalise(h) in known]
                    rewritten = write_spreadsheet(
                        sheet.format,
                        [sheet.headers[i] for i in keep],
                        [[row[i] for i in keep] for row in sheet.rows],
                    )
                except Exception:
                    rewritten = None
            storage.delete(rejected)
            if rewritten is None:
                ImportJob.objects.filter(pk=job.pk).update(rejected_file="")
            else:
                storage.save(rejected, ContentFile(rewritten))


class Migration(migrations.Migration):
    dependencies = [
        ("spreadsheets", "0005_importjob_private_files"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="importjob",
            options={
                "ordering": ["-created_at", "-pk"],
                "permissions": [
                    (
                        "view_all_jobs",
                        "Voir les imports des autres utilisateurs et leurs fichiers (hors données personnelles)",
                    )
                ],
                "verbose_name": "import",
                "verbose_name_plural": "historique des imports",
            },
        ),
        migrations.AlterField(
            model_name="importjob",
            name="file",
            field=models.FileField(
                blank=True,
                storage=spreadsheets.models.private_storage,
                upload_to="spreadsheets/rows/%Y/%m/",
                verbose_name="lignes retenues",
            ),
        ),
        migrations.AlterField(
            model_name="importjob",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "En attente"),
                    ("previewing", "Analyse en cours"),
                    ("previewed", "Aperçu prêt"),
                    ("importing", "Import en cours"),
                    ("done", "Importé"),
                    ("refused", "Refusé (rien n'a été écrit)"),
                    ("failed", "Échec"),
                    ("cancelled", "Annulé (rien n'a été écrit)"),
                    ("expired", "Aperçu expiré"),
                ],
                db_index=True,
                default="pending",
                max_length=20,
                verbose_name="état",
            ),
        ),
        migrations.RunPython(_minimise, migrations.RunPython.noop),
    ]
