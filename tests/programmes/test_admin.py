"""Admin: editing a date by hand takes it out of the rule; roles reach the right screens."""

import pytest
from django.urls import reverse
from django.utils import timezone

from programmes.models import Edition, OccurrenceStatus
from tests.programmes import factories as f

pytestmark = pytest.mark.django_db


def occurrence_form(occurrence, **changes):
    local = timezone.localtime
    data = {
        "start": local(occurrence.start).strftime("%d/%m/%Y %H:%M"),
        "end": local(occurrence.end).strftime("%d/%m/%Y %H:%M"),
        "venue": occurrence.venue_id or "",
        "address": occurrence.address,
        "commune": occurrence.commune_id or "",
        "status": occurrence.status,
        "note": occurrence.note,
    }
    data.update(changes)
    return data


def test_cancelling_a_date_in_the_admin_survives_a_rule_change(client, programme_staff):
    programme = f.programme("Giga Séniors")
    event = f.weekly_event(programme)
    occurrence = event.occurrences.order_by("start")[2]
    client.force_login(programme_staff)
    url = reverse("wagtailsnippets_programmes_occurrence:edit", args=(occurrence.pk,))
    response = client.post(url, occurrence_form(occurrence, status="cancelled", note="Grève"))
    assert response.status_code == 302
    occurrence.refresh_from_db()
    assert occurrence.changed_by_hand and occurrence.sequence == 1
    assert occurrence.status == OccurrenceStatus.CANCELLED

    event.starts_at = f.paris(2030, 3, 5, 9)
    event.ends_at = f.paris(2030, 3, 5, 11)
    event.save_revision().publish()  # the dates follow the published rule
    occurrence.refresh_from_db()
    assert occurrence.status == OccurrenceStatus.CANCELLED
    assert timezone.localtime(occurrence.start).hour == 14
    others = event.occurrences.exclude(pk=occurrence.pk)
    assert {timezone.localtime(o.start).hour for o in others} == {9}


def test_recording_attendance_alone_does_not_mark_the_date_as_changed(programme_staff):
    from programmes.participation import save_record

    programme = f.programme("Giga Séniors")
    occurrence = f.event(programme).occurrences.get()
    save_record(programme_staff, occurrence, 23, {})
    occurrence.refresh_from_db()
    assert occurrence.attendance.total == 23
    assert not occurrence.changed_by_hand and occurrence.has_attendance


def test_the_dates_listing_filters_by_programme_and_status(client, programme_staff):
    seniors = f.programme("Giga Séniors")
    women = f.programme("Bus Santé Femmes")
    f.event(seniors, "Forum seniors")
    f.event(women, "Étape du bus").occurrences.get().cancel()
    client.force_login(programme_staff)
    url = reverse("wagtailsnippets_programmes_occurrence:list")
    html = client.get(url, {"programme": seniors.pk}).content.decode()
    assert "Forum seniors" in html and "Étape du bus" not in html
    html = client.get(url, {"status": "cancelled"}).content.decode()
    assert "Étape du bus" in html and "Forum seniors" not in html
    export = client.get(url, {"export": "csv"})
    body = b"".join(export.streaming_content).decode()
    assert "Forum seniors" in body and "Identifiant" in body


