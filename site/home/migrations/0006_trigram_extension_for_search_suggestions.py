"""PostgreSQL's pg_trgm extension, for the public search's « Vouliez-vous dire … ? » (home.search).

Installed only on PostgreSQL, only where the extension is available and the database user may
create it; otherwise the search suggests from a cached vocabulary in Python (difflib)."""

from django.db import DatabaseError, migrations, transaction


def create_trigram_extension(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        if cursor.fetchone() is None:
            return
        try:
            with transaction.atomic(using=connection.alias):  # a savepoint: a refusal is harmless
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except DatabaseError:
            pass


class Migration(migrations.Migration):
    dependencies = [("home", "0005_home_showcase_and_legal_pages")]

    operations = [
        migrations.RunPython(create_trigram_extension, migrations.RunPython.noop, elidable=True)
    ]
