"""Issue 15: the former import and export tables are dropped (their rows were copied into
SpreadsheetJob by 0008); ImportJob and ExportJob become proxies of SpreadsheetJob, on the same
content types, so their permissions and the roles' grants stay as they were."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('spreadsheets', '0008_one_job_table'),
    ]

    operations = [
        migrations.DeleteModel(
            name='ExportJob',
        ),
        migrations.DeleteModel(
            name='ImportJob',
        ),
        migrations.CreateModel(
            name='ExportJob',
            fields=[
            ],
            options={
                'verbose_name': 'export',
                'verbose_name_plural': 'exports',
                'proxy': True,
                'indexes': [],
                'constraints': [],
            },
            bases=('spreadsheets.spreadsheetjob',),
        ),
        migrations.CreateModel(
            name='ImportJob',
            fields=[
            ],
            options={
                'verbose_name': 'import',
                'verbose_name_plural': 'imports',
                'permissions': [('view_all_jobs', 'Voir les imports des autres utilisateurs et leurs fichiers (hors données personnelles)')],
                'proxy': True,
                'indexes': [],
                'constraints': [],
            },
            bases=('spreadsheets.spreadsheetjob',),
        ),
    ]