def test_editions_are_created_with_targets_and_classes_in_the_admin(client, programme_staff):
    from tests.factories import VenueFactory

    programme = f.programme("Toutes culottées")
    college = VenueFactory(name="Collège Voltaire", kind="college")
    girls = f.audience("Collégiennes", "collegiennes")
    client.force_login(programme_staff)
    data = {
        "programme": programme.pk,
        "name": "Toutes culottées 2030-2031",
        "start_date": "2030-09-01",
        "end_date": "2031-06-30",
        "description": "",
        "venues": [college.pk],
        "targets-TOTAL_FORMS": "1",
        "targets-INITIAL_FORMS": "0",
        "targets-MIN_NUM_FORMS": "0",
        "targets-MAX_NUM_FORMS": "1000",
        "targets-0-audience": girls.pk,
        "targets-0-people_count": "1800",
        "targets-0-venues": [college.pk],
        "targets-0-ORDER": "1",
        "classes-TOTAL_FORMS": "1",
        "classes-INITIAL_FORMS": "0",
        "classes-MIN_NUM_FORMS": "0",
        "classes-MAX_NUM_FORMS": "1000",
        "classes-0-venue": college.pk,
        "classes-0-level": "4e",
        "classes-0-class_count": "6",
        "classes-0-ORDER": "1",
    }
    response = client.post(reverse("wagtailsnippets_programmes_edition:add"), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    edition = Edition.objects.get(name="Toutes culottées 2030-2031")
    [target] = edition.targets.all()
    assert target.people_count == 1800 and list(target.venues.all()) == [college]
    assert edition.classes.get().class_count == 6
    assert list(edition.venues.all()) == [college]


def test_an_edition_ending_before_it_starts_is_refused_in_french(client, programme_staff):
    programme = f.programme("Giga la vie")
    client.force_login(programme_staff)
    response = client.post(
        reverse("wagtailsnippets_programmes_edition:add"),
        {
            "programme": programme.pk,
            "name": "À l'envers",
            "start_date": "2030-09-01",
            "end_date": "2030-01-01",
            **{f"{p}-{k}": "0" for p in ("targets", "classes") for k in (
                "TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS")},
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert "La fin de l&#x27;édition précède son début." in response.content.decode()
    assert not Edition.objects.filter(name="À l'envers").exists()


def test_venue_managers_do_not_reach_programme_records(client, manager_a):
    client.force_login(manager_a)
    for name in ("edition", "occurrence"):
        response = client.get(reverse(f"wagtailsnippets_programmes_{name}:list"))
        assert response.status_code in (302, 403)
    assert client.get(reverse("suivi-seniors:index")).status_code in (302, 403)


def test_moving_a_date_to_another_venue_follows_its_commune(client, programme_staff, residence):
    programme = f.programme("Giga Séniors")
    occurrence = f.event(programme).occurrences.get()
    client.force_login(programme_staff)
    url = reverse("wagtailsnippets_programmes_occurrence:edit", args=(occurrence.pk,))
    client.post(url, occurrence_form(occurrence, venue=residence.pk))
    occurrence.refresh_from_db()
    assert occurrence.venue == residence and occurrence.commune == residence.commune
    assert occurrence.changed_by_hand


def test_the_admin_forms_of_every_programme_screen_open(client, programme_staff):
    programme = f.programme("Giga Séniors")
    event = f.event(programme)
    index = f.programme_index()
    client.force_login(programme_staff)
    urls = [
        reverse("wagtailadmin_pages:add", args=("programmes", "programmepage", index.pk)),
        reverse("wagtailadmin_pages:add", args=("programmes", "eventpage", programme.pk)),
        reverse("wagtailadmin_pages:edit", args=(event.pk,)),
        reverse("wagtailadmin_pages:edit", args=(programme.pk,)),
        reverse("wagtailsnippets_programmes_edition:add"),
        reverse("wagtailsnippets_programmes_edition:list"),
        reverse("wagtailsnippets_programmes_occurrence:list"),
        reverse("wagtailsnippets_programmes_audience:list"),
        reverse("wagtailsnippets_programmes_partner:list"),
        reverse("wagtailsnippets_programmes_purgelog:list"),
        reverse("suivi-seniors:index"),
        reverse("suivi-seniors:add"),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_a_date_is_added_to_an_event_from_the_dates_listing(client, programme_staff, residence):
    programme = f.programme("Giga Séniors")
    event = f.event(programme, "Forum seniors", venue=residence)
    client.force_login(programme_staff)
    url = reverse("wagtailsnippets_programmes_occurrence:add")
    form = client.get(url).content.decode()
    assert 'name="event"' in form
    response = client.post(
        url,
        {
            "event": event.pk,
            "start": "12/03/2030 14:00",
            "end": "12/03/2030 16:00",
            "status": "scheduled",
            "note": "Séance supplémentaire",
        },
    )
    assert response.status_code == 302
    added = event.occurrences.get(note="Séance supplémentaire")
    assert added.changed_by_hand and added.rule_key.startswith("m-")
    # Left empty, the place is the event's.
    assert added.venue == residence and added.commune == residence.commune

    event.summary = "Nouveau résumé."
    event.save_revision().publish()  # the rule runs again: the added date stays
    assert event.occurrences.filter(pk=added.pk).exists()
    assert event.occurrences.count() == 2


def test_a_date_without_its_event_is_refused_in_french(client, programme_staff):
    from programmes.models import Occurrence

    client.force_login(programme_staff)
    url = reverse("wagtailsnippets_programmes_occurrence:add")
    response = client.post(
        url, {"start": "12/03/2030 14:00", "end": "12/03/2030 16:00", "status": "scheduled"}
    )
    assert response.status_code == 200
    assert "event" in response.context["form"].errors
    assert not Occurrence.objects.exists()


def test_the_event_of_an_existing_date_cannot_be_changed(client, programme_staff):
    programme = f.programme("Giga Séniors")
    occurrence = f.event(programme, "Forum seniors").occurrences.get()
    other = f.event(programme, "Autre forum")
    client.force_login(programme_staff)
    url = reverse("wagtailsnippets_programmes_occurrence:edit", args=(occurrence.pk,))
    assert 'name="event"' not in client.get(url).content.decode()
    response = client.post(url, occurrence_form(occurrence, event=other.pk, note="Salle 2"))
    assert response.status_code == 302
    occurrence.refresh_from_db()
    assert occurrence.event_id != other.pk and occurrence.note == "Salle 2"


def test_a_date_is_only_added_to_an_event_the_user_may_edit(client):
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    from programmes.models import Occurrence
    from tests.factories import UserFactory

    seniors = f.programme("Giga Séniors")
    women = f.programme("Bus Santé Femmes")
    own = f.event(seniors, "Forum seniors")
    foreign = f.event(women, "Étape du bus")
    group = Group.objects.create(name="Équipe seniors")
    group.permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "add_occurrence"])
    )
    GroupPagePermission.objects.create(
        group=group, page=seniors, permission=Permission.objects.get(codename="change_page")
    )
    client.force_login(UserFactory(username="seniors", groups=["Équipe seniors"]))
    url = reverse("wagtailsnippets_programmes_occurrence:add")
    data = {"start": "12/03/2030 14:00", "end": "12/03/2030 16:00", "status": "scheduled"}
    response = client.post(url, {**data, "event": foreign.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["event"] == [
        "Choisissez un événement que vous pouvez modifier."
    ]
    assert Occurrence.objects.filter(event=foreign).count() == 1
    assert client.post(url, {**data, "event": own.pk}).status_code == 302
    assert Occurrence.objects.filter(event=own).count() == 2
