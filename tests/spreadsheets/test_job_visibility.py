"""Who sees another user's import or export job and its files (issue 12), on every view that
shows one: our job pages (page, status, confirm, cancel, rejected rows, export download) and
Wagtail's generic views of the two histories (listing, edit, delete, history, usage).

The rule (spreadsheets.models.JobQuerySet.for_user): one's own jobs; other users' import
jobs only for those who see every venue and hold « spreadsheets.view_all_jobs » (no role by
default; superusers), never the jobs of personal data (suivi-seniors, contacts-seniors), not
even for a superuser. Export jobs: their owner only. Anything else answers 404."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.urls import reverse

from home.roles import PROGRAMME_STAFF, VENUE_MANAGERS
from spreadsheets import exports, jobs, registry
from spreadsheets.models import ExportJob, ImportJob
from tests.factories import UserFactory
from tests.spreadsheets.helpers import VENUE_HEADERS, csv_bytes

pytestmark = pytest.mark.django_db


def with_view_all(user):
    user.user_permissions.add(Permission.objects.get(codename="view_all_jobs"))
    return type(user).objects.get(pk=user.pk)  # no permission cache


@pytest.fixture
def people(db, venue_a, venue_b, manager_a):
    manager_b = UserFactory(username="responsable.b", groups=[VENUE_MANAGERS])
    venue_b.managers.add(manager_b)
    return {
        "manager_a": manager_a,
        "manager_b": manager_b,
        "staff": UserFactory(username="equipe.sans", groups=[PROGRAMME_STAFF]),
        "staff_with_permission": with_view_all(
            UserFactory(username="equipe.avec", groups=[PROGRAMME_STAFF])
        ),
        "manager_with_permission": with_view_all(
            UserFactory(username="responsable.avec", groups=[VENUE_MANAGERS])
        ),
        "superuser": UserFactory(username="admin.jobs", is_superuser=True, is_staff=True),
        "senior_staff": UserFactory(username="agent.seniors", groups=[PROGRAMME_STAFF]),
    }


def import_job(user, resource, name):
    """A previewed job with stored rows and a rejected-rows file, as a preview leaves it."""
    rows = [VENUE_HEADERS, ["lieu-x", "Lieu X", "Centre social", "92004", "", ""]]
    job = jobs.create_job(user, registry.get(resource), csv_bytes(rows), name)
    job.rejected_file.save(f"{name}-refus.csv", ContentFile(b"Code;Erreur\r\n"), save=False)
    job.status = ImportJob.Status.PREVIEWED
    job.report = {"created": 1, "rows": [], "errors": [], "warnings": [], "file_errors": []}
    job.save()
    return job


@pytest.fixture
def import_jobs(people):
    return {
        "manager_a": import_job(people["manager_a"], "frequentation", "frequentation-a.csv"),
        "staff": import_job(people["staff"], "lieux", "lieux-equipe.csv"),
        "seniors": import_job(people["senior_staff"], "suivi-seniors", "seniors-juillet.csv"),
    }


IMPORT_PAGES = [
    ("spreadsheets:job", "get"),
    ("spreadsheets:job_status", "get"),
    ("spreadsheets:rejected", "get"),
    ("spreadsheets:confirm", "post"),
    ("spreadsheets:cancel", "post"),
    ("spreadsheets_importjob:edit", "get"),
    ("spreadsheets_importjob:edit", "post"),
    ("spreadsheets_importjob:delete", "get"),
    ("spreadsheets_importjob:delete", "post"),
    ("spreadsheets_importjob:history", "get"),
    ("spreadsheets_importjob:history_results", "get"),
    ("spreadsheets_importjob:usage", "get"),
]

#: (who, whose job) -> may see it. Every other pair of the matrix answers 404.
SEES = {
    ("manager_a", "manager_a"),
    ("staff", "staff"),
    ("senior_staff", "seniors"),
    ("staff_with_permission", "manager_a"),
    ("staff_with_permission", "staff"),
    ("superuser", "manager_a"),
    ("superuser", "staff"),
}
WHO = ["manager_a", "manager_b", "staff", "staff_with_permission", "manager_with_permission"]
WHO += ["superuser", "senior_staff"]


def request(client, url_name, method, job):
    url = reverse(url_name, args=[job.pk])
    return client.post(url) if method == "post" else client.get(url)


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("whose", ["manager_a", "staff", "seniors"])
def test_an_import_job_out_of_reach_is_a_404_on_every_view(client, people, import_jobs, who, whose):
    job = import_jobs[whose]
    client.force_login(people[who])
    listing = client.get(reverse("spreadsheets_importjob:index")).content.decode()
    assert (job.original_filename in listing) == ((who, whose) in SEES)
    if (who, whose) in SEES:
        for url_name in ("job", "job_status", "rejected"):
            response = client.get(reverse(f"spreadsheets:{url_name}", args=[job.pk]))
            assert response.status_code == 200, url_name
        return
    for url_name, method in IMPORT_PAGES:
        response = request(client, url_name, method, job)
        assert response.status_code == 404, (url_name, method)
        assert job.original_filename not in response.content.decode()
    assert ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.PREVIEWED).exists()


def test_those_who_may_see_read_the_job_and_its_file_but_only_the_owner_acts(
    client, people, import_jobs
):
    job = import_jobs["manager_a"]
    for who in ("manager_a", "staff_with_permission", "superuser"):
        client.force_login(people[who])
        assert client.get(job.get_absolute_url()).status_code == 200
        rejected = client.get(reverse("spreadsheets:rejected", args=[job.pk]))
        assert rejected.status_code == 200 and b"Erreur" in b"".join(rejected.streaming_content)
    client.force_login(people["staff_with_permission"])
    for url_name in ("spreadsheets:confirm", "spreadsheets:cancel"):
        response = client.post(reverse(url_name, args=[job.pk]))
        assert response["Location"] == reverse("wagtailadmin_home")  # permission denied
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED


def test_a_superuser_cannot_delete_someone_elses_personal_data_job(client, people, import_jobs):
    """Issue 12, item 10: the generic history, usage and delete views of the listing."""
    job = import_jobs["seniors"]
    client.force_login(people["superuser"])
    for url_name in ("history", "usage", "delete"):
        url = reverse(f"spreadsheets_importjob:{url_name}", args=[job.pk])
        assert client.get(url).status_code == 404
    assert client.post(reverse("spreadsheets_importjob:delete", args=[job.pk])).status_code == 404
    assert ImportJob.objects.filter(pk=job.pk).exists()


def test_a_deleted_job_takes_its_files_with_it(
    client, people, import_jobs, django_capture_on_commit_callbacks
):
    job = import_jobs["staff"]
    stored = [job.file.name, job.rejected_file.name]
    storage = job.file.storage
    client.force_login(people["superuser"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("spreadsheets_importjob:delete", args=[job.pk]))
    assert response.status_code == 302
    assert not ImportJob.objects.filter(pk=job.pk).exists()
    assert not any(storage.exists(name) for name in stored)


def test_the_permission_is_given_to_no_role_by_default():
    from django.contrib.auth.models import Group

    holders = Group.objects.filter(permissions__codename="view_all_jobs")
    assert list(holders) == []


# --- export jobs: their owner only --------------------------------------------------------------

EXPORT_PAGES = [
    ("spreadsheets:export_job", "get"),
    ("spreadsheets:export_job_status", "get"),
    ("spreadsheets:export_download", "get"),
    ("spreadsheets_exportjob:edit", "get"),
    ("spreadsheets_exportjob:delete", "get"),
    ("spreadsheets_exportjob:delete", "post"),
    ("spreadsheets_exportjob:history", "get"),
    ("spreadsheets_exportjob:history_results", "get"),
    ("spreadsheets_exportjob:usage", "get"),
]


@pytest.mark.parametrize("who", WHO)
def test_an_export_job_is_its_owners_only_on_every_view(client, people, venue_a, who):
    owner = UserFactory(username="equipe.export", groups=[PROGRAMME_STAFF])
    job = exports.run_job(exports.create_job(owner, registry.get("lieux"), "csv", row_count=1).pk)
    assert job.status == ExportJob.Status.DONE
    client.force_login(people[who])
    listing = client.get(reverse("spreadsheets_exportjob:index")).content.decode()
    assert job.filename not in listing
    for url_name, method in EXPORT_PAGES:
        response = request(client, url_name, method, job)
        assert response.status_code == 404, (url_name, method)
    client.force_login(owner)
    assert client.get(reverse("spreadsheets:export_download", args=[job.pk])).status_code == 200
    history = reverse("spreadsheets_exportjob:history", args=[job.pk])
    assert client.get(history).status_code != 404
    assert ExportJob.objects.filter(pk=job.pk).exists()


def test_the_permission_can_be_given_to_a_group_in_the_admin(client, people):
    from django.contrib.auth.models import Group

    group = Group.objects.get(name=PROGRAMME_STAFF)
    client.force_login(people["superuser"])
    page = client.get(reverse("wagtailusers_groups:edit", args=[group.pk])).content.decode()
    assert "Voir les imports des autres utilisateurs et leurs fichiers" in page
