"""Editions (with their targets and classes) and dates of events as spreadsheets: round trips in
every format, idempotence, French errors by row and column, all or nothing, natural keys, the
« changed by hand » rule, rights, admin buttons and cost. The restricted senior follow-up is in
test_senior_resources.py."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from programmes.models import (
    Edition,
    EditionClass,
    EditionTarget,
    Occurrence,
    OccurrenceStatus,
    Recurrence,
)
from programmes.services import sync_occurrences
from spreadsheets import registry
from spreadsheets.reading import read_spreadsheet
from spreadsheets.services import export, template
from tests.factories import VenueFactory
from tests.programmes import factories as f
from tests.programmes.sheets import counts, exported, headers, import_rows, run, snapshot

pytestmark = pytest.mark.django_db

MODELS = {
    "editions": (Edition, ("communes", "venues")),
    "objectifs-editions": (EditionTarget, ("venues",)),
    "classes-editions": (EditionClass, ()),
    "dates-evenements": (Occurrence, ()),
}
EDITION_HEADERS = ["Nom", "Programme", "Début", "Fin", "Communes (codes INSEE)", "Lieux (codes)"]
OCCURRENCE_HEADERS = [
    "Identifiant de la séance",
    "Programme",
    "Événement",
    "Début",
    "Fin",
    "Code du lieu",
    "Adresse",
    "Code INSEE de la commune",
    "Statut",
    "Annotation",
]


@pytest.fixture
def data(asnieres, gennevilliers):
    """Values that try every conversion: formulas, « ; » and line breaks in text, sets of codes,
    a public split between venues, classes without a collège, a weekly rule, a stop of a tour,
    two programmes with an event of the same slug, a cancelled date."""
    culottees = f.programme("Toutes culottées", theme="sante")
    bus = f.programme("Bus Santé Femmes")
    voltaire = VenueFactory(
        code="college-voltaire", name="Collège Voltaire", kind="college", commune=asnieres
    )
    moquet = VenueFactory(
        code="college-guy-moquet", name="Collège Guy Môquet", kind="college", commune=gennevilliers
    )
    pole = VenueFactory(code="pole-asnieres", name="Pôle social d'Asnières", commune=asnieres)
    girls = f.audience("Collégiennes", "collegiennes")
    women = f.audience("=Femmes", "femmes")
    edition = f.edition(
        culottees, "Toutes culottées 2030-2031", date(2030, 9, 1), date(2031, 6, 30)
    )
    edition.description = "=SOMME(A1)\nDeux lignes ; oui"
    edition.communes = [asnieres, gennevilliers]
    edition.venues = [voltaire, moquet]
    edition.save()
    tour_edition = f.edition(bus, "Bus Santé Femmes 2030", date(2030, 1, 1), date(2030, 12, 31))
    for target_edition, audience, people, venues in (
        (edition, girls, 1800, [voltaire, moquet]),
        (edition, girls, 200, []),
        (tour_edition, women, 500, []),
    ):
        target = EditionTarget(edition=target_edition, audience=audience, people_count=people)
        target.venues = venues
        target.save()
    EditionClass.objects.create(edition=edition, venue=voltaire, level="5e", class_count=4)
    EditionClass.objects.create(edition=edition, venue=None, level="4e", class_count=2)
    forum = f.event(culottees, "Forum santé", start=f.paris(2030, 10, 7, 14), venue=voltaire)
    weekly = f.weekly_event(
        culottees, "Atelier", start=f.paris(2030, 3, 5, 14), until=date(2030, 3, 26), venue=pole
    )
    tour = f.event(
        bus,
        "Tournée",
        recurrence=Recurrence.DATES,
        planned=[
            f.stop(date(2030, 4, 2), address="Place du marché ; parvis", commune=gennevilliers)
        ],
    )
    bus_forum = f.event(bus, "Forum santé", start=f.paris(2030, 11, 4, 9))
    weekly.occurrences.order_by("start").first().cancel(note="+ reporté (météo)")
    return {
        "culottees": culottees,
        "bus": bus,
        "edition": edition,
        "voltaire": voltaire,
        "moquet": moquet,
        "pole": pole,
        "forum": forum,
        "weekly": weekly,
        "tour": tour,
        "bus_forum": bus_forum,
    }


# --- round trip -------------------------------------------------------------------------------


@pytest.mark.parametrize("resource", list(MODELS))
@pytest.mark.parametrize("file_format", ["csv", "xlsx", "ods"])
def test_an_export_reimports_with_no_change(resource, file_format, data, tmp_path):
    model, m2m = MODELS[resource]
    before = snapshot(model, m2m)
    assert before
    path = tmp_path / f"{resource}.{file_format}"
    run("export_data", resource, "--format", file_format, "-o", str(path))
    out, err = run("import_data", resource, str(path))
    count = len(before)
    assert f"{count} ligne(s) : 0 créée(s), 0 modifiée(s), {count} inchangée(s)" in out, err
    assert "Colonne inconnue" not in err
    assert snapshot(model, m2m) == before


def test_the_exports_use_natural_keys_and_french_values(data):
    [edition, tour_edition] = exported("editions")
    assert edition["Programme"] == "toutes-culottees"
    assert edition["Communes (codes INSEE)"] == "92004; 92036"
    assert edition["Lieux (codes)"] == "college-guy-moquet; college-voltaire"
    assert edition["Description"] == "'=SOMME(A1)\nDeux lignes ; oui"
    assert (edition["Début"], edition["Fin"]) == ("01/09/2030", "30/06/2031")
    targets = exported("objectifs-editions")
    assert [
        (t["Public"], t["Nombre de personnes"], t["Lieux à atteindre (codes)"]) for t in targets
    ] == [
        ("Collégiennes", "1800", "college-guy-moquet; college-voltaire"),
        ("Collégiennes", "200", ""),
        ("'=Femmes", "500", ""),
    ]
    classes = exported("classes-editions")
    assert [(c["Code du collège"], c["Collège"], c["Niveau"]) for c in classes] == [
        ("college-voltaire", "Collège Voltaire", "5e"),
        ("", "", "4e"),
    ]
    dates = {(d["Programme"], d["Événement"], d["Début"]): d for d in exported("dates-evenements")}
    cancelled = dates[("toutes-culottees", "atelier", "05/03/2030 14:00")]
    assert cancelled["Statut"] == "Annulé" and cancelled["Annotation"] == "'+ reporté (météo)"
    assert cancelled["Modifiée à la main"] == "oui"
    assert cancelled["Identifiant de la séance"] == str(
        data["weekly"].occurrences.order_by("start")[0].uuid
    )
    stop = dates[("bus-sante-femmes", "tournee", "02/04/2030 09:30")]
    assert (stop["Code du lieu"], stop["Adresse"], stop["Code INSEE de la commune"]) == (
        "",
        "Place du marché ; parvis",
        "92036",
    )
    assert dates[("toutes-culottees", "forum-sante", "07/10/2030 14:00")]["Statut"] == "Prévu"


@pytest.mark.parametrize("resource", list(MODELS))
def test_the_template_has_the_export_headers_and_an_example_row(resource):
    entry = registry.get(resource)
    sheet = read_spreadsheet(template(entry, "xlsx"), "modele.xlsx")
    assert sheet.headers == entry.resource().get_export_headers()
    assert len(sheet.rows) == 1 and any(sheet.rows[0])


@pytest.mark.parametrize("resource", list(MODELS))
def test_an_export_costs_the_same_queries_whatever_the_number_of_rows(resource, data):
    entry = registry.get(resource)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            export(entry, "csv")
        return len(captured)

    small = queries()
    for number in range(3):
        edition = f.edition(data["bus"], f"Bus {number}", date(2031, 1, 1), date(2031, 12, 31))
        edition.communes = [data["voltaire"].commune]
        edition.venues = [data["voltaire"], data["pole"]]
        edition.save()
        target = EditionTarget(edition=edition, audience=f.audience(), people_count=10)
        target.venues = [data["pole"]]
        target.save()
        EditionClass.objects.create(
            edition=edition, venue=data["moquet"], level="3e", class_count=1
        )
        f.event(data["bus"], f"Étape {number}", start=f.paris(2031, 2, 1 + number, 9))
    assert queries() == small


# --- editions ---------------------------------------------------------------------------------


def edition_row(name="Giga la vie 2031", programme="toutes-culottees", **cells):
    row = {
        "Nom": name,
        "Programme": programme,
        "Début": "01/01/2031",
        "Fin": "30/06/2031",
        "Communes (codes INSEE)": "92004 ; 92036",
        "Lieux (codes)": "college-voltaire",
    }
    row.update(cells)
    return [row[h] for h in EDITION_HEADERS]


def test_importing_editions_creates_then_leaves_unchanged_then_updates(data):
    rows = [EDITION_HEADERS, edition_row()]
    assert counts(import_rows("editions", rows)) == (1, 0, 0, 0)
    edition = Edition.objects.get(name="Giga la vie 2031")
    assert edition.programme == data["culottees"]
    assert sorted(edition.communes.values_list("insee_code", flat=True)) == ["92004", "92036"]
    assert list(edition.venues.all()) == [data["voltaire"]]
    assert counts(import_rows("editions", rows)) == (0, 0, 1, 0)
    changed = [EDITION_HEADERS, edition_row(**{"Lieux (codes)": "college-voltaire;pole-asnieres"})]
    assert counts(import_rows("editions", changed)) == (0, 1, 0, 0)
    assert sorted(edition.venues.values_list("code", flat=True)) == [
        "college-voltaire",
        "pole-asnieres",
    ]
    # The edition's targets and classes are kept when the edition is updated.
    existing = data["edition"]
    row = edition_row(existing.name, Fin="01/07/2031")
    assert counts(import_rows("editions", [EDITION_HEADERS, row])) == (0, 1, 0, 0)
    assert existing.targets.count() == 2 and existing.classes.count() == 2


def test_a_programme_is_named_by_its_page_slug_or_title_never_by_id(data):
    by_title = edition_row("A", programme="Bus Santé Femmes")
    by_id = edition_row("B", programme=str(data["bus"].pk))
    report = import_rows("editions", [EDITION_HEADERS, by_title, by_id])
    assert report.errors == [
        {
            "line": 3,
            "column": "Programme",
            "message": f"Aucun programme n'a l'identifiant « {data['bus'].pk} ».",
        }
    ]
    assert not Edition.objects.filter(name__in=["A", "B"]).exists()


def test_bad_edition_rows_are_named_by_row_and_column_in_french_and_nothing_is_written(data):
    rows = [
        EDITION_HEADERS,
        edition_row("Valide"),
        edition_row("Programme inconnu", programme="toutes-culottes"),
        edition_row("Communes inconnues", **{"Communes (codes INSEE)": "92004; 75056; 99999"}),
        edition_row("À l'envers", Début="30/06/2031", Fin="01/01/2031"),
        edition_row("Date illisible", Début="31/02/2031"),
    ]
    report = import_rows("editions", rows)
    assert report.errors == [
        {
            "line": 3,
            "column": "Programme",
            "message": "Aucun programme n'a l'identifiant « toutes-culottes ».",
        },
        {
            "line": 4,
            "column": "Communes (codes INSEE)",
            "message": "Code(s) INSEE inconnu(s) : « 75056 », « 99999 ». Séparez les codes "
            "par « ; ».",
        },
        {"line": 5, "column": "Fin", "message": "La fin de l'édition précède son début."},
        {
            "line": 6,
            "column": "Début",
            "message": "« 31/02/2031 » n'est pas une date (attendu : jj/mm/aaaa).",
        },
    ]
    assert not report.written
    assert Edition.objects.count() == 2


def test_skip_invalid_keeps_the_valid_edition_rows(data):
    rows = [EDITION_HEADERS, edition_row("Valide"), edition_row("Non", programme="inconnu")]
    report = import_rows("editions", rows, skip_invalid=True)
    assert report.written and report.created == 1 and report.invalid == 1
    assert b"inconnu" in report.rejected
    assert Edition.objects.filter(name="Valide").exists()


# --- targets and classes ----------------------------------------------------------------------

TARGET_HEADERS = ["Édition", "Public", "Nombre de personnes", "Lieux à atteindre (codes)"]
CLASS_HEADERS = ["Édition", "Code du collège", "Niveau", "Nombre de classes"]


def test_targets_are_keyed_by_edition_public_and_venues(data):
    name = data["edition"].name
    rows = [
        TARGET_HEADERS,
        [name, "collegiennes", "1900", "college-voltaire ; college-guy-moquet"],  # update
        [name, "Collégiennes", "50", "pole-asnieres"],  # another set of venues: a new target
        [name, "femmes", "30", ""],
    ]
    assert counts(import_rows("objectifs-editions", rows)) == (2, 1, 0, 0)
    targets = {
        (t.audience.slug, t.people_count, tuple(sorted(t.venues.values_list("code", flat=True))))
        for t in data["edition"].targets.all()
    }
    assert targets == {
        ("collegiennes", 1900, ("college-guy-moquet", "college-voltaire")),
        ("collegiennes", 200, ()),
        ("collegiennes", 50, ("pole-asnieres",)),
        ("femmes", 30, ()),
    }
    added = data["edition"].targets.filter(people_count__in=[50, 30]).order_by("people_count")
    assert [t.sort_order for t in added] == [3, 2]  # after the edition's two targets
    assert counts(import_rows("objectifs-editions", rows)) == (0, 0, 3, 0)


def test_a_target_row_repeated_in_one_file_is_created_once(data):
    row = [data["edition"].name, "femmes", "30", "pole-asnieres"]
    report = import_rows("objectifs-editions", [TARGET_HEADERS, row, row])
    assert counts(report) == (1, 0, 1, 0)
    assert data["edition"].targets.count() == 3


def test_bad_target_rows_are_named_and_nothing_is_written(data):
    name = data["edition"].name
    rows = [
        TARGET_HEADERS,
        [name, "femmes", "30", ""],
        ["Édition inconnue", "femmes", "30", ""],
        [name, "Retraités", "0", "lieu-inconnu"],
    ]
    report = import_rows("objectifs-editions", rows)
    assert report.errors == [
        {
            "line": 3,
            "column": "Édition",
            "message": "Aucune édition ne s'appelle « Édition inconnue ».",
        },
        {
            "line": 4,
            "column": "Public",
            "message": "Aucun public ne s'appelle « Retraités » ni n'a cet identifiant.",
        },
        {
            "line": 4,
            "column": "Lieux à atteindre (codes)",
            "message": "Code(s) de lieu inconnu(s) : « lieu-inconnu ». Séparez les codes "
            "par « ; ».",
        },
        {
            "line": 4,
            "column": "Nombre de personnes",
            "message": "Assurez-vous que cette valeur est supérieure ou égale à 1.",
        },
    ]
    assert EditionTarget.objects.count() == 3


def test_classes_are_keyed_by_edition_college_and_level(data):
    name = data["edition"].name
    rows = [
        CLASS_HEADERS,
        [name, "college-voltaire", "5e", "6"],  # update
        [name, "", "4e", "2"],  # unchanged (no collège named)
        [name, "college-guy-moquet", "6e", "3"],  # new
    ]
    assert counts(import_rows("classes-editions", rows)) == (1, 1, 1, 0)
    assert EditionClass.objects.get(venue=data["voltaire"]).class_count == 6
    assert counts(import_rows("classes-editions", rows)) == (0, 0, 3, 0)


def test_bad_class_rows_are_named_and_nothing_is_written(data):
    name = data["edition"].name
    rows = [
        CLASS_HEADERS,
        [name, "college-guy-moquet", "6e", "3"],
        [name, "pole-asnieres", "Terminale", "1,5"],
    ]
    report = import_rows("classes-editions", rows)
    assert report.errors == [
        {
            "line": 3,
            "column": "Code du collège",
            "message": "Le lieu « pole-asnieres » n'est pas un collège.",
        },
        {
            "line": 3,
            "column": "Niveau",
            "message": "« Terminale » n'est pas une valeur possible (valeurs : 6e, 5e, 4e, 3e).",
        },
        {
            "line": 3,
            "column": "Nombre de classes",
            "message": "« 1,5 » n'est pas un nombre entier.",
        },
    ]
    assert EditionClass.objects.count() == 2


# --- dates of events --------------------------------------------------------------------------


def occurrence_row(occurrence=None, **cells):
    """A row as exported for `occurrence` (or a new date of the « Forum santé » of « Toutes
    culottées »), with `cells` replaced."""
    if occurrence is None:
        row = dict.fromkeys(OCCURRENCE_HEADERS, "")
        row.update(
            {
                "Programme": "toutes-culottees",
                "Événement": "forum-sante",
                "Début": "14/10/2030 14:00",
                "Fin": "14/10/2030 16:00",
                "Code du lieu": "college-guy-moquet",
                "Statut": "Prévu",
            }
        )
    else:
        [row] = [
            {h: r[h] for h in OCCURRENCE_HEADERS}
            for r in exported("dates-evenements")
            if r["Identifiant de la séance"] == str(occurrence.uuid)
        ]
    row.update(cells)
    return [row[h] for h in OCCURRENCE_HEADERS]


def test_a_changed_date_is_marked_changed_by_hand_and_the_rule_leaves_it_alone(data):
    weekly = data["weekly"]
    second = weekly.occurrences.order_by("start")[1]
    assert not second.changed_by_hand
    row = occurrence_row(
        second, Début="12/03/2030 15:00", Fin="12/03/2030 17:00", Annotation="Salle 2"
    )
    assert counts(import_rows("dates-evenements", [OCCURRENCE_HEADERS, row])) == (0, 1, 0, 0)
    second.refresh_from_db()
    assert second.changed_by_hand and second.sequence == 1 and second.note == "Salle 2"
    assert timezone.localtime(second.start).hour == 15
    # The same file again changes nothing, and does not bump the version.
    assert counts(import_rows("dates-evenements", [OCCURRENCE_HEADERS, row])) == (0, 0, 1, 0)
    second.refresh_from_db()
    assert second.sequence == 1
    # Regenerating the rule (the event is saved with a new time) keeps the date as imported.
    weekly.starts_at, weekly.ends_at = f.paris(2030, 3, 5, 10), f.paris(2030, 3, 5, 12)
    weekly.save()
    second.refresh_from_db()
    assert timezone.localtime(second.start).hour == 15 and second.note == "Salle 2"
    assert weekly.occurrences.filter(pk=second.pk).exists()


def test_a_row_without_identifier_creates_a_date_once(data):
    forum = data["forum"]
    row = occurrence_row()
    assert counts(import_rows("dates-evenements", [OCCURRENCE_HEADERS, row])) == (1, 0, 0, 0)
    created = forum.occurrences.get(rule_key__startswith="i-")
    assert created.rule_key == f"i-{created.uuid.hex}" and created.changed_by_hand
    assert created.venue == data["moquet"] and created.commune == data["moquet"].commune
    # Without an identifier, a second import finds the date by its event and start.
    assert counts(import_rows("dates-evenements", [OCCURRENCE_HEADERS, row])) == (0, 0, 1, 0)
    assert forum.occurrences.count() == 2
    # The event's rule, run again, keeps the imported date.
    sync_occurrences(forum)
    assert forum.occurrences.filter(pk=created.pk).exists()


def test_an_event_slug_is_read_within_its_programme(data):
    row = occurrence_row(
        Programme="bus-sante-femmes", Début="05/11/2030 09:00", Fin="05/11/2030 12:00"
    )
    by_title = occurrence_row(**{"Programme": "Bus Santé Femmes", "Événement": "Tournée"})
    assert counts(import_rows("dates-evenements", [OCCURRENCE_HEADERS, row, by_title])) == (
        2,
        0,
        0,
        0,
    )
    assert data["bus_forum"].occurrences.count() == 2
    assert data["forum"].occurrences.count() == 1
    assert data["tour"].occurrences.count() == 2


def test_bad_date_rows_are_named_and_nothing_is_written(data):
    forum_date = data["forum"].occurrences.get()
    before = snapshot(Occurrence)
    rows = [
        OCCURRENCE_HEADERS,
        occurrence_row(),
        occurrence_row(Programme="toutes-culotees"),
        occurrence_row(**{"Événement": "forum-sant"}),
        occurrence_row(Fin="14/10/2030 13:00"),
        occurrence_row(**{"Code INSEE de la commune": "75056", "Statut": "Reporté"}),
        occurrence_row(**{"Identifiant de la séance": "8d6f4b3c-0000-4000-8000-000000000000"}),
        occurrence_row(**{"Identifiant de la séance": "pas-un-identifiant"}),
        occurrence_row(forum_date, Programme="bus-sante-femmes"),
        occurrence_row(Début="14/10/2030"),
    ]
    report = import_rows("dates-evenements", rows)
    assert report.errors == [
        {
            "line": 3,
            "column": "Événement",
            "message": "Aucun programme n'a l'identifiant « toutes-culotees ».",
        },
        {
            "line": 4,
            "column": "Événement",
            "message": "Le programme « toutes-culottees » n'a pas d'événement « forum-sant ».",
        },
        {"line": 5, "column": "Fin", "message": "La fin précède le début."},
        {
            "line": 6,
            "column": "Code INSEE de la commune",
            "message": "Aucune commune n'a le code INSEE « 75056 ».",
        },
        {
            "line": 6,
            "column": "Statut",
            "message": "« Reporté » n'est pas une valeur possible (valeurs : Prévu, Annulé).",
        },
        {
            "line": 7,
            "column": "Identifiant de la séance",
            "message": "Aucune date n'a l'identifiant « 8d6f4b3c-0000-4000-8000-000000000000 » "
            "(supprimée depuis l'export ?) : videz la cellule pour créer une nouvelle date.",
        },
        {
            "line": 8,
            "column": "Identifiant de la séance",
            "message": "« pas-un-identifiant » n'est pas un identifiant de séance (laissez vide "
            "pour une nouvelle date).",
        },
        {
            "line": 9,
            "column": "Événement",
            "message": "Une date ne change pas d'événement : annulez-la et créez-en une (ligne "
            "sans identifiant) dans l'autre événement.",
        },
        {
            "line": 10,
            "column": "Début",
            "message": "« 14/10/2030 » n'est pas une date et heure (attendu : jj/mm/aaaa hh:mm).",
        },
    ]
    assert not report.written
    assert snapshot(Occurrence) == before


def test_a_file_without_the_required_columns_is_refused(data):
    report = import_rows("dates-evenements", [["Identifiant de la séance", "Note"], ["", "x"]])
    assert report.file_errors == [
        "Colonne obligatoire absente : « Programme ».",
        "Colonne obligatoire absente : « Événement ».",
        "Colonne obligatoire absente : « Début ».",
        "Colonne obligatoire absente : « Fin ».",
    ]


def test_moderation_imports_changes_to_dates_but_creates_none(data, moderator):
    forum_date = data["forum"].occurrences.get()
    rows = [
        OCCURRENCE_HEADERS,
        occurrence_row(forum_date, Statut="Annulé", Annotation="Grève"),
        occurrence_row(),
    ]
    report = import_rows("dates-evenements", rows, moderator)
    assert report.errors == [
        {
            "line": 3,
            "column": "",
            "message": "Vous n'avez pas le droit de créer des fiches « date d'événement ».",
        }
    ]
    assert import_rows("dates-evenements", rows[:2], moderator).updated == 1
    forum_date.refresh_from_db()
    assert forum_date.status == OccurrenceStatus.CANCELLED and forum_date.changed_by_hand


def test_a_venue_manager_neither_imports_nor_exports_programme_records(client, data, manager_a):
    client.force_login(manager_a)
    for resource in MODELS:
        import_page = client.get(reverse("spreadsheets:import", args=[resource]))
        export_file = client.get(reverse("spreadsheets:export", args=[resource]), {"format": "csv"})
        assert import_page.status_code != 200 and export_file.status_code != 200
    report = import_rows("dates-evenements", [OCCURRENCE_HEADERS, occurrence_row()], manager_a)
    assert report.invalid == 1 and not report.written


# --- the admin listings -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url_name,resource",
    [
        ("wagtailsnippets_programmes_edition:list", "editions"),
        ("wagtailsnippets_programmes_occurrence:list", "dates-evenements"),
    ],
)
def test_the_listings_have_import_export_and_template_buttons(
    client, programme_staff, url_name, resource
):
    client.force_login(programme_staff)
    content = client.get(reverse(url_name)).content.decode()
    assert reverse("spreadsheets:import", args=[resource]) in content
    assert "Exporter" in content and "Télécharger le modèle" in content


def test_the_edition_listing_offers_the_targets_and_classes_sheets(
    client, programme_staff, moderator
):
    client.force_login(programme_staff)
    content = client.get(reverse("wagtailsnippets_programmes_edition:list")).content.decode()
    for resource in ("objectifs-editions", "classes-editions"):
        assert reverse("spreadsheets:import", args=[resource]) in content
        assert reverse("spreadsheets:export", args=[resource]) + "?format=xlsx" in content
        assert reverse("spreadsheets:template", args=[resource]) in content
    assert "Objectifs des éditions" in content and "Classes des éditions" in content
    client.force_login(moderator)
    content = client.get(reverse("wagtailsnippets_programmes_edition:list")).content.decode()
    assert reverse("spreadsheets:export", args=["objectifs-editions"]) in content
    assert reverse("spreadsheets:import", args=["objectifs-editions"]) not in content


def test_the_occurrence_listing_export_follows_its_filters(client, programme_staff, data):
    client.force_login(programme_staff)
    response = client.get(
        reverse("wagtailsnippets_programmes_occurrence:list"),
        {"q": "Tournée", "tableur": "csv"},
    )
    sheet = read_spreadsheet(response.content, "dates.csv")
    assert [row[sheet.headers.index("Événement")] for row in sheet.rows] == ["tournee"]
    assert sheet.headers == headers("dates-evenements")


def test_a_date_named_by_programme_event_and_start_is_updated_or_refused_when_ambiguous(data):
    """« Identifiant de la séance, ou programme + événement + début »: a row without identifier
    updates the one date starting then; two dates starting then are a French error."""
    forum_date = data["forum"].occurrences.get()
    start = timezone.localtime(forum_date.start).strftime("%d/%m/%Y %H:%M")
    end = timezone.localtime(forum_date.end).strftime("%d/%m/%Y %H:%M")
    row = occurrence_row(Début=start, Fin=end, Annotation="Salle des fêtes")
    assert counts(import_rows("dates-evenements", [OCCURRENCE_HEADERS, row])) == (0, 1, 0, 0)
    forum_date.refresh_from_db()
    assert forum_date.note == "Salle des fêtes"
    Occurrence.objects.create(
        event=data["forum"], rule_key="m-twin", start=forum_date.start, end=forum_date.end
    )
    before = snapshot(Occurrence)
    row = occurrence_row(Début=start, Fin=end, Annotation="Autre salle")
    report = import_rows("dates-evenements", [OCCURRENCE_HEADERS, row])
    assert report.errors == [
        {
            "line": 2,
            "column": "Identifiant de la séance",
            "message": "Plusieurs dates de cet événement commencent à cette heure : indiquez "
            "l'identifiant de celle à modifier.",
        }
    ]
    assert snapshot(Occurrence) == before
