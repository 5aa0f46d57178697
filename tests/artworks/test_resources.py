"""The FDAC collection as spreadsheets: artists, works, placements and mediation sessions —
round trips in every format, French CSV errors, idempotence, venue scope, the overlap rule."""

import csv
import datetime
from html import unescape
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.search.backends import get_search_backend
from wagtail.search.signal_handlers import post_save_signal_handler as search_post_save

from artworks.models import (
    Artist,
    Artwork,
    LeaderKind,
    MediationSession,
    Placement,
    PlacementStatus,
)
from spreadsheets import registry
from spreadsheets.reading import read_spreadsheet
from spreadsheets.services import export, run_import, template
from spreadsheets.widgets import DateTimeWidget
from tests.artworks.factories import (
    ArtistFactory,
    ArtworkFactory,
    MediationSessionFactory,
    PlacementFactory,
)

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
MODELS = {
    "artistes": Artist,
    "oeuvres": Artwork,
    "placements": Placement,
    "seances-mediation": MediationSession,
}


def at(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=PARIS)


@pytest.fixture
def collection(venue_a, venue_b):
    """Values that try every conversion: formulas, « ; » in text, line breaks, two artists
    sharing a name, a placement of each status, sessions led by an artist or a mediator."""
    ellena = ArtistFactory(
        name="Véronique Ellena", slug="veronique-ellena", website="https://ellena.example"
    )
    homonym_1 = ArtistFactory(name="Camille Martin", slug="camille-martin-1")
    homonym_2 = ArtistFactory(name="Camille Martin", slug="camille-martin-2")
    ArtistFactory(name="-Collectif", slug="collectif", biography="=SOMME(A1)\nDeux lignes ; oui")
    clairs = ArtworkFactory(
        inventory_number="FDAC 2009.14",
        slug="fdac-2009-14",
        title="Clairs Obscurs n° 3",
        artists=[ellena, homonym_1],
        technique="Photographie ; tirage argentique",
        dimensions="80 × 120 cm",
        acquisition_year=2009,
        rights_notice="© ADAGP, Paris",
        handling_notes="Cadre fragile\nporter à deux",
    )
    formula = ArtworkFactory(
        inventory_number="FDAC 2015.3",
        title='=HYPERLINK("http://pirate")',
        series="",
        year=None,
        public_display_allowed=False,
        artists=[homonym_2],
    )
    ArtworkFactory(inventory_number="FDAC 2020.1", title="Sans artiste")
    at_a = PlacementFactory(
        artwork=clairs,
        venue=venue_a,
        start_date=datetime.date(2025, 6, 2),
        end_date=datetime.date(2025, 7, 30),
        status=PlacementStatus.INSTALLED,
        install_condition_notes="Bon état ; vitre propre",
    )
    PlacementFactory(
        artwork=clairs,
        venue=venue_b,
        start_date=datetime.date(2025, 9, 1),
        end_date=datetime.date(2025, 9, 30),
    )
    at_b = PlacementFactory(
        artwork=formula,
        venue=venue_b,
        start_date=datetime.date(2025, 6, 1),
        end_date=datetime.date(2025, 6, 30),
        status=PlacementStatus.REMOVED,
        removal_condition_notes="+ rayure au coin",
    )
    MediationSessionFactory(
        placement=at_a,
        starts_at=at(datetime.date(2025, 6, 12), 14, 30),
        led_by=LeaderKind.ARTIST,
        artist=ellena,
        leader_name="",
        attendance_total=18,
        attendance_adults=8,
        attendance_children=10,
        notes="Très bien ; à refaire",
    )
    MediationSessionFactory(
        placement=at_a,
        starts_at=at(datetime.date(2025, 6, 20), 10),
        led_by=LeaderKind.ARTIST,
        artist=homonym_1,
        leader_name="",
        audience="school",
        is_public=False,
    )
    MediationSessionFactory(
        placement=at_b,
        starts_at=at(datetime.date(2025, 6, 3), 9, 15),
        duration_minutes=90,
        attendance_total=5,
    )
    return {"clairs": clairs, "formula": formula, "at_a": at_a, "at_b": at_b}


def snapshot(model):
    rows = list(model.objects.order_by("pk").values())
    if model is Artwork:
        for row in rows:
            row["artists"] = sorted(
                Artwork.objects.get(pk=row["id"]).artists.values_list("pk", flat=True)
            )
    return rows


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def french_csv(rows):
    """What French Excel saves as « CSV (séparateur : point-virgule) »: Windows-1252, « ; »,
    cells holding a « ; » quoted."""
    text = StringIO()
    csv.writer(text, delimiter=";", lineterminator="\r\n").writerows(rows)
    return text.getvalue().encode("cp1252")


