"""After the purge, a purged senior's name is nowhere: not in any table of the database (the
records, their history, the import and export jobs and their reports) and not in any stored
file (uploads, rejected rows, exports). The seniors are entered as staff enter them: through the
admin forms (which write the history) and through spreadsheet imports and exports (which store
jobs and files)."""

import gzip
import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from home.roles import PROGRAMME_STAFF
from programmes.models import FollowedSenior, PurgeLog, SeniorContact, SeniorLogEntry
from programmes.services import purge_expired_senior_data
from spreadsheets import exports
from spreadsheets.models import ExportJob, ImportJob
from tests.factories import UserFactory
from tests.programmes import factories as f
from tests.programmes.sheets import french_csv

pytestmark = pytest.mark.django_db

SURNAME = "Zzyxbrandt"
THIS_YEAR, NEXT_YEAR = "Sourires d'été 2030", "Sourires d'été 2031"
SENIOR_HEADERS = [
    "Édition",
    "Nom et prénom",
    "Téléphone",
    "Code INSEE de la commune",
    "Date du consentement",
]
CONTACT_HEADERS = ["Édition", "Nom et prénom", "Date", "Type", "Par", "Observations"]


def database_dump():
    """Every row of every table (Wagtail's, Django's, the search index's), as text."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        value = bytes(value).decode("utf-8", "replace")
                    chunks.append(f"{table}: {value}")
    return "\n".join(chunks)


def stored_files_text():
    """The name and content of every file under the media and private media folders; the
    parts of a zip file (XLSX, ODS) unpacked, a gzip file decompressed."""
    chunks = []
    for root in (Path(django_settings.MEDIA_ROOT), Path(django_settings.PRIVATE_MEDIA_ROOT)):
        if not root.exists():
            continue
        for path in root.rglob("*"):
            if not path.is_file():
                continue
            chunks.append(str(path))
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            parts = [data]
            if zipfile.is_zipfile(io.BytesIO(data)):
                with zipfile.ZipFile(io.BytesIO(data)) as archive:
                    parts = [archive.read(name) for name in archive.namelist()]
            for part in parts:
                chunks.append(part.decode("utf-8", "replace"))
                chunks.append(part.decode("cp1252", "replace"))
    return "\n".join(chunks)


@pytest.fixture
def follow_up(db, nanterre):
    sourires = f.programme("Sourires d'été", theme="isolement")
    edition = f.edition(sourires, THIS_YEAR, date(2030, 7, 1), date(2030, 8, 31))
    later = f.edition(sourires, NEXT_YEAR, date(2031, 7, 1), date(2031, 8, 31))
    user = UserFactory(username="agent.affecte", groups=[PROGRAMME_STAFF])
    for each in (edition, later):
        each.assigned_staff.add(user)
        each.save()
    kept = FollowedSenior.objects.create(
        edition=later, full_name="Marcel Gardé", commune=nanterre, consent_date=date(2031, 6, 2)
    )
    return {"edition": edition, "later": later, "user": user, "kept": kept}


def admin_form(edition, name, **extra):
    return {
        "edition": str(edition.pk),
        "full_name": name,
        "phone": "01 99 00 00 42",
        "commune": str(f.Commune.objects.get(insee_code="92050").pk),
        "consent_date": "2030-06-21",
        "contacts-TOTAL_FORMS": "1",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "1000",
        "contacts-0-date": "2030-07-02",
        "contacts-0-kind": "phone",
        "contacts-0-made_by": "Bénévole",
        "contacts-0-notes": f"{name} va bien",
        **extra,
    }


def follow(client, response):
    assert response.status_code == 302, response.content.decode()[:500]
    return client.get(response["Location"])


def upload(client, commits, resource, name, rows, skip_invalid=False, confirm=True):
    """Preview (and confirm) an upload; what the views leave for after the commit (the preview's
    rejected-rows file replaced by the import's is deleted then) is run, as in production."""
    data = {"file": SimpleUploadedFile(name, french_csv(rows), content_type="text/csv")}
    if skip_invalid:
        data["skip_invalid"] = "on"
    with commits(execute=True):
        follow(client, client.post(reverse("spreadsheets:import", args=[resource]), data))
    job = ImportJob.objects.get(original_filename=name)
    if confirm:
        with commits(execute=True):
            follow(client, client.post(reverse("spreadsheets:confirm", args=[job.pk])))
    job.refresh_from_db()
    return job


def enter_the_follow_up(client, follow_up, settings, commits):
    edition, user = follow_up["edition"], follow_up["user"]
    client.force_login(user)
    # Through the admin: created, edited, and one deleted (each writes the history).
    follow(
        client,
        client.post(reverse("suivi-seniors:add"), admin_form(edition, f"Huguette {SURNAME}")),
    )
    huguette = FollowedSenior.objects.get(full_name=f"Huguette {SURNAME}")
    contact = huguette.contacts.get()
    follow(
        client,
        client.post(
            reverse("suivi-seniors:edit", args=[huguette.pk]),
            admin_form(
                edition,
                f"Huguette {SURNAME}",
                phone="06 00 00 00 01",
                **{
                    "contacts-INITIAL_FORMS": "1",
                    "contacts-0-id": str(contact.pk),
                },
            ),
        ),
    )
    follow(
        client, client.post(reverse("suivi-seniors:add"), admin_form(edition, f"Gaston {SURNAME}"))
    )
    gaston = FollowedSenior.objects.get(full_name=f"Gaston {SURNAME}")
    follow(client, client.post(reverse("suivi-seniors:delete", args=[gaston.pk])))
    # Through spreadsheets: an import with a refused row (kept in the rejected-rows file), a
    # contacts import, a preview never confirmed, and a background export searched by name.
    seniors = upload(
        client,
        commits,
        "suivi-seniors",
        f"seniors-{SURNAME}.csv",
        [
            SENIOR_HEADERS,
            [THIS_YEAR, f"Ernestine {SURNAME}", "", "92050", "25/06/2030"],
            [THIS_YEAR, f"Lucien {SURNAME}", "", "75056", "25/06/2030"],
        ],
        skip_invalid=True,
    )
    assert seniors.status == ImportJob.Status.DONE and seniors.rejected_file
    contacts = upload(
        client,
        commits,
        "contacts-seniors",
        "contacts.csv",
        [
            CONTACT_HEADERS,
            [THIS_YEAR, f"Ernestine {SURNAME}", "03/07/2030", "Visite", "B.", f"Mme {SURNAME} ok"],
        ],
    )
    assert contacts.status == ImportJob.Status.DONE
    upload(
        client,
        commits,
        "suivi-seniors",
        "jamais-confirme.csv",
        [SENIOR_HEADERS, [THIS_YEAR, f"Paulette {SURNAME}", "", "92050", "26/06/2030"]],
        confirm=False,
    )
    settings.SPREADSHEETS_BACKGROUND_EXPORT_ROWS = 0
    follow(client, client.get(reverse("suivi-seniors:index"), {"tableur": "xlsx", "q": SURNAME}))
    export_job = ExportJob.objects.get()
    exports.run_job(export_job.pk)
    export_job.refresh_from_db()
    assert export_job.is_ready


def test_after_the_purge_no_table_and_no_file_holds_a_purged_name(
    client, follow_up, settings, django_capture_on_commit_callbacks
):
    enter_the_follow_up(client, follow_up, settings, django_capture_on_commit_callbacks)
    assert FollowedSenior.objects.filter(full_name__contains=SURNAME).count() == 2
    assert SeniorContact.objects.filter(senior__full_name__contains=SURNAME).count() == 2
    # The dumps do find the name while the follow-up is there (they can see it).
    assert SURNAME in database_dump()
    assert SURNAME in stored_files_text()
    assert ImportJob.objects.count() == 3 and ExportJob.objects.count() == 1
    assert SeniorLogEntry.objects.count() >= 4
    assert SURNAME not in str(list(SeniorLogEntry.objects.values()))  # created, edited, deleted

    assert purge_expired_senior_data(today=date(2031, 9, 1)) == 2

    dump = database_dump()
    assert SURNAME.lower() not in dump.lower()
    assert SURNAME.lower() not in stored_files_text().lower()
    assert not ImportJob.objects.exists() and not ExportJob.objects.exists()
    assert not SeniorLogEntry.objects.filter(edition=follow_up["edition"]).exists()
    # The other edition's follow-up is untouched; the purge log keeps counts only.
    assert list(FollowedSenior.objects.all()) == [follow_up["kept"]]
    [log] = PurgeLog.objects.all()
    assert (log.seniors_deleted, log.contacts_deleted, log.jobs_deleted) == (2, 2, 4)
    assert log.log_entries_deleted >= 4


def test_the_purge_also_deletes_entries_left_in_wagtails_general_tables(follow_up, nanterre):
    """Rows written for a purged senior in ModelLogEntry or Revision (before the follow-up had
    its own table, or by code that bypassed the registry) go too; others' rows stay."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry, Revision

    senior = FollowedSenior.objects.create(
        edition=follow_up["edition"],
        full_name=f"Huguette {SURNAME}",
        commune=nanterre,
        consent_date=date(2030, 6, 1),
    )
    senior_type = ContentType.objects.get_for_model(FollowedSenior)
    for instance in (senior, follow_up["kept"]):
        ModelLogEntry.objects.log_action(instance, "wagtail.create", title=instance.full_name)
        Revision.objects.create(
            content_type=senior_type,
            base_content_type=senior_type,
            object_id=str(instance.pk),
            object_str=instance.full_name,
            content={"full_name": instance.full_name},
        )
    assert purge_expired_senior_data(today=date(2031, 9, 1)) == 1
    assert SURNAME not in database_dump()
    assert ModelLogEntry.objects.get().object_id == str(follow_up["kept"].pk)
    assert Revision.objects.get().object_id == str(follow_up["kept"].pk)
