"""« Sourires d'été » follow-up as spreadsheets: restricted to the staff assigned to the edition
(superusers included in the refusal), complete on the command line, never in any other export."""

from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from home.roles import MODERATORS, PROGRAMME_STAFF, VENUE_MANAGERS
from programmes.models import FollowedSenior, SeniorContact
from programmes.services import purge_expired_follow_up_imports, purge_expired_senior_data
from spreadsheets import registry
from spreadsheets.models import ImportJob
from spreadsheets.reading import read_spreadsheet
from spreadsheets.services import export
from tests.factories import UserFactory
from tests.programmes import factories as f
from tests.programmes.sheets import counts, exported, french_csv, import_rows, run, snapshot

pytestmark = pytest.mark.django_db

RESOURCES = {"suivi-seniors": FollowedSenior, "contacts-seniors": SeniorContact}
SENIOR_HEADERS = [
    "Édition",
    "Nom et prénom",
    "Téléphone",
    "Code INSEE de la commune",
    "Date du consentement",
]
CONTACT_HEADERS = ["Édition", "Nom et prénom", "Date", "Type", "Par", "Observations"]
THIS_YEAR, NEXT_YEAR = "Sourires d'été 2030", "Sourires d'été 2031"


@pytest.fixture
def follow_up(nanterre):
    sourires = f.programme("Sourires d'été", theme="isolement")
    edition = f.edition(sourires, THIS_YEAR, date(2030, 7, 1), date(2030, 8, 31))
    other = f.edition(sourires, NEXT_YEAR, date(2031, 7, 1), date(2031, 8, 31))
    assigned = UserFactory(username="agent.affecte", groups=[PROGRAMME_STAFF])
    edition.assigned_staff.add(assigned)
    edition.save()
    jeanne = FollowedSenior.objects.create(
        edition=edition,
        full_name="Jeanne Lefèvre",
        phone="01 99 00 12 34",
        commune=nanterre,
        consent_date=date(2030, 6, 20),
    )
    marcel = FollowedSenior.objects.create(
        edition=edition,
        full_name="=Marcel Dupuis",
        commune=nanterre,
        consent_date=date(2030, 6, 21),
    )
    odette = FollowedSenior.objects.create(
        edition=other,
        full_name="Odette Girard",
        phone="01 99 00 56 78",
        commune=nanterre,
        consent_date=date(2031, 6, 2),
    )
    SeniorContact.objects.create(
        senior=jeanne, date=date(2030, 7, 3), kind="phone", made_by="B.", notes="Va bien ; merci"
    )
    SeniorContact.objects.create(senior=jeanne, date=date(2030, 7, 10), kind="visit", made_by="B.")
    SeniorContact.objects.create(senior=odette, date=date(2031, 7, 3), kind="phone", made_by="C.")
    return {
        "edition": edition,
        "other": other,
        "assigned": assigned,
        "jeanne": jeanne,
        "marcel": marcel,
        "odette": odette,
    }


@pytest.fixture
def outsiders(db, venue_a):
    """Everyone who is not assigned to an edition: other staff, moderation, a superuser, a
    venue manager."""
    manager = UserFactory(username="responsable", groups=[VENUE_MANAGERS])
    venue_a.managers.add(manager)
    return {
        "equipe": UserFactory(username="agent.autre", groups=[PROGRAMME_STAFF]),
        "moderation": UserFactory(username="moderation", groups=[MODERATORS]),
        "admin": UserFactory(username="admin", is_superuser=True, is_staff=True),
        "responsable": manager,
    }


# --- the command line: every right ------------------------------------------------------------


@pytest.mark.parametrize("resource", list(RESOURCES))
@pytest.mark.parametrize("file_format", ["csv", "xlsx", "ods"])
def test_the_command_line_exports_everything_and_reimports_it_with_no_change(
    resource, file_format, follow_up, tmp_path
):
    model = RESOURCES[resource]
    before = snapshot(model)
    path = tmp_path / f"{resource}.{file_format}"
    run("export_data", resource, "--format", file_format, "-o", str(path))
    out, err = run("import_data", resource, str(path))
    count = len(before)
    assert count == 3
    assert f"{count} ligne(s) : 0 créée(s), 0 modifiée(s), {count} inchangée(s)" in out, err
    assert "Colonne inconnue" not in err
    assert snapshot(model) == before