def import_csv(resource, rows, user=None, **kwargs):
    data = french_csv(rows)
    sheet = read_spreadsheet(data, f"{resource}.csv")
    return run_import(registry.get(resource), sheet, user, **kwargs)


def headers(resource):
    return registry.get(resource).resource().get_export_headers()


# --- round trip -------------------------------------------------------------------------------


@pytest.mark.parametrize("resource", list(MODELS))
@pytest.mark.parametrize("file_format", ["csv", "xlsx", "ods"])
def test_an_export_reimports_with_no_change(resource, file_format, collection, tmp_path):
    model = MODELS[resource]
    before = snapshot(model)
    assert before
    path = tmp_path / f"{resource}.{file_format}"
    run("export_data", resource, "--format", file_format, "-o", str(path))
    out, err = run("import_data", resource, str(path))
    count = len(before)
    assert f"{count} ligne(s) : 0 créée(s), 0 modifiée(s), {count} inchangée(s)" in out, err
    assert "Colonne inconnue" not in err
    assert snapshot(model) == before


def test_the_export_uses_natural_keys_and_french_values(collection):
    sheet = read_spreadsheet(export(registry.get("seances-mediation"), "csv"), "s.csv")
    by_date = {
        row[sheet.headers.index("Date et heure")]: dict(zip(sheet.headers, row, strict=True))
        for row in sheet.rows
    }
    session = by_date["12/06/2025 14:30"]
    assert session["Numéro d'inventaire FDAC"] == "FDAC 2009.14"
    assert session["Code du lieu"] == "pole-a"
    assert session["Animée par"] == "L'artiste" and session["Artiste"] == "Véronique Ellena"
    assert session["Public"] == "Familles" and session["Annoncée sur le site public"] == "oui"
    # An artist whose name is shared is written by identifier, so it comes back the same.
    assert by_date["20/06/2025 10:00"]["Artiste"] == "camille-martin-1"

    works = read_spreadsheet(export(registry.get("oeuvres"), "csv"), "o.csv")
    rows = {row[0]: dict(zip(works.headers, row, strict=True)) for row in works.rows}
    assert rows["FDAC 2009.14"]["Artistes"] == "camille-martin-1; Véronique Ellena"
    assert rows["FDAC 2015.3"]["Titre"] == '\'=HYPERLINK("http://pirate")'
    assert rows["FDAC 2015.3"]["Diffusion en ligne autorisée"] == "non"

    placements = read_spreadsheet(export(registry.get("placements"), "csv"), "p.csv")
    row = dict(zip(placements.headers, placements.rows[-1], strict=True))
    assert (row["Début"], row["Fin"], row["Statut"]) == ("01/06/2025", "30/06/2025", "Retiré")


# --- French CSV with one bad row --------------------------------------------------------------


def test_a_french_csv_of_artists_with_a_bad_row_names_it_and_writes_nothing():
    rows = [
        ["Identifiant", "Nom", "Biographie", "Site web"],
        ["", "Hélène Délavault", "Née à Sèvres", "https://helene.example"],
        ["abel-ré", "Abel", "", "pas une adresse"],
    ]
    report = import_csv("artistes", rows)
    # An accented identifier is written plainly (abel-re), not refused.
    assert report.errors == [
        {"line": 3, "column": "Site web", "message": "Saisissez une URL valide."},
    ]
    assert not Artist.objects.exists()
    fixed = import_csv("artistes", [rows[0], rows[1], ["abel-ré", "Abel", "", ""]])
    assert fixed.created == 2
    assert Artist.objects.get(name="Hélène Délavault").slug == "helene-delavault"
    assert Artist.objects.get(name="Abel").slug == "abel-re"


def test_an_artist_whose_identifier_cell_holds_only_spaces_gets_one_from_the_name():
    rows = [["Identifiant", "Nom", "Biographie", "Site web"], ["   ", "Zoé Marin", "", ""]]
    assert import_csv("artistes", rows).created == 1
    assert Artist.objects.get().slug == "zoe-marin"


