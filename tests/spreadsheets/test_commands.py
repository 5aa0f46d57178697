"""The command line: list, import (dry run, skip-invalid, exit status), export, round trip."""

import pytest
from django.core.management import CommandError, call_command

from places.models import SST, Commune, Venue
from tests.spreadsheets.helpers import VENUE_HEADERS, csv_bytes

pytestmark = pytest.mark.django_db


def run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_list_names_the_registered_resources():
    out, _ = run("import_data", "--list")
    names = [line.split("\t")[0] for line in out.splitlines()]
    assert {"communes", "sst", "lieux"} <= set(names)


def test_import_prints_counts_and_writes(tmp_path):
    path = tmp_path / "lieux.csv"
    path.write_bytes(
        csv_bytes([VENUE_HEADERS, ["pole-x", "Pôle X", "Pôle social", "92004", "", ""]])
    )
    out, _ = run("import_data", "lieux", str(path))
    assert "1 créée(s)" in out
    assert Venue.objects.filter(code="pole-x").exists()


def test_dry_run_writes_nothing(tmp_path):
    path = tmp_path / "lieux.csv"
    path.write_bytes(
        csv_bytes([VENUE_HEADERS, ["pole-x", "Pôle X", "Pôle social", "92004", "", ""]])
    )
    out, _ = run("import_data", "lieux", str(path), "--dry-run")
    assert "rien n'a été enregistré" in out
    assert not Venue.objects.filter(code="pole-x").exists()


GOOD_ROW = ["pole-x", "Pôle X", "Pôle social", "92004", "", ""]
BAD_ROW = ["pole-y", "Pôle Y", "Pôle social", "92004", "nord", ""]


def test_a_dry_run_of_an_invalid_file_exits_non_zero(tmp_path):
    path = tmp_path / "lieux.csv"
    path.write_bytes(csv_bytes([VENUE_HEADERS, GOOD_ROW, BAD_ROW]))
    with pytest.raises(CommandError, match="rien n'a été enregistré"):
        run("import_data", "lieux", str(path), "--dry-run")
    assert not Venue.objects.filter(code="pole-x").exists()


def test_skip_invalid_keeps_the_valid_rows_exits_zero_and_writes_the_rejected_file(tmp_path):
    path = tmp_path / "lieux.csv"
    path.write_bytes(csv_bytes([VENUE_HEADERS, GOOD_ROW, BAD_ROW]))
    out, err = run("import_data", "lieux", str(path), "--skip-invalid")
    assert Venue.objects.filter(code="pole-x").exists()
    assert not Venue.objects.filter(code="pole-y").exists()
    rejected = tmp_path / "lieux-lignes-refusees.csv"
    assert rejected.is_file() and "pole-y" in rejected.read_bytes().decode("utf-8-sig")
    assert "ligne 3" in err and "lieux-lignes-refusees.csv" in out
    # Again: the valid row is now unchanged, the bad one still refused — said as such.
    with pytest.raises(CommandError, match="1 ligne\\(s\\) refusée\\(s\\) et aucune autre"):
        run("import_data", "lieux", str(path), "--skip-invalid")


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("lieux.xlsx", b"pas un classeur", "ne correspond pas|ne peut pas"),
        ("lieux.txt", b"Code;Nom", "Format non pris en charge"),
    ],
)
def test_an_unreadable_file_exits_non_zero_in_french(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CommandError, match=message):
        run("import_data", "lieux", str(path))


@pytest.mark.parametrize(
    "name,message",
    [
        ("entites-non-listees.xlsx", "DTD ou d'entités"),  # was an IndexError traceback
        ("bombe-commentaire.xlsx", "commentaire XML"),
        ("exposant-geant.ods", "cellule B2"),
    ],
)
def test_a_costly_file_exits_non_zero_in_french_and_quickly(tmp_path, name, message):
    import time

    from tests.security.corpus import BAD_SPREADSHEETS

    path = tmp_path / name
    path.write_bytes(BAD_SPREADSHEETS[name]())
    before = Venue.objects.count()
    started = time.monotonic()
    with pytest.raises(CommandError, match=message):
        run("import_data", "lieux", str(path))
    assert time.monotonic() - started < 5
    assert Venue.objects.count() == before


def test_an_invalid_file_exits_non_zero_with_the_errors_in_french(tmp_path, capsys):
    path = tmp_path / "lieux.csv"
    path.write_bytes(
        csv_bytes(
            [
                VENUE_HEADERS,
                ["pole-x", "Pôle X", "Pôle social", "92004", "", ""],
                ["pole-y", "Pôle Y", "Pôle social", "92004", "nord", ""],
            ],
            encoding="cp1252",
        )
    )
    with pytest.raises(CommandError, match="rien n'a été enregistré"):
        run("import_data", "lieux", str(path))
    assert not Venue.objects.filter(code="pole-x").exists()


def test_skip_invalid_writes_the_valid_rows_and_the_rejected_file(tmp_path):
    path = tmp_path / "lieux.csv"
    path.write_bytes(
        csv_bytes(
            [
                VENUE_HEADERS,
                ["pole-x", "Pôle X", "Pôle social", "92004", "", ""],
                ["pole-y", "Pôle Y", "Pôle social", "92004", "nord", ""],
            ]
        )
    )
    out, err = run("import_data", "lieux", str(path), "--skip-invalid")
    assert "ligne 3, « Latitude » : « nord » n'est pas un nombre." in err
    assert Venue.objects.filter(code="pole-x").exists()
    assert (tmp_path / "lieux-lignes-refusees.csv").exists()


def test_an_unknown_resource_is_named():
    with pytest.raises(CommandError, match="Ressource inconnue"):
        run("export_data", "ressource-inconnue")


@pytest.mark.parametrize("resource", ["communes", "sst", "lieux"])
@pytest.mark.parametrize("file_format", ["csv", "xlsx", "ods"])
def test_an_export_reimports_with_no_change(resource, file_format, tmp_path, venue_a, venue_b):
    venue_a.latitude, venue_a.longitude = "48.914512", "2.285801"
    venue_a.accessibility_notes = "Rampe d'accès ; ascenseur\nBoucle magnétique"
    venue_a.save()
    model = {"communes": Commune, "sst": SST, "lieux": Venue}[resource]
    before = list(model.objects.order_by("pk").values())
    path = tmp_path / f"export.{file_format}"
    run("export_data", resource, "--format", file_format, "-o", str(path))
    out, _ = run("import_data", resource, str(path))
    count = model.objects.count()
    assert f"{count} ligne(s) : 0 créée(s), 0 modifiée(s), {count} inchangée(s)" in out
    assert list(model.objects.order_by("pk").values()) == before


def test_export_csv_opens_in_french_excel(tmp_path, venue_a):
    path = tmp_path / "lieux.csv"
    run("export_data", "lieux", "-o", str(path))
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfCode;Nom;Type de lieu;")