def test_the_command_line_lists_the_follow_up_as_restricted():
    out, _ = run("import_data", "--list")
    lines = dict(line.split("\t") for line in out.splitlines())
    assert lines["suivi-seniors"] == "suivi des seniors (données personnelles : accès restreint)"
    assert lines["contacts-seniors"].endswith("(données personnelles : accès restreint)")


# --- assigned staff ---------------------------------------------------------------------------


def test_assigned_staff_export_only_their_editions_follow_up(follow_up):
    user = follow_up["assigned"]
    seniors = exported("suivi-seniors", user)
    assert [(s["Édition"], s["Nom et prénom"]) for s in seniors] == [
        (THIS_YEAR, "'=Marcel Dupuis"),
        (THIS_YEAR, "Jeanne Lefèvre"),
    ]
    assert seniors[1]["Code INSEE de la commune"] == "92050"
    assert seniors[1]["Date du consentement"] == "20/06/2030"
    contacts = exported("contacts-seniors", user)
    assert [(c["Nom et prénom"], c["Date"], c["Type"], c["Observations"]) for c in contacts] == [
        ("Jeanne Lefèvre", "03/07/2030", "Appel téléphonique", "Va bien ; merci"),
        ("Jeanne Lefèvre", "10/07/2030", "Visite", ""),
    ]


def test_assigned_staff_import_their_editions_follow_up_idempotently(follow_up):
    user = follow_up["assigned"]
    rows = [
        SENIOR_HEADERS,
        [THIS_YEAR, "Jeanne Lefèvre", "06 00 00 00 01", "92050", "20/06/2030"],  # update
        [THIS_YEAR, "=Marcel Dupuis", "", "92050", "21/06/2030"],  # unchanged
        [THIS_YEAR, "Louise Martin", "", "92063", "25/06/2030"],  # new
    ]
    assert counts(import_rows("suivi-seniors", rows, user)) == (1, 1, 1, 0)
    assert FollowedSenior.objects.get(full_name="Jeanne Lefèvre").phone == "06 00 00 00 01"
    assert FollowedSenior.objects.get(full_name="Louise Martin").edition == follow_up["edition"]
    assert counts(import_rows("suivi-seniors", rows, user)) == (0, 0, 3, 0)
    contacts = [
        CONTACT_HEADERS,
        [THIS_YEAR, "Jeanne Lefèvre", "03/07/2030", "Appel téléphonique", "B.", "Va mieux"],
        [THIS_YEAR, "louise martin", "04/07/2030", "visite", "D.", ""],
    ]
    assert counts(import_rows("contacts-seniors", contacts, user)) == (1, 1, 0, 0)
    assert follow_up["jeanne"].contacts.get(date=date(2030, 7, 3)).notes == "Va mieux"
    assert counts(import_rows("contacts-seniors", contacts, user)) == (0, 0, 2, 0)


def test_a_row_of_another_edition_is_refused_and_nothing_is_written(follow_up):
    user = follow_up["assigned"]
    before = snapshot(FollowedSenior)
    rows = [
        SENIOR_HEADERS,
        [THIS_YEAR, "Louise Martin", "", "92063", "25/06/2030"],
        [NEXT_YEAR, "Odette Girard", "06 11 11 11 11", "92050", "02/06/2031"],
    ]
    report = import_rows("suivi-seniors", rows, user)
    assert report.errors == [
        {
            "line": 3,
            "column": "Édition",
            "message": f"Vous n'êtes pas affecté·e à l'édition « {NEXT_YEAR} » : seule l'équipe "
            "affectée à une édition importe le suivi de ses seniors.",
        }
    ]
    # The other edition's senior is never looked up: the row is not an update of her record.
    assert report.rows[1]["action"] == "invalid" and report.updated == 0
    assert snapshot(FollowedSenior) == before
    contacts = [CONTACT_HEADERS, [NEXT_YEAR, "Odette Girard", "04/07/2031", "Visite", "D.", ""]]
    report = import_rows("contacts-seniors", contacts, user)
    assert report.errors == [
        {
            "line": 2,
            "column": "Nom et prénom",
            "message": f"Aucun senior « Odette Girard » n'est suivi dans l'édition « {NEXT_YEAR} » "
            "(ou cette édition ne vous est pas affectée).",
        }
    ]
    assert SeniorContact.objects.count() == 3