def test_a_french_csv_of_works_with_a_bad_row_names_it_and_writes_nothing(collection):
    rows = [
        ["Numéro d'inventaire FDAC", "Titre", "Artistes", "Année de création"],
        ["FDAC 2024.7", "Été indien", "Véronique Ellena ; collectif", "2023"],
        ["FDAC 2024.8", "Fantôme", "Inconnue Totale", "deux mille"],
        ["FDAC 2024.9", "Homonyme", "Camille Martin", "2021"],
    ]
    report = import_csv("oeuvres", rows)
    assert report.errors == [
        {
            "line": 3,
            "column": "Année de création",
            "message": "« deux mille » n'est pas un nombre.",
        },
        {
            "line": 3,
            "column": "Artistes",
            "message": "Aucun artiste ne s'appelle « Inconnue Totale » ni n'a cet identifiant.",
        },
        {
            "line": 4,
            "column": "Artistes",
            "message": "Plusieurs artistes s'appellent « Camille Martin » : indiquez "
            "l'identifiant (camille-martin-1, camille-martin-2).",
        },
    ]
    assert (report.created, report.invalid, report.written) == (1, 2, False)
    assert not Artwork.objects.filter(inventory_number__startswith="FDAC 2024").exists()

    fixed = [rows[0], rows[1], ["FDAC 2024.9", "Homonyme", "camille-martin-2", "2021"]]
    assert import_csv("oeuvres", fixed).created == 2
    work = Artwork.objects.get(inventory_number="FDAC 2024.7")
    assert work.slug == "fdac-2024-7"
    assert sorted(work.artists.values_list("slug", flat=True)) == ["collectif", "veronique-ellena"]


def test_an_imported_work_without_a_slug_gets_a_free_one(collection):
    ArtworkFactory(inventory_number="FDAC 1999.1", slug="fdac-2024-10")
    rows = [
        ["Numéro d'inventaire FDAC", "Titre", "Identifiant d'adresse"],
        ["FDAC 2024.10", "Été indien", ""],
        ["FDAC 2024.11", "Fantôme", "Fantôme d'été"],
    ]
    report = import_csv("oeuvres", rows)
    assert report.errors == [] and report.created == 2
    assert Artwork.objects.get(inventory_number="FDAC 2024.10").slug == "fdac-2024-10-2"
    assert Artwork.objects.get(inventory_number="FDAC 2024.11").slug == "fantome-dete"


PLACEMENT_HEADERS = ["Numéro d'inventaire FDAC", "Code du lieu", "Début", "Fin", "Statut"]


def test_a_french_csv_of_placements_with_a_bad_row_names_it_and_writes_nothing(collection):
    rows = [
        PLACEMENT_HEADERS,
        ["FDAC 2020.1", "pole-a", "01/10/2025", "31/10/2025", "Prévu"],
        ["FDAC 2020.1", "pole-b", "01/12/2025", "30/11/2025", "Prévu"],
        ["FDAC 2099.9", "pole-b", "01/12/2025", "31/12/2025", "Égaré"],
    ]
    report = import_csv("placements", rows)
    assert report.errors == [
        {
            "line": 3,
            "column": "Fin",
            "message": "La fin doit être le même jour ou après le début.",
        },
        {
            "line": 4,
            "column": "Numéro d'inventaire FDAC",
            "message": "Aucune œuvre n'a le numéro d'inventaire « FDAC 2099.9 ».",
        },
        {
            "line": 4,
            "column": "Statut",
            "message": "« Égaré » n'est pas une valeur possible (valeurs : Prévu, Installé, "
            "Retiré, Annulé).",
        },
    ]
    assert not Placement.objects.filter(artwork__inventory_number="FDAC 2020.1").exists()


SESSION_HEADERS = [
    "Numéro d'inventaire FDAC",
    "Code du lieu",
    "Date et heure",
    "Animée par",
    "Intervenant·e",
    "Public",
    "Participants (total)",
    "Dont adultes",
    "Dont enfants",
]


def test_a_french_csv_of_sessions_with_a_bad_row_names_it_and_writes_nothing(collection):
    rows = [
        SESSION_HEADERS,
        ["FDAC 2009.14", "pole-a", "01/07/2025 15:00", "Un médiateur ou une médiatrice",
         "Inès", "Adultes", "12", "12", ""],
        ["FDAC 2009.14", "pole-a", "02/07/2025 15:00", "mediator", "Inès", "Enfants",
         "10", "4", "5"],
        ["FDAC 2009.14", "pole-a", "15/08/2025 10:00", "mediator", "Inès", "Enfants",
         "3", "", ""],
    ]  # fmt: skip
    report = import_csv("seances-mediation", rows)
    assert report.errors == [
        {
            "line": 3,
            "column": "Participants (total)",
            "message": "La somme des adultes (4) et des enfants (5) doit être égale au total (10).",
        },
        {
            "line": 4,
            "column": "Numéro d'inventaire FDAC",
            "message": "Aucun placement de l'œuvre « FDAC 2009.14 » au lieu « pole-a » ne "
            "couvre le 15/08/2025.",
        },
    ]
    assert MediationSession.objects.count() == 3


