"""Issue 15, « one engine »: import and export jobs in one table (SpreadsheetJob, with a `kind`).
This migration creates it and copies every job of the two former tables, with their files'
names, users, counts and report. Import jobs keep their ids (their pages' addresses); export
jobs are numbered after them (new ids: old id + the highest import id). The next migration drops
the former tables and makes ImportJob and ExportJob proxies of the new one; their content types
and permissions (view_importjob, view_exportjob, view_all_jobs) are kept, and so are the roles'
grants. Reversible: the way down copies each kind back, ids kept."""

import django.db.models.deletion
from django.conf import settings
from django.core.management.color import no_style
from django.db import migrations, models

import spreadsheets.models

#: the fields of each former table, all found again in the new one
SHARED = [
    "created_at",
    "started_at",
    "finished_at",
    "user_id",
    "resource",
    "file_format",
    "status",
    "progress",
    "row_count",
    "duration",
    "message",
    "task_id",
    "attempts",
    "file",
]
IMPORT_ONLY = [
    "original_filename",
    "skip_invalid",
    "background",
    "created_count",
    "updated_count",
    "unchanged_count",
    "skipped_count",
    "error_count",
    "report",
    "rejected_file",
]
EXPORT_ONLY = ["listing_path", "query_string", "filters_summary", "filename"]
FIELDS = {"import": SHARED + IMPORT_ONLY, "export": SHARED + EXPORT_ONLY}


def _copy(rows, target, fields, schema_editor, pk=lambda job: job.pk, **extra):
    """Copy every job of `rows` to `target` with its `fields` (files by name), created_at
    kept (auto_now_add is off for the copy); then the target's id sequence follows."""
    created_at = target._meta.get_field("created_at")
    created_at.auto_now_add = False
    try:
        batch = []
        for job in rows.order_by("pk").iterator(chunk_size=500):
            values = {name: getattr(job, name) for name in fields}
            for name in ("file", "rejected_file"):
                if name in values:
                    values[name] = values[name].name or ""
            batch.append(target(pk=pk(job), **values, **extra))
            if len(batch) == 500:
                target.objects.bulk_create(batch)
                batch = []
        target.objects.bulk_create(batch)
    finally:
        created_at.auto_now_add = True
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [target]):
            cursor.execute(sql)


def forwards(apps, schema_editor):
    ImportJob = apps.get_model("spreadsheets", "ImportJob")
    ExportJob = apps.get_model("spreadsheets", "ExportJob")
    SpreadsheetJob = apps.get_model("spreadsheets", "SpreadsheetJob")
    offset = ImportJob.objects.aggregate(top=models.Max("pk"))["top"] or 0
    _copy(ImportJob.objects.all(), SpreadsheetJob, FIELDS["import"], schema_editor, kind="import")
    _copy(
        ExportJob.objects.all(),
        SpreadsheetJob,
        FIELDS["export"],
        schema_editor,
        pk=lambda job: job.pk + offset,
        kind="export",
    )


def backwards(apps, schema_editor):
    SpreadsheetJob = apps.get_model("spreadsheets", "SpreadsheetJob")
    for kind, model_name in (("import", "ImportJob"), ("export", "ExportJob")):
        model = apps.get_model("spreadsheets", model_name)
        _copy(SpreadsheetJob.objects.filter(kind=kind), model, FIELDS[kind], schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('spreadsheets', '0007_plural_names_count_imports_and_exports'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='SpreadsheetJob',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('import', 'import'), ('export', 'export')], db_index=True, max_length=10, verbose_name='type')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='demandé le')),
                ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='commencé le')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='terminé le')),
                ('resource', models.CharField(max_length=60, verbose_name='données')),
                ('file_format', models.CharField(max_length=10, verbose_name='format')),
                ('status', models.CharField(choices=[('pending', 'En attente'), ('previewing', 'Analyse en cours'), ('previewed', 'Aperçu prêt'), ('importing', 'Import en cours'), ('running', 'Export en cours'), ('done', 'Terminé'), ('refused', "Refusé (rien n'a été écrit)"), ('failed', 'Échec'), ('cancelled', "Annulé (rien n'a été écrit)"), ('expired', 'Expiré')], db_index=True, default='pending', max_length=20, verbose_name='état')),
                ('progress', models.PositiveSmallIntegerField(default=0, verbose_name='avancement (%)')),
                ('row_count', models.PositiveIntegerField(default=0, verbose_name='lignes')),
                ('duration', models.DurationField(blank=True, null=True, verbose_name='durée')),
                ('message', models.TextField(blank=True, verbose_name='message')),
                ('task_id', models.CharField(blank=True, max_length=64, verbose_name='tâche Celery')),
                ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='tentatives')),
                ('file', models.FileField(blank=True, storage=spreadsheets.models.private_storage, upload_to=spreadsheets.models.job_file_path, verbose_name='fichier')),
                ('original_filename', models.CharField(blank=True, max_length=255, verbose_name='nom du fichier envoyé')),
                ('skip_invalid', models.BooleanField(default=False, help_text='Les lignes en erreur sont écartées et rendues dans un fichier à corriger.', verbose_name='importer les lignes valides')),
                ('background', models.BooleanField(default=False, verbose_name='tâche de fond')),
                ('created_count', models.PositiveIntegerField(default=0, verbose_name='créées')),
                ('updated_count', models.PositiveIntegerField(default=0, verbose_name='modifiées')),
                ('unchanged_count', models.PositiveIntegerField(default=0, verbose_name='inchangées')),
                ('skipped_count', models.PositiveIntegerField(default=0, verbose_name='écartées')),
                ('error_count', models.PositiveIntegerField(default=0, verbose_name='erreurs')),
                ('report', models.JSONField(blank=True, default=dict, verbose_name='compte rendu')),
                ('rejected_file', models.FileField(blank=True, storage=spreadsheets.models.private_storage, upload_to='spreadsheets/rejected/%Y/%m/', verbose_name='lignes refusées')),
                ('listing_path', models.CharField(blank=True, help_text='Adresse de la liste exportée ; vide : toutes les fiches accessibles.', max_length=255, verbose_name="liste d'origine")),
                ('query_string', models.TextField(blank=True, help_text='Filtres, recherche et tri de la liste, réappliqués par la tâche de fond.', verbose_name='paramètres de la liste')),
                ('filters_summary', models.TextField(blank=True, verbose_name='filtres')),
                ('filename', models.CharField(blank=True, max_length=255, verbose_name='nom du fichier')),
                ('user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='spreadsheet_jobs', to=settings.AUTH_USER_MODEL, verbose_name='demandé par')),
            ],
            options={
                'verbose_name': 'tâche de tableur',
                'verbose_name_plural': 'tâches de tableur',
                'ordering': ['-created_at', '-pk'],
                'constraints': [
                    models.CheckConstraint(condition=models.Q(('progress__lte', 100)), name='spreadsheetjob_progress_at_most_100'),
                    models.CheckConstraint(condition=models.Q(('kind__in', ['import', 'export'])), name='spreadsheetjob_kind_known'),
                ],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
