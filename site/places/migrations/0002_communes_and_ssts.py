"""Reference data: the 36 communes of Hauts-de-Seine (INSEE and postal codes) and the four SSTs
named in the 6 June 2023 speech. Other SSTs are created by staff in the admin."""

import csv
from pathlib import Path

from django.db import migrations

COMMUNES_CSV = Path(__file__).resolve().parents[1] / "data" / "communes-92.csv"


def load(apps, schema_editor):
    SST = apps.get_model("places", "SST")
    Commune = apps.get_model("places", "Commune")
    with COMMUNES_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            sst = None
            if row["sst_named_in_seed"]:
                sst, _ = SST.objects.get_or_create(name=row["sst_named_in_seed"])
            Commune.objects.update_or_create(
                insee_code=row["insee_code"],
                defaults={"name": row["name"], "postal_code": row["postal_code"], "sst": sst},
            )


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