def test_a_session_row_checks_the_parts_against_the_total_as_the_model_does(collection):
    rows = [
        SESSION_HEADERS,
        ["FDAC 2009.14", "pole-a", "01/07/2025 15:00", "mediator", "Inès", "Adultes",
         "", "3", ""],
        ["FDAC 2009.14", "pole-a", "02/07/2025 15:00", "L'artiste", "", "Adultes",
         "4", "5", ""],
    ]  # fmt: skip
    report = import_csv("seances-mediation", rows)
    messages = {(e["line"], e["column"]): e["message"] for e in report.errors}
    assert messages[(2, "Participants (total)")] == (
        "Indiquez le total quand vous détaillez les publics."
    )
    assert messages[(3, "Participants (total)")] == (
        "Les adultes ou les enfants ne peuvent pas dépasser le total."
    )
    assert messages[(3, "Artiste")] == "Choisissez l'artiste qui a animé la séance."
    assert MediationSession.objects.count() == 3


# --- idempotence ------------------------------------------------------------------------------

FRESH = {
    "artistes": [
        ["Identifiant", "Nom", "Biographie"],
        ["lou-nouvelle", "Lou Nouvelle", "Peintre"],
    ],
    "oeuvres": [
        ["Numéro d'inventaire FDAC", "Titre", "Artistes", "Diffusion en ligne autorisée"],
        ["FDAC 2024.1", "Nouvelle", "Véronique Ellena; camille-martin-2", "non"],
    ],
    "placements": [
        PLACEMENT_HEADERS,
        ["FDAC 2020.1", "pole-a", "01/10/2025", "31/10/2025", "Prévu"],
        ["FDAC 2015.3", "pole-a", "2025-10-01", "45961", "prévu"],
    ],
    "seances-mediation": [
        SESSION_HEADERS,
        [
            "FDAC 2009.14",
            "pole-a",
            "01/07/2025 15:00",
            "Un médiateur ou une médiatrice",
            "Inès",
            "Adultes",
            "12",
            "12",
            "",
        ],
        [
            "fdac 2015.3",
            "POLE-B",
            "2025-06-04 09:30",
            "mediator",
            "Inès",
            "Enfants",
            "10",
            "4",
            "6",
        ],
    ],  # fmt: skip
}


@pytest.mark.parametrize("resource", list(FRESH))
def test_importing_the_same_file_twice_creates_nothing_the_second_time(resource, collection):
    rows = FRESH[resource]
    first = import_csv(resource, rows)
    assert first.is_valid, first.errors
    assert first.created == len(rows) - 1 and first.written
    before = snapshot(MODELS[resource])
    second = import_csv(resource, rows)
    assert (second.created, second.updated, second.unchanged) == (0, 0, len(rows) - 1)
    assert not second.written
    assert snapshot(MODELS[resource]) == before


def test_a_row_whose_key_exists_updates_that_record(collection):
    rows = [
        ["Numéro d'inventaire FDAC", "Code du lieu", "Début", "Fin", "État au retrait"],
        ["FDAC 2015.3", "pole-b", "01/06/2025", "30/06/2025", "Rayure au coin, signalée"],
    ]
    report = import_csv("placements", rows)
    assert (report.created, report.updated) == (0, 1)
    collection["at_b"].refresh_from_db()
    assert collection["at_b"].removal_condition_notes == "Rayure au coin, signalée"
    assert collection["at_b"].status == PlacementStatus.REMOVED  # a missing column is kept


# --- the overlap rule -------------------------------------------------------------------------


def test_an_overlapping_placement_row_is_refused_naming_the_conflict_and_nothing_is_written(
    collection,
):
    rows = [
        PLACEMENT_HEADERS,
        ["FDAC 2020.1", "pole-a", "01/10/2025", "31/10/2025", "Prévu"],
        ["FDAC 2009.14", "pole-b", "15/07/2025", "15/08/2025", "Prévu"],
    ]
    report = import_csv("placements", rows)
    assert report.errors == [
        {
            "line": 3,
            "column": "",
            "message": "« Clairs Obscurs n° 3 » est déjà prévue à Pôle social A du 2 juin 2025 "
            "au 30 juillet 2025.",
        }
    ]
    assert not report.written
    assert Placement.objects.count() == 3


