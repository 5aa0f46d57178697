import csv
from pathlib import Path

import pytest

from places.models import SST, Commune

SHARED_CSV = Path(__file__).resolve().parents[2] / "site" / "places" / "data" / "communes-92.csv"

pytestmark = pytest.mark.django_db


def test_the_36_communes_load_with_their_insee_and_postal_codes():
    assert Commune.objects.count() == 36
    with SHARED_CSV.open(encoding="utf-8") as handle:
        expected = {
            row["insee_code"]: (row["name"], row["postal_code"]) for row in csv.DictReader(handle)
        }
    loaded = {c.insee_code: (c.name, c.postal_code) for c in Commune.objects.all()}
    assert loaded == expected
    assert loaded["92004"] == ("Asnières-sur-Seine", "92600")
    assert loaded["92050"] == ("Nanterre", "92000")
    assert loaded["92078"] == ("Villeneuve-la-Garenne", "92390")


def test_the_four_ssts_named_in_the_seed_group_their_communes():
    groups = {
        sst.name: sorted(sst.communes.values_list("name", flat=True))
        for sst in SST.objects.prefetch_related("communes")
    }
    assert groups == {
        "Asnières–Gennevilliers": ["Asnières-sur-Seine", "Gennevilliers"],
        "Boulogne-Billancourt": ["Boulogne-Billancourt", "Chaville", "Sèvres"],
        "Nanterre": ["Nanterre"],
        "Rueil-Malmaison": [
            "Garches",
            "Marnes-la-Coquette",
            "Rueil-Malmaison",
            "Saint-Cloud",
            "Vaucresson",
            "Ville-d'Avray",
        ],
    }


def test_a_venue_needs_both_coordinates_or_none(venue_a):
    from django.core.exceptions import ValidationError

    venue_a.latitude = 48.9
    with pytest.raises(ValidationError) as excinfo:
        venue_a.full_clean()
    assert "Indiquez la latitude et la longitude" in str(excinfo.value)


def test_a_venue_knows_its_sst_through_its_commune(venue_a):
    assert venue_a.sst.name == "Asnières–Gennevilliers"
