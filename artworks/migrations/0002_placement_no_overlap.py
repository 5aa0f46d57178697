"""A work can never be at two venues over overlapping dates: on PostgreSQL the database itself
refuses it (exclusion constraint over daterange, bounds included; cancelled placements do not
count). SQLite has no such constraint: there the rule is checked in artworks.services inside a
transaction (IMMEDIATE transactions serialise the writers)."""

from django.db import migrations

CONSTRAINT = "artworks_placement_no_overlap"


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE artworks_placement ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist "
        "(artwork_id WITH =, daterange(start_date, end_date, '[]') WITH &&) "
        "WHERE (status <> 'cancelled')"
    )


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE artworks_placement DROP CONSTRAINT IF EXISTS {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [("artworks", "0001_initial")]
    operations = [migrations.RunPython(add_constraint, drop_constraint)]
