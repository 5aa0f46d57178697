"""« Sourires d'été » follow-up: only the staff assigned to the edition see it; it never reaches the
public site or general exports (its only way out is the restricted spreadsheet resource, for the
assigned staff only: test_senior_resources.py); it is purged a set time after the edition ends."""

from datetime import date

import pytest
from django.urls import reverse

from home.roles import PROGRAMME_STAFF
from programmes.models import FollowedSenior, PurgeLog, SeniorContact
from programmes.services import purge_expired_senior_data
from programmes.tasks import purge_expired_senior_data as purge_task
from tests.factories import UserFactory
from tests.programmes import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def sourires(db):
    return f.programme("Sourires d'été", theme="isolement")


@pytest.fixture
def edition(sourires):
    return f.edition(sourires, "Sourires d'été 2030", date(2030, 7, 1), date(2030, 8, 31))


@pytest.fixture
def other_edition(sourires):
    return f.edition(sourires, "Sourires d'été 2031", date(2031, 7, 1), date(2031, 8, 31))


@pytest.fixture
def assigned(edition):
    user = UserFactory(username="agent.affecte", groups=[PROGRAMME_STAFF])
    edition.assigned_staff.add(user)
    edition.save()
    return user


@pytest.fixture
def unassigned(db):
    return UserFactory(username="agent.autre", groups=[PROGRAMME_STAFF])


@pytest.fixture
def senior(edition, nanterre):
    senior = FollowedSenior.objects.create(
        edition=edition,
        full_name="Jeanne Lefèvre",
        phone="01 99 00 12 34",
        commune=nanterre,
        consent_date=date(2030, 6, 20),
    )
    SeniorContact.objects.create(senior=senior, date=date(2030, 7, 3), kind="phone", made_by="B.")
    return senior


def url(name, *args):
    return reverse(f"suivi-seniors:{name}", args=args)


def test_assigned_staff_see_and_edit_their_editions_seniors(client, assigned, senior):
    client.force_login(assigned)
    assert "Jeanne Lefèvre" in client.get(url("index")).content.decode()
    assert client.get(url("edit", senior.pk)).status_code == 200


@pytest.mark.parametrize("view", ["edit", "delete", "history", "usage"])
def test_other_staff_get_404_on_a_senior_of_an_edition_they_are_not_assigned_to(
    client, unassigned, senior, view
):
    client.force_login(unassigned)
    assert client.get(url(view, senior.pk)).status_code == 404


def test_other_staff_and_superusers_see_an_empty_listing(client, unassigned, senior):
    admin = UserFactory(username="admin.general", is_superuser=True, is_staff=True)
    for user in (unassigned, admin):
        client.force_login(user)
        response = client.get(url("index"))
        assert response.status_code == 200
        assert "Jeanne Lefèvre" not in response.content.decode()
        assert "Jeanne Lefèvre" not in client.get(url("index"), {"q": "Lefèvre"}).content.decode()


def test_other_staff_cannot_change_or_delete_by_post(client, unassigned, senior):
    client.force_login(unassigned)
    assert client.post(url("edit", senior.pk), {"full_name": "X"}).status_code == 404
    assert client.post(url("delete", senior.pk)).status_code == 404
    senior.refresh_from_db()
    assert senior.full_name == "Jeanne Lefèvre"


def test_the_add_form_offers_only_the_editions_the_user_is_assigned_to(
    client, assigned, edition, other_edition
):
    client.force_login(assigned)
    content = client.get(url("add")).content.decode()
    assert "Sourires d&#x27;été 2030" in content or "Sourires d'été 2030" in content
    assert "2031" not in content
    form = {
        "full_name": "Odette Girard",
        "phone": "",
        "commune": str(f.Commune.objects.get(insee_code="92050").pk),
        "consent_date": "2030-06-21",
        "contacts-TOTAL_FORMS": "0",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "1000",
    }
    client.post(url("add"), {**form, "edition": str(other_edition.pk)})
    assert not FollowedSenior.objects.exists()
    response = client.post(url("add"), {**form, "edition": str(edition.pk)})
    assert response.status_code == 302
    assert FollowedSenior.objects.get().edition == edition


def test_the_listing_has_no_general_export(client, assigned, senior):
    """Wagtail's « … » export is refused even to assigned staff; they use « Exporter »."""
    client.force_login(assigned)
    response = client.get(url("index"), {"export": "csv"})
    assert response.status_code == 404
    assert "01 99 00 12 34" not in response.content.decode()


@pytest.mark.parametrize("who", ["unassigned", "superuser"])
def test_the_spreadsheet_export_gives_nothing_to_anyone_else(client, unassigned, senior, who):
    user = unassigned
    if who == "superuser":
        user = UserFactory(username="admin.general", is_superuser=True, is_staff=True)
    client.force_login(user)
    for response in (
        client.get(url("index"), {"tableur": "csv"}),
        client.get(reverse("spreadsheets:export", args=["suivi-seniors"]), {"format": "csv"}),
    ):
        assert "Lefèvre" not in response.content.decode("utf-8", "replace")


def test_seniors_never_appear_in_general_exports_or_public_search(client, programme_staff, senior):
    client.force_login(programme_staff)
    response = client.get(reverse("wagtailsnippets_programmes_edition:list") + "?export=csv")
    body = b"".join(response.streaming_content).decode()
    assert "Sourires d'été 2030" in body
    assert "Lefèvre" not in body and "01 99 00" not in body
    client.logout()
    search = client.get("/recherche/", {"q": "Lefèvre"}).content.decode()
    assert "Aucun résultat pour « Lefèvre »" in search and "01 99 00" not in search
    assert "Lefèvre" not in client.get("/programmes/sourires-dete/").content.decode()


def test_the_purge_deletes_seniors_retention_months_after_the_edition_ends(senior, other_edition):
    kept = FollowedSenior.objects.create(
        edition=other_edition,
        full_name="Marcel Dupuis",
        commune=senior.commune,
        consent_date=date(2031, 6, 1),
    )
    assert purge_expired_senior_data(today=date(2031, 8, 30)) == 0  # 12 months not yet over
    assert purge_expired_senior_data(today=date(2031, 8, 31)) == 1
    assert not FollowedSenior.objects.filter(pk=senior.pk).exists()
    assert not SeniorContact.objects.exists()
    assert FollowedSenior.objects.filter(pk=kept.pk).exists()
    [log] = PurgeLog.objects.all()
    assert (log.edition_name, log.seniors_deleted, log.contacts_deleted) == (
        "Sourires d'été 2030",
        1,
        1,
    )
    assert "Lefèvre" not in str(log.__dict__)


def test_running_the_purge_twice_deletes_and_logs_once(senior):
    assert purge_expired_senior_data(today=date(2032, 1, 1)) == 1
    assert purge_expired_senior_data(today=date(2032, 1, 1)) == 0
    assert PurgeLog.objects.count() == 1


def test_the_retention_period_is_a_setting(settings, senior):
    settings.PERSONAL_DATA_RETENTION_MONTHS = 3
    assert purge_expired_senior_data(today=date(2030, 11, 30)) == 1


def test_the_purge_task_runs_daily_and_purges(senior, monkeypatch):
    from config.celery import beat_schedule

    entry = beat_schedule()["programmes-purge-expired-senior-data"]
    assert entry["task"] == purge_task.name
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda: date(2032, 1, 1))
    assert purge_task.apply().get() == 1
    assert not FollowedSenior.objects.exists()