def test_two_rows_of_one_file_that_overlap_are_refused(collection):
    rows = [
        PLACEMENT_HEADERS,
        ["FDAC 2020.1", "pole-a", "01/10/2025", "31/10/2025", "Prévu"],
        ["FDAC 2020.1", "pole-b", "31/10/2025", "15/11/2025", "Prévu"],
    ]
    report = import_csv("placements", rows)
    assert [(e["line"], e["message"]) for e in report.errors] == [
        (
            3,
            "« Sans artiste » est déjà prévue à Pôle social A du 1 octobre 2025 au 31 octobre "
            "2025.",
        )
    ]
    assert not Placement.objects.filter(artwork__inventory_number="FDAC 2020.1").exists()


def test_a_cancelled_placement_may_share_dates(collection):
    rows = [
        PLACEMENT_HEADERS,
        ["FDAC 2009.14", "pole-b", "15/07/2025", "15/08/2025", "Annulé"],
    ]
    assert import_csv("placements", rows).created == 1


# --- venue scope ------------------------------------------------------------------------------


def test_a_manager_exports_only_their_venues_placements_and_sessions(collection, manager_a):
    placements = read_spreadsheet(
        export(registry.get("placements"), "csv", user=manager_a), "p.csv"
    )
    assert {row[placements.headers.index("Code du lieu")] for row in placements.rows} == {"pole-a"}
    assert len(placements.rows) == 1
    sessions = read_spreadsheet(
        export(registry.get("seances-mediation"), "xlsx", user=manager_a), "s.xlsx"
    )
    assert {row[sessions.headers.index("Code du lieu")] for row in sessions.rows} == {"pole-a"}
    assert len(sessions.rows) == 2


def test_a_manager_cannot_import_another_venues_placement(collection, manager_a):
    rows = [
        ["Numéro d'inventaire FDAC", "Code du lieu", "Début", "État à l'installation"],
        ["FDAC 2009.14", "pole-a", "02/06/2025", "Vitre fêlée"],
        ["FDAC 2015.3", "pole-b", "01/06/2025", "Piraté"],
    ]
    report = import_csv("placements", rows, manager_a)
    assert report.errors == [
        {
            "line": 3,
            "column": "Code du lieu",
            "message": "Le lieu « pole-b » ne fait pas partie des lieux que vous gérez.",
        }
    ]
    assert not report.written
    collection["at_b"].refresh_from_db()
    assert collection["at_b"].install_condition_notes == ""
    # Their own row alone goes through: a manager writes condition notes.
    report = import_csv("placements", rows[:2], manager_a)
    assert report.updated == 1 and report.written
    collection["at_a"].refresh_from_db()
    assert collection["at_a"].install_condition_notes == "Vitre fêlée"


def test_a_manager_cannot_create_placements_or_change_their_status(collection, manager_a):
    rows = [
        PLACEMENT_HEADERS,
        ["FDAC 2009.14", "pole-a", "02/06/2025", "30/07/2025", "Retiré"],
        ["FDAC 2020.1", "pole-a", "01/10/2025", "31/10/2025", "Prévu"],
    ]
    report = import_csv("placements", rows, manager_a, dry_run=True)
    messages = [(e["line"], e["column"], e["message"]) for e in report.errors]
    assert messages[0][:2] == (2, "Statut")
    assert "Seule l'équipe des programmes peut modifier « Statut »" in messages[0][2]
    assert messages[1] == (3, "", "Vous n'avez pas le droit de créer des fiches « placement ».")


def test_a_manager_cannot_set_by_spreadsheet_a_field_the_form_keeps_from_them(
    collection, manager_a
):
    """One declaration (Placement.STAFF_ONLY_FIELDS): what the admin form disables for a venue
    manager is what their import refuses — here the end date, on their own placement."""
    from django.forms import modelform_factory

    from artworks.forms import PlacementForm

    form_class = modelform_factory(Placement, form=PlacementForm, exclude=[])
    form = form_class(instance=collection["at_a"], for_user=manager_a)
    disabled = {name for name, field in form.fields.items() if field.disabled}
    assert disabled == {"artwork", "venue", "start_date", "end_date", "status"}
    assert set(registry.get("placements").resource().staff_only) == disabled
    rows = [PLACEMENT_HEADERS, ["FDAC 2009.14", "pole-a", "02/06/2025", "31/08/2025", "Installé"]]
    report = import_csv("placements", rows, manager_a)
    assert [(e["line"], e["column"]) for e in report.errors] == [(2, "Fin")]
    assert "Seule l'équipe des programmes peut modifier « Fin »" in report.errors[0]["message"]
    assert not report.written
    collection["at_a"].refresh_from_db()
    assert collection["at_a"].end_date == datetime.date(2025, 7, 30)


