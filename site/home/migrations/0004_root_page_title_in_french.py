"""Wagtail's root page is created titled « Root »: the page explorer then reads
« Exploration : Root ». It is named in French (it is never shown to the public)."""

from django.db import migrations

OLD, NEW = "Root", "Racine du site"


def rename_root(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(depth=1, title=OLD).update(title=NEW, draft_title=NEW)


def restore_root(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(depth=1, title=NEW).update(title=OLD, draft_title=OLD)


class Migration(migrations.Migration):
    dependencies = [("home", "0003_roles"), ("wagtailcore", "0001_initial")]

    operations = [migrations.RunPython(rename_root, restore_root)]
