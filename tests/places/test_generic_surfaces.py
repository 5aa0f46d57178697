"""Wagtail's generic surfaces follow the venue scope (issue 12, items 4 and 8): snippet choosers,
bulk-action confirmations, site and object history, the venue filters of listings — and a venue
manager cannot hand their venue to someone else."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log

from home.roles import PROGRAMME_STAFF, VENUE_MANAGERS
from places.models import Venue, VenueRecordLogEntry
from programmes.models import AttendanceRecord
from spreadsheets import registry
from spreadsheets.reading import read_spreadsheet
from spreadsheets.services import run_import
from tests.artworks.factories import MediationSessionFactory, PlacementFactory
from tests.factories import UserFactory
from tests.programmes import factories as programme_factories
from tests.spreadsheets.helpers import csv_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(venue_a, venue_b):
    """One placement, mediation session and attendance record at each venue."""
    programme = programme_factories.programme(title="Giga Séniors")
    start = timezone.now() - timedelta(days=3)
    found = {}
    for key, venue in (("a", venue_a), ("b", venue_b)):
        placement = PlacementFactory(venue=venue)
        event = programme_factories.event(
            programme, title=f"Atelier {venue.code}", start=start, venue=venue
        )
        found[key] = {
            "venue": venue,
            "placement": placement,
            "mediationsession": MediationSessionFactory(placement=placement),
            "attendancerecord": AttendanceRecord.objects.create(
                occurrence=event.occurrences.get(), total=17
            ),
        }
    return found


def chooser_url(record, name, *args):
    meta = record._meta
    return reverse(f"wagtailsnippetchoosers_{meta.app_label}_{meta.model_name}:{name}", args=args)


def text(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


SCOPED = ["venue", "placement", "mediationsession", "attendancerecord"]


@pytest.mark.parametrize("kind", SCOPED)
def test_a_snippet_chooser_lists_only_the_managers_own_records(client, manager_a, records, kind):
    client.force_login(manager_a)
    own, other = records["a"][kind], records["b"][kind]
    for name in ("choose", "choose_results"):
        response = client.get(chooser_url(own, name))
        assert response.status_code == 200
        body = text(response)
        assert "Pôle social B" not in body and f"/chosen/{other.pk}/" not in body
        assert f"/chosen/{own.pk}/" in body
    searched = client.get(chooser_url(own, "choose_results") + "?q=social")
    assert "Pôle social B" not in text(searched)


@pytest.mark.parametrize("kind", SCOPED)
def test_a_snippet_chooser_never_returns_another_venues_record(client, manager_a, records, kind):
    client.force_login(manager_a)
    own, other = records["a"][kind], records["b"][kind]
    assert client.get(chooser_url(other, "chosen", other.pk)).status_code == 404
    chosen = client.get(chooser_url(own, "chosen", own.pk))
    assert chosen.status_code == 200 and str(own) in json.loads(chosen.content)["result"]["string"]
    multiple = client.get(chooser_url(own, "chosen_multiple") + f"?id={own.pk}&id={other.pk}")
    assert str(other) not in text(multiple)


def test_staff_choose_among_every_venues_records(client, programme_staff, records):
    client.force_login(programme_staff)
    other = records["b"]["placement"]
    body = text(client.get(chooser_url(other, "choose")))
    assert f"/chosen/{other.pk}/" in body and f"/chosen/{records['a']['placement'].pk}/" in body
    assert client.get(chooser_url(other, "chosen", other.pk)).status_code == 200


def test_the_chooser_offers_no_short_creation_form_for_a_scoped_record(client, manager_a, records):
    client.force_login(manager_a)
    session = records["a"]["mediationsession"]
    response = client.get(chooser_url(session, "create"))
    assert response.status_code == 403 or response["Location"] == "/admin/"


def test_occurrences_cannot_be_chosen_by_a_role_without_occurrence_rights(
    client, manager_a, records
):
    client.force_login(manager_a)
    occurrence = records["b"]["attendancerecord"].occurrence
    url = reverse("wagtailsnippetchoosers_programmes_occurrence:choose")
    assert str(occurrence) not in text(client.get(url))
    chosen = reverse("wagtailsnippetchoosers_programmes_occurrence:chosen", args=[occurrence.pk])
    assert client.get(chosen).status_code == 404


def bulk_url(record, action="delete", *ids):
    meta = record._meta
    query = "&".join(f"id={pk}" for pk in ids)
    return reverse("wagtail_bulk_action", args=[meta.app_label, meta.model_name, action]) + (
        f"?{query}"
    )


@pytest.mark.parametrize("kind", ["placement", "mediationsession"])
def test_a_bulk_delete_never_loads_another_venues_record(client, manager_a, records, kind):
    client.force_login(manager_a)
    own, other = records["a"][kind], records["b"][kind]
    alone = client.get(bulk_url(other, "delete", other.pk))
    assert alone.status_code == 404 and "Pôle social B" not in text(alone)
    mixed = client.get(bulk_url(own, "delete", own.pk, other.pk))
    assert "Pôle social B" not in text(mixed)
    client.post(bulk_url(own, "delete", own.pk, other.pk))
    assert type(other).objects.filter(pk=other.pk).exists()


def test_a_bulk_delete_with_all_ids_stays_within_the_venues(client, manager_a, records):
    client.force_login(manager_a)
    session = records["a"]["mediationsession"]
    response = client.get(bulk_url(session, "delete", "all"))
    assert response.status_code == 200
    assert "Pôle social B" not in text(response) and "Pôle social A" in text(response)


def test_staff_still_bulk_delete_any_venues_records(client, programme_staff, records):
    client.force_login(programme_staff)
    other = records["b"]["mediationsession"]
    assert "Pôle social B" in text(client.get(bulk_url(other, "delete", other.pk)))
    client.post(bulk_url(other, "delete", other.pk))
    assert not type(other).objects.filter(pk=other.pk).exists()


def test_venue_records_log_into_their_own_scoped_log(records, programme_staff):
    placement = records["b"]["placement"]
    log(placement, "wagtail.edit", user=programme_staff)
    entry = VenueRecordLogEntry.objects.get(object_id=str(placement.pk), action="wagtail.edit")
    assert entry.label == str(placement)


def test_site_history_shows_a_manager_only_their_venues_entries(
    client, manager_a, programme_staff, records
):
    for key in ("a", "b"):
        for kind in SCOPED:
            log(records[key][kind], "wagtail.edit", user=programme_staff)
    client.force_login(manager_a)
    for url in (
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_reports:site_history") + "?export=csv",
    ):
        body = text(client.get(url))
        assert "Pôle social B" not in body
        assert "Pôle social A" in body
    client.force_login(programme_staff)
    assert "Pôle social B" in text(client.get(reverse("wagtailadmin_reports:site_history")))


def test_a_manager_reads_the_history_of_their_own_records(client, manager_a, records):
    placement = records["a"]["placement"]
    log(placement, "wagtail.edit", user=manager_a)
    client.force_login(manager_a)
    url = reverse("wagtailsnippets_artworks_placement:history", args=[placement.pk])
    response = client.get(url)
    assert response.status_code == 200 and "responsable.a" in text(response)


# --- item 8: who manages a venue ----------------------------------------------------------------


def edit_url(venue):
    return reverse("wagtailsnippets_places_venue:edit", args=[venue.pk])


def venue_post_data(venue, **changes):
    data = {
        "name": venue.name,
        "code": venue.code,
        "kind": venue.kind,
        "commune": venue.commune_id,
        "address": "",
        "accessibility_notes": "",
        "phone": "",
        "email": "",
        "is_active": "on",
    }
    data.update(changes)
    return data


def test_a_manager_is_not_offered_the_managers_field(client, manager_a, venue_a):
    client.force_login(manager_a)
    response = client.get(edit_url(venue_a))
    assert response.status_code == 200
    assert 'name="managers"' not in text(response)


def test_a_manager_cannot_hand_their_venue_to_someone(client, manager_a, venue_a):
    intruder = UserFactory(username="intrus", groups=[VENUE_MANAGERS])
    client.force_login(manager_a)
    response = client.post(
        edit_url(venue_a),
        venue_post_data(venue_a, name="Pôle social A (modifié)", managers=[intruder.pk]),
    )
    assert response.status_code == 302
    venue_a.refresh_from_db()
    assert venue_a.name == "Pôle social A (modifié)"  # the rest of the form is saved
    assert list(venue_a.managers.all()) == [manager_a]


def test_staff_set_a_venues_managers(client, programme_staff, manager_a, venue_a):
    newcomer = UserFactory(username="nouvelle", groups=[VENUE_MANAGERS])
    client.force_login(programme_staff)
    assert 'name="managers"' in text(client.get(edit_url(venue_a)))
    client.post(edit_url(venue_a), venue_post_data(venue_a, managers=[newcomer.pk]))
    assert list(venue_a.managers.all()) == [newcomer]


def test_the_venue_import_has_no_managers_column(manager_a, venue_a):
    intruder = UserFactory(username="intrus", groups=[PROGRAMME_STAFF])
    headers = ["Code", "Nom", "Type de lieu", "Code INSEE de la commune", "Responsables du lieu"]
    row = [venue_a.code, "Pôle social A", "Pôle social", "92004", intruder.username]
    sheet = read_spreadsheet(csv_bytes([headers, row]), "lieux.csv")
    report = run_import(registry.get("lieux"), sheet, manager_a)
    assert not report.file_errors and not report.invalid
    assert list(Venue.objects.get(pk=venue_a.pk).managers.all()) == [manager_a]


@pytest.mark.parametrize("kind", ["placement", "mediationsession"])
def test_the_venue_filter_of_a_listing_offers_only_the_managers_venues(
    client, manager_a, records, kind
):
    client.force_login(manager_a)
    meta = records["a"][kind]._meta
    body = text(client.get(reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:list")))
    assert "Pôle social A" in body and "Pôle social B" not in body


def test_existing_log_entries_of_venue_records_move_to_the_scoped_log(records, programme_staff):
    import importlib

    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    migration = importlib.import_module("places.migrations.0003_venue_record_log_entries")
    placement, partner_label = records["b"]["placement"], "CAF des Hauts-de-Seine"
    ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(placement),
        object_id=str(placement.pk),
        label=str(placement),
        action="wagtail.edit",
        timestamp=timezone.now(),
        user=programme_staff,
    )
    from programmes.models import Partner

    partner = Partner.objects.create(name=partner_label)
    log(partner, "wagtail.create", user=programme_staff)

    migration.move_venue_record_entries(apps, None)

    assert not ModelLogEntry.objects.filter(object_id=str(placement.pk), label=str(placement))
    moved = VenueRecordLogEntry.objects.get(object_id=str(placement.pk), action="wagtail.edit")
    assert moved.label == str(placement) and moved.user == programme_staff
    assert ModelLogEntry.objects.filter(label=partner_label).exists()  # not a venue record