def test_a_manager_imports_sessions_only_at_their_venues(collection, manager_a):
    rows = [
        SESSION_HEADERS,
        ["FDAC 2009.14", "pole-a", "01/07/2025 15:00", "mediator", "Inès", "Adultes",
         "12", "12", ""],
        ["FDAC 2015.3", "pole-b", "04/06/2025 09:30", "mediator", "Inès", "Enfants",
         "10", "4", "6"],
    ]  # fmt: skip
    report = import_csv("seances-mediation", rows, manager_a)
    assert report.errors == [
        {
            "line": 3,
            "column": "Code du lieu",
            "message": "Le lieu « pole-b » ne fait pas partie des lieux que vous gérez.",
        }
    ]
    assert MediationSession.objects.count() == 3
    report = import_csv("seances-mediation", rows[:2], manager_a)
    assert report.created == 1 and report.written
    assert MediationSession.objects.for_user(manager_a).count() == 3


def test_a_manager_gets_no_unchanged_confirmation_for_another_venues_session(collection, manager_a):
    data = export(registry.get("seances-mediation"), "csv")
    report = run_import(
        registry.get("seances-mediation"), read_spreadsheet(data, "s.csv"), manager_a, dry_run=True
    )
    assert report.unchanged == 2 and report.invalid == 1


# --- the admin listings -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url_name,resource",
    [
        ("wagtailsnippets_artworks_artist:list", "artistes"),
        ("wagtailsnippets_artworks_artwork:list", "oeuvres"),
        ("wagtailsnippets_artworks_placement:list", "placements"),
        ("wagtailsnippets_artworks_mediationsession:list", "seances-mediation"),
    ],
)
def test_the_collection_listings_have_import_export_and_template_buttons(
    client, programme_staff, url_name, resource
):
    client.force_login(programme_staff)
    content = client.get(reverse(url_name)).content.decode()
    assert reverse("spreadsheets:import", args=[resource]) in content
    assert "Exporter" in content and "Télécharger le modèle" in content


def test_the_placement_listing_export_follows_the_managers_scope(client, collection, manager_a):
    client.force_login(manager_a)
    response = client.get(reverse("wagtailsnippets_artworks_placement:list") + "?tableur=csv")
    sheet = read_spreadsheet(response.content, "p.csv")
    assert [row[sheet.headers.index("Code du lieu")] for row in sheet.rows] == ["pole-a"]


# --- date and time cells, template, cost ------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "12/06/2025 14:30",
        "12/06/2025  14h30",
        "2025-06-12 14:30",
        "2025-06-12T12:30:00+00:00",
        datetime.datetime(2025, 6, 12, 14, 30),
        datetime.datetime(2025, 6, 12, 14, 29, 59, 999_600),  # as Excel stores it
        45820.604166666664,
        "45820,6041666667",
    ],
)
def test_session_times_are_read_as_french_iso_typed_or_excel_serial(value):
    assert DateTimeWidget().clean(value) == at(datetime.date(2025, 6, 12), 14, 30)


@pytest.mark.parametrize("value", ["12/06/2025", "demain 14h", datetime.date(2025, 6, 12)])
def test_a_session_time_without_an_hour_is_refused_in_french(value):
    with pytest.raises(ValueError, match="n'est pas une date et heure"):
        DateTimeWidget().clean(value)


def test_session_times_are_written_in_local_time():
    moment = datetime.datetime(2025, 6, 12, 12, 30, tzinfo=datetime.UTC)
    assert DateTimeWidget().render(moment) == "12/06/2025 14:30"
    assert DateTimeWidget().render(moment, text=False) == datetime.datetime(2025, 6, 12, 14, 30)


@pytest.mark.parametrize("resource", list(MODELS))
def test_the_template_has_the_export_headers_and_an_example_row(resource):
    entry = registry.get(resource)
    sheet = read_spreadsheet(template(entry, "xlsx"), "modele.xlsx")
    assert sheet.headers == entry.resource().get_export_headers()
    assert len(sheet.rows) == 1 and sheet.rows[0][0]


