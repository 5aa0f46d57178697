"""The senior follow-up's history: written to its own table (SeniorLogEntry) with numbered labels,
never a name, and read — in the site history, its CSV export, its filters and the record's own
history — only by the staff assigned to the edition; superusers are refused, as on the record."""

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from home.roles import MODERATORS, PROGRAMME_STAFF
from programmes.models import FollowedSenior, SeniorContact, SeniorLogEntry
from tests.factories import UserFactory
from tests.programmes import factories as f

pytestmark = pytest.mark.django_db

NAME = "Huguette Zzyxbrandt"
SURNAME = "Zzyxbrandt"


@pytest.fixture
def edition(db):
    sourires = f.programme("Sourires d'été", theme="isolement")
    return f.edition(sourires, "Sourires d'été 2030", date(2030, 7, 1), date(2030, 8, 31))


@pytest.fixture
def assigned(edition):
    user = UserFactory(username="agent.affecte", groups=[PROGRAMME_STAFF])
    edition.assigned_staff.add(user)
    edition.save()
    return user


@pytest.fixture
def outsiders(db):
    return {
        "equipe": UserFactory(username="agent.autre", groups=[PROGRAMME_STAFF]),
        "moderation": UserFactory(username="moderation", groups=[MODERATORS]),
        "admin": UserFactory(username="admin.general", is_superuser=True, is_staff=True),
    }


def add_senior_through_the_admin(client, user, edition, name=NAME):
    client.force_login(user)
    response = client.post(
        reverse("suivi-seniors:add"),
        {
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
        },
    )
    assert response.status_code == 302
    client.get(response["Location"])  # shows (and so clears) the message that names her
    return FollowedSenior.objects.get(full_name=name)


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


def site_history(client, **params):
    return body(client.get(reverse("wagtailadmin_reports:site_history"), params))


def test_the_admin_writes_the_follow_up_history_with_a_number_not_a_name(client, assigned, edition):
    senior = add_senior_through_the_admin(client, assigned, edition)
    senior_type = ContentType.objects.get_for_model(FollowedSenior)
    assert not ModelLogEntry.objects.filter(content_type=senior_type).exists()
    [entry] = SeniorLogEntry.objects.all()
    assert (entry.action, entry.label, entry.edition) == (
        "wagtail.create",
        f"Senior suivi n° {senior.pk}",
        edition,
    )
    assert entry.object_id == str(senior.pk) and entry.user == assigned
    assert SURNAME not in str(list(SeniorLogEntry.objects.values()))
    assert log_registry.get_log_model_for_model(SeniorContact) is SeniorLogEntry


def test_a_caller_given_title_is_not_kept(assigned, edition, nanterre):
    senior = FollowedSenior.objects.create(
        edition=edition, full_name=NAME, commune=nanterre, consent_date=date(2030, 6, 1)
    )
    contact = SeniorContact.objects.create(
        senior=senior, date=date(2030, 7, 1), kind="visit", made_by="B."
    )
    log_registry.log(senior, "wagtail.edit", title=NAME)
    log_registry.log(contact, "wagtail.edit", title=NAME)
    labels = set(SeniorLogEntry.objects.values_list("label", flat=True))
    assert labels == {
        f"Senior suivi n° {senior.pk}",
        f"Contact n° {contact.pk} du senior suivi n° {senior.pk}",
    }
    assert set(SeniorLogEntry.objects.values_list("edition", flat=True)) == {edition.pk}


def test_assigned_staff_read_the_numbered_history_in_the_site_history(client, assigned, edition):
    senior = add_senior_through_the_admin(client, assigned, edition)
    html = site_history(client)
    assert f"Senior suivi n° {senior.pk}" in html and SURNAME not in html
    csv = site_history(client, export="csv")
    assert f"Senior suivi n° {senior.pk}" in csv and SURNAME not in csv
    history = client.get(reverse("suivi-seniors:history", args=[senior.pk]))
    assert history.status_code == 200 and "Créé" in body(history)


