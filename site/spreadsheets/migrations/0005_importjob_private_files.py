"""Uploaded import files and rejected-rows files move to the private storage (they were under
MEDIA_ROOT, served publicly at /media/): new files are stored there, and existing ones are
moved by this migration."""

from django.core.files.storage import default_storage, storages
from django.db import migrations, models

import spreadsheets.models


def move_files(source, target):
    def run(apps, schema_editor):
        ImportJob = apps.get_model("spreadsheets", "ImportJob")
        for job in ImportJob.objects.exclude(file="").iterator():
            for field in ("file", "rejected_file"):
                name = getattr(job, field).name
                if not name or not source().exists(name) or target().exists(name):
                    continue
                with source().open(name, "rb") as content:
                    target().save(name, content)
                source().delete(name)

    return run


def public():
    return default_storage


def private():
    return storages["private"]


class Migration(migrations.Migration):
    dependencies = [
        ("spreadsheets", "0004_exportjob_roles"),
    ]

    operations = [
        migrations.AlterField(
            model_name="importjob",
            name="file",
            field=models.FileField(
                storage=spreadsheets.models.private_storage,
                upload_to="spreadsheets/imports/%Y/%m/",
                verbose_name="fichier",
            ),
        ),
        migrations.AlterField(
            model_name="importjob",
            name="rejected_file",
            field=models.FileField(
                blank=True,
                storage=spreadsheets.models.private_storage,
                upload_to="spreadsheets/rejected/%Y/%m/",
                verbose_name="lignes refusées",
            ),
        ),
        migrations.RunPython(move_files(public, private), move_files(private, public)),
    ]