def test_bad_follow_up_rows_are_named_in_french(follow_up, nanterre):
    user = follow_up["assigned"]
    FollowedSenior.objects.create(
        edition=follow_up["edition"],
        full_name="Jeanne Lefèvre",
        commune=nanterre,
        consent_date=date(2030, 6, 28),
    )
    rows = [
        SENIOR_HEADERS,
        [THIS_YEAR, "Paul Durand", "", "75056", "25/06/2030"],
        ["Sourires 2099", "Paul Durand", "", "92050", ""],
    ]
    assert import_rows("suivi-seniors", rows, user).errors == [
        {
            "line": 2,
            "column": "Code INSEE de la commune",
            "message": "Aucune commune n'a le code INSEE « 75056 ».",
        },
        {
            "line": 3,
            "column": "Édition",
            "message": "Aucune édition ne s'appelle « Sourires 2099 ».",
        },
        {
            "line": 3,
            "column": "Date du consentement",
            "message": "Cette cellule est vide : indiquez une valeur.",
        },
    ]
    contacts = [
        CONTACT_HEADERS + ["Date du consentement"],
        [THIS_YEAR, "Jeanne Lefèvre", "01/06/2030", "Visite", "B.", "", "20/06/2030"],
        [THIS_YEAR, "Jeanne Lefèvre", "01/07/2030", "Visite", "B.", "", ""],
    ]
    assert import_rows("contacts-seniors", contacts, user).errors == [
        {"line": 2, "column": "Date", "message": "Un contact ne peut précéder le consentement."},
        {
            "line": 3,
            "column": "Nom et prénom",
            "message": f"Plusieurs seniors « Jeanne Lefèvre » sont suivis dans l'édition « "
            f"{THIS_YEAR} » : indiquez la date du consentement.",
        },
    ]
    assert SeniorContact.objects.count() == 3


# --- everyone else: refused, nothing written, nothing exported --------------------------------


@pytest.mark.parametrize("role", ["equipe", "moderation", "admin", "responsable"])
def test_nobody_else_imports_or_exports_the_follow_up(client, follow_up, outsiders, role):
    user = outsiders[role]
    client.force_login(user)
    for resource in RESOURCES:
        for name, params in (("import", {}), ("export", {"format": "csv"}), ("template", {})):
            response = client.get(reverse(f"spreadsheets:{name}", args=[resource]), params)
            assert response.status_code in (302, 403), (resource, name, response.status_code)
            assert b"Lef" not in response.content
        assert not read_spreadsheet(export(registry.get(resource), "csv", user=user), "x.csv").rows
    upload = SimpleUploadedFile(
        "seniors.csv",
        french_csv([SENIOR_HEADERS, [THIS_YEAR, "Paul Durand", "", "92050", "25/06/2030"]]),
        content_type="text/csv",
    )
    client.post(reverse("spreadsheets:import", args=["suivi-seniors"]), {"file": upload})
    assert not ImportJob.objects.exists()
    before = snapshot(FollowedSenior)
    rows = [
        SENIOR_HEADERS,
        [THIS_YEAR, "Paul Durand", "", "92050", "25/06/2030"],
        [THIS_YEAR, "Jeanne Lefèvre", "", "92050", "20/06/2030"],
    ]
    report = import_rows("suivi-seniors", rows, user)
    assert report.invalid == 2 and not report.written and report.unchanged == 0
    assert snapshot(FollowedSenior) == before
    listing = client.get(reverse("suivi-seniors:index"), {"tableur": "csv"})
    assert b"Lef" not in listing.content
    assert reverse("spreadsheets:import", args=["suivi-seniors"]).encode() not in listing.content


def test_a_superuser_is_refused_even_on_the_command_line_path_with_a_user(follow_up, outsiders):
    report = import_rows(
        "suivi-seniors",
        [SENIOR_HEADERS, [THIS_YEAR, "Paul Durand", "", "92050", "25/06/2030"]],
        outsiders["admin"],
    )
    assert report.errors[0]["message"].startswith(
        f"Vous n'êtes pas affecté·e à l'édition « {THIS_YEAR} »"
    )