@pytest.mark.parametrize("resource", ["artistes", "oeuvres"])
def test_importing_the_template_unchanged_overwrites_no_real_record(resource, collection):
    """The example row uses keys no real record has: it never changes Véronique Ellena or
    « Clairs Obscurs n° 3 » (the example work names the example artist, who must exist first)."""
    entry = registry.get(resource)
    sheet = read_spreadsheet(template(entry, "xlsx"), "modele.xlsx")
    report = run_import(entry, sheet, dry_run=True)
    assert report.updated == 0 and report.unchanged == 0
    assert report.created == 1 or report.errors[0]["column"] == "Artistes"


@pytest.mark.parametrize("resource", ["oeuvres", "placements", "seances-mediation"])
def test_an_export_costs_the_same_queries_whatever_the_number_of_rows(resource, collection):
    entry = registry.get(resource)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            export(entry, "csv")
        return len(captured)

    small = queries()
    for _ in range(5):
        work = ArtworkFactory(artists=[ArtistFactory()])
        placement = PlacementFactory(artwork=work, venue=collection["at_a"].venue)
        MediationSessionFactory(placement=placement)
    assert queries() == small


def test_an_overlapping_placement_is_shown_in_the_admin_preview_and_cannot_be_confirmed(
    client, programme_staff, collection
):
    rows = [
        PLACEMENT_HEADERS,
        ["FDAC 2020.1", "pole-a", "01/10/2025", "31/10/2025", "Prévu"],
        ["FDAC 2009.14", "pole-b", "15/07/2025", "15/08/2025", "Prévu"],
    ]
    client.force_login(programme_staff)
    upload = SimpleUploadedFile("placements.csv", french_csv(rows), content_type="text/csv")
    response = client.post(
        reverse("spreadsheets:import", args=["placements"]), {"file": upload}, follow=True
    )
    content = unescape(response.content.decode())
    assert "Aperçu (rien n'est encore enregistré)" in content
    assert "<td>3</td>" in content
    assert "« Clairs Obscurs n° 3 » est déjà prévue à Pôle social A du 2 juin 2025" in content
    assert "Confirmer l'import" not in content
    assert Placement.objects.count() == 3


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="l'exclusion des chevauchements est propre à PostgreSQL",
)
def test_when_the_check_is_raced_the_database_refusal_names_the_conflict(collection, monkeypatch):
    """Two imports at once both pass the check; PostgreSQL refuses the second."""
    monkeypatch.setattr(Placement, "clean", lambda self: None)
    rows = [
        PLACEMENT_HEADERS,
        ["FDAC 2020.1", "pole-a", "01/10/2025", "31/10/2025", "Prévu"],
        ["FDAC 2009.14", "pole-b", "15/07/2025", "15/08/2025", "Prévu"],
    ]
    report = import_csv("placements", rows)
    assert report.errors == [
        {
            "line": 3,
            "column": "",
            "message": "« Clairs Obscurs n° 3 » est déjà prévue à Pôle social A du 2 juin 2025 "
            "au 30 juillet 2025.",
        }
    ]
    assert Placement.objects.count() == 3


def test_a_placement_row_aborted_by_a_deadlock_is_written_on_the_retry(collection, monkeypatch):
    """Racing a concurrent placement, PostgreSQL may abort our insert (40P01): the row is
    saved again, not reported as an error, and the import goes through."""
    from django.db import OperationalError

    class Deadlock(Exception):
        sqlstate = "40P01"

    original, attempts = Placement.save, []

    def save_aborted_once(self, *args, **kwargs):
        attempts.append(self.artwork_id)
        if len(attempts) == 1:
            error = OperationalError("deadlock detected")
            error.__cause__ = Deadlock()
            raise error
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Placement, "save", save_aborted_once)
    rows = [PLACEMENT_HEADERS, ["FDAC 2020.1", "pole-a", "01/10/2025", "31/10/2025", "Prévu"]]
    report = import_csv("placements", rows)
    assert report.errors == [] and report.created == 1
    assert len(attempts) == 2
    assert Placement.objects.filter(start_date=datetime.date(2025, 10, 1)).count() == 1