@pytest.mark.parametrize("role", ["equipe", "moderation", "admin"])
def test_nobody_else_sees_a_trace_of_the_follow_up_in_the_site_history(
    client, assigned, edition, outsiders, role
):
    senior = add_senior_through_the_admin(client, assigned, edition)
    deleted = client.post(reverse("suivi-seniors:delete", args=[senior.pk]))
    client.get(deleted["Location"])  # clears the message that names her
    assert SeniorLogEntry.objects.filter(action="wagtail.delete").exists()
    client.force_login(outsiders[role])
    for params in ({}, {"export": "csv"}, {"label": "Senior"}, {"export": "xlsx"}):
        response = client.get(reverse("wagtailadmin_reports:site_history"), params)
        assert response.status_code in (200, 302, 403)
        text = body(response) if params.get("export") != "xlsx" else ""
        assert "Senior suivi n°" not in text and SURNAME not in text, params
        assert "senior suivi" not in text.lower(), params  # not even among the type filters
    results = client.get(reverse("wagtailadmin_reports:site_history_results"))
    assert "Senior suivi n°" not in body(results)


def test_assigned_staff_of_another_edition_do_not_see_this_one(client, assigned, edition):
    other = f.edition(edition.programme, "Sourires d'été 2031", date(2031, 7, 1), date(2031, 8, 31))
    colleague = UserFactory(username="agent.2031", groups=[PROGRAMME_STAFF])
    other.assigned_staff.add(colleague)
    other.save()
    senior = add_senior_through_the_admin(client, assigned, edition)
    assert not SeniorLogEntry.objects.viewable_by_user(colleague).exists()
    assert SeniorLogEntry.objects.viewable_by_user(assigned).count() == 1
    client.force_login(colleague)
    assert f"Senior suivi n° {senior.pk}" not in site_history(client)


def test_the_history_of_a_deleted_senior_stays_with_its_edition_staff(client, assigned, edition):
    senior = add_senior_through_the_admin(client, assigned, edition)
    pk = senior.pk
    assert client.post(reverse("suivi-seniors:delete", args=[pk])).status_code == 302
    assert not FollowedSenior.objects.exists()
    html = site_history(client, export="csv")
    assert f"Senior suivi n° {pk}" in html and SURNAME not in html


# --- the entries written before the follow-up had its own table ------------------------------


def test_the_migration_moves_old_named_entries_and_drops_those_of_vanished_seniors(
    assigned, edition, nanterre
):
    senior = FollowedSenior.objects.create(
        edition=edition, full_name=NAME, commune=nanterre, consent_date=date(2030, 6, 1)
    )
    contact = SeniorContact.objects.create(
        senior=senior, date=date(2030, 7, 1), kind="visit", made_by="B."
    )
    senior_type = ContentType.objects.get_for_model(FollowedSenior)
    contact_type = ContentType.objects.get_for_model(SeniorContact)
    for instance in (senior, contact):
        ModelLogEntry.objects.log_action(
            instance,
            "wagtail.create",
            title=NAME,
            user=assigned,
            data={"title": NAME},
        )
    ModelLogEntry.objects.create(
        content_type=senior_type,
        object_id="999999",
        label="Gaston Zzyxbrandt",
        action="wagtail.delete",
        timestamp="2030-07-01T10:00:00Z",
    )
    SeniorLogEntry.objects.all().delete()
    migration = importlib.import_module("programmes.migrations.0007_move_senior_log_entries")
    migration.move_entries(apps, None)

    assert not ModelLogEntry.objects.filter(content_type__in=[senior_type, contact_type]).exists()
    moved = {(e.content_type_id, e.object_id): e for e in SeniorLogEntry.objects.all()}
    assert set(moved) == {(senior_type.pk, str(senior.pk)), (contact_type.pk, str(contact.pk))}
    assert moved[(senior_type.pk, str(senior.pk))].label == f"Senior suivi n° {senior.pk}"
    assert {e.edition_id for e in moved.values()} == {edition.pk}
    assert {e.user_id for e in moved.values()} == {assigned.pk}
    assert SURNAME not in str(list(SeniorLogEntry.objects.values()))