def test_the_senior_listing_offers_the_sheets_to_assigned_staff_and_exports_their_rows(
    client, follow_up
):
    client.force_login(follow_up["assigned"])
    listing = client.get(reverse("suivi-seniors:index")).content.decode()
    for resource in RESOURCES:
        assert reverse("spreadsheets:import", args=[resource]) in listing
    assert "Télécharger le modèle" in listing
    response = client.get(reverse("suivi-seniors:index"), {"tableur": "csv"})
    sheet = read_spreadsheet(response.content, "seniors.csv")
    assert sorted(row[1] for row in sheet.rows) == ["'=Marcel Dupuis", "Jeanne Lefèvre"]


def test_a_follow_up_import_is_in_its_senders_history_only(client, follow_up, outsiders):
    client.force_login(follow_up["assigned"])
    upload = SimpleUploadedFile(
        "seniors.csv",
        french_csv([SENIOR_HEADERS, [THIS_YEAR, "Paul Durand", "", "92050", "25/06/2030"]]),
        content_type="text/csv",
    )
    client.post(reverse("spreadsheets:import", args=["suivi-seniors"]), {"file": upload})
    job = ImportJob.objects.get()
    assert job.created_count == 1
    history = reverse("spreadsheets_importjob:index")
    assert "seniors.csv" in client.get(history).content.decode()
    for role in ("equipe", "admin"):
        client.force_login(outsiders[role])
        assert "seniors.csv" not in client.get(history).content.decode()
        assert client.get(reverse("spreadsheets:job", args=[job.pk])).status_code == 404


# --- never in any other export ----------------------------------------------------------------


def test_the_follow_up_is_in_no_other_export(follow_up):
    for entry in registry.all_resources():
        if entry.restricted:
            continue
        data = export(entry, "csv").decode("utf-8-sig")
        assert "Lefèvre" not in data and "01 99 00" not in data, entry.name


def test_follow_up_imports_are_purged_with_their_files_after_the_retention_period(
    client, follow_up, programme_staff
):
    client.force_login(follow_up["assigned"])
    rows = [SENIOR_HEADERS, [THIS_YEAR, "Paul Durand", "", "92050", "01/01/2030"]]
    for name in ("ancien.csv", "recent.csv"):
        upload = SimpleUploadedFile(name, french_csv(rows), content_type="text/csv")
        client.post(reverse("spreadsheets:import", args=["suivi-seniors"]), {"file": upload})
    client.force_login(programme_staff)
    upload = SimpleUploadedFile("lieux.csv", b"Code;Nom\r\nx;y\r\n", content_type="text/csv")
    client.post(reverse("spreadsheets:import", args=["lieux"]), {"file": upload})
    old = ImportJob.objects.get(original_filename="ancien.csv")
    ImportJob.objects.filter(original_filename__in=["ancien.csv", "lieux.csv"]).update(
        created_at=timezone.make_aware(datetime(2029, 5, 31, 23))
    )
    ImportJob.objects.filter(original_filename="recent.csv").update(
        created_at=timezone.make_aware(datetime(2029, 6, 1, 0, 30))
    )
    storage, stored = old.file.storage, old.file.name
    assert storage.exists(stored)
    purge_expired_senior_data(today=date(2030, 6, 1))  # 12 months after 31 May 2029
    assert set(ImportJob.objects.values_list("original_filename", flat=True)) == {
        "recent.csv",
        "lieux.csv",
    }
    assert not storage.exists(stored)
    assert purge_expired_follow_up_imports(today=date(2030, 6, 1)) == 0


@pytest.mark.parametrize("resource", list(RESOURCES))
def test_a_follow_up_export_costs_the_same_queries_whatever_the_number_of_rows(
    resource, follow_up, nanterre
):
    entry, user = registry.get(resource), follow_up["assigned"]

    def queries():
        with CaptureQueriesContext(connection) as captured:
            export(entry, "csv", user=user)
        return len(captured)

    small = queries()
    for number in range(3):
        senior = FollowedSenior.objects.create(
            edition=follow_up["edition"],
            full_name=f"Senior {number}",
            commune=nanterre,
            consent_date=date(2030, 6, 1),
        )
        SeniorContact.objects.create(
            senior=senior, date=date(2030, 7, 1), kind="visit", made_by="B"
        )
    assert queries() == small