def test_imported_records_are_indexed_for_search_in_one_batch_at_commit(
    collection, django_capture_on_commit_callbacks, monkeypatch
):
    """The engine only announces the written rows (rows_imported, with their pks); home's
    receiver indexes them, in one batch, once the import has committed."""
    from home import search_indexing

    batches, real_index_in_bulk = [], search_indexing.index_in_bulk

    def counting(model, pks, **kwargs):
        batches.append((model, sorted(pks)))
        return real_index_in_bulk(model, pks, **kwargs)

    monkeypatch.setattr(search_indexing, "index_in_bulk", counting)
    rows = [
        ["Numéro d'inventaire FDAC", "Titre", "Artistes"],
        ["FDAC 2024.11", "Ondine pétrifiée", "Véronique Ellena"],
        ["FDAC 2024.12", "Ondine éveillée", ""],
    ]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = import_csv("oeuvres", rows)
    assert report.created == 2 and len(callbacks) == 1  # the announcement, nothing else
    assert batches == []  # not before the commit
    callbacks[0]()
    works = Artwork.objects.filter(inventory_number__in=["FDAC 2024.11", "FDAC 2024.12"])
    assert batches == [(Artwork, sorted(works.values_list("pk", flat=True)))]
    found = get_search_backend().search("Ondine", Artwork)
    assert sorted(w.inventory_number for w in found) == ["FDAC 2024.11", "FDAC 2024.12"]
    # The per-row receiver is back for ordinary saves.
    assert search_post_save in [r for r in post_save._live_receivers(Artwork)[0]]


def test_a_dry_run_indexes_nothing(collection, django_capture_on_commit_callbacks):
    rows = [["Numéro d'inventaire FDAC", "Titre"], ["FDAC 2024.11", "Ondine pétrifiée"]]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        import_csv("oeuvres", rows, dry_run=True)
    assert callbacks == []


def test_an_empty_required_cell_is_named_in_plain_french(collection):
    report = import_csv(
        "placements", [PLACEMENT_HEADERS, ["FDAC 2020.1", "pole-a", "01/10/2025", "", "Prévu"]]
    )
    assert report.errors == [
        {"line": 2, "column": "Fin", "message": "Cette cellule est vide : indiquez une valeur."}
    ]


# --- the batched pipeline: row-by-row writes where save() and many-to-many matter -----------

WORK_HEADERS = ["Numéro d'inventaire FDAC", "Titre", "Artistes", "Identifiant d'adresse"]


def test_a_works_artists_alone_changing_is_an_update_and_the_same_artists_unchanged(collection):
    """Works are written row by row (save() and their artists); an unchanged many-to-many
    cell leaves the row unchanged, a changed one updates it."""
    row = ["FDAC 2009.14", "Clairs Obscurs n° 3", "veronique-ellena ; camille-martin-1", ""]
    report = import_csv("oeuvres", [WORK_HEADERS, row])
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)
    row[2] = "veronique-ellena"
    report = import_csv("oeuvres", [WORK_HEADERS, row])
    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    assert [a.slug for a in collection["clairs"].artists.all()] == ["veronique-ellena"]
    assert import_csv("oeuvres", [WORK_HEADERS, row]).unchanged == 1


def test_two_new_works_of_one_batch_get_two_address_identifiers(collection):
    """The identifier made from the inventory number is made again when the row is written,
    so that it meets the rows written before it in the same batch."""
    rows = [
        WORK_HEADERS,
        ["FDAC 3000.1", "Premier", "", ""],
        ["FDAC 3000-1", "Second", "", ""],
    ]
    assert import_csv("oeuvres", rows).created == 2
    slugs = Artwork.objects.filter(title__in=["Premier", "Second"]).order_by("title")
    assert list(slugs.values_list("slug", flat=True)) == ["fdac-3000-1", "fdac-3000-1-2"]


def test_a_row_the_database_refuses_on_write_is_rejected_alone_with_skip_invalid(collection):
    """Two rows of one batch typing the same identifier both pass the check; the second is
    refused when written, with the forms' message, and the others are kept."""
    rows = [
        WORK_HEADERS,
        ["FDAC 3001.1", "Premier", "", "meme-adresse"],
        ["FDAC 3001.2", "Second", "", "meme-adresse"],
        ["FDAC 3001.3", "Troisième", "", ""],
    ]
    report = import_csv("oeuvres", rows, skip_invalid=True)
    assert (report.created, report.invalid) == (2, 1)
    assert [(e["line"], e["column"]) for e in report.errors] == [(3, "Identifiant d'adresse")]
    assert "existe déjà" in report.errors[0]["message"]
    assert sorted(
        Artwork.objects.filter(inventory_number__startswith="FDAC 3001").values_list(
            "inventory_number", flat=True
        )
    ) == ["FDAC 3001.1", "FDAC 3001.3"]
    assert b"existe d" in report.rejected
