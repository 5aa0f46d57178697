"""A venue manager reaches only the venues they manage: listing, single views, export."""

import pytest
from django.urls import reverse

from places.models import Venue
from places.scoping import managed_venues
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SINGLE_OBJECT_VIEWS = ["edit", "inspect", "delete", "history", "usage"]


def assert_denied(response):
    """Wagtail answers a refused action with 403/404, or a redirect to the dashboard."""
    if response.status_code == 302:
        assert response["Location"] == "/admin/"
    else:
        assert response.status_code in (403, 404)


def url(name, *args):
    return reverse(f"wagtailsnippets_places_venue:{name}", args=args)


def test_for_user_limits_a_manager_to_their_venues(manager_a, venue_a, venue_b, programme_staff):
    assert list(managed_venues(manager_a)) == [venue_a]
    assert set(managed_venues(programme_staff)) == set(Venue.objects.all())


def test_for_user_gives_nothing_to_anonymous_or_inactive_users(venue_a):
    from django.contrib.auth.models import AnonymousUser

    inactive = UserFactory(username="ancien", is_active=False)
    venue_a.managers.add(inactive)
    assert not managed_venues(AnonymousUser()).exists()
    assert not managed_venues(inactive).exists()


def test_the_listing_shows_a_manager_only_their_venues(client, manager_a, venue_a, venue_b):
    client.force_login(manager_a)
    response = client.get(url("list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Pôle social A" in content
    assert "Pôle social B" not in content


@pytest.mark.parametrize("view", SINGLE_OBJECT_VIEWS)
def test_a_manager_gets_404_or_403_on_another_venue(client, manager_a, venue_b, view):
    client.force_login(manager_a)
    response = client.get(url(view, venue_b.pk))
    assert response.status_code in (403, 404)


def test_a_manager_cannot_edit_another_venue_by_post(client, manager_a, venue_b):
    client.force_login(manager_a)
    response = client.post(url("edit", venue_b.pk), {"name": "Piraté"})
    assert response.status_code in (403, 404)
    venue_b.refresh_from_db()
    assert venue_b.name == "Pôle social B"


def test_a_manager_can_open_and_edit_their_own_venue(client, manager_a, venue_a):
    client.force_login(manager_a)
    assert client.get(url("edit", venue_a.pk)).status_code == 200
    assert client.get(url("inspect", venue_a.pk)).status_code == 200


def test_a_manager_cannot_create_or_delete_venues(client, manager_a, venue_a):
    client.force_login(manager_a)
    assert_denied(client.get(url("add")))
    assert_denied(client.post(url("delete", venue_a.pk)))
    assert Venue.objects.filter(pk=venue_a.pk).exists()


def test_the_export_holds_only_the_managers_venues(client, manager_a, venue_a, venue_b):
    client.force_login(manager_a)
    response = client.get(url("list") + "?export=csv")
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8")
    assert "pole-a" in content
    assert "pole-b" not in content


def test_programme_staff_see_and_export_every_venue(client, programme_staff, venue_a, venue_b):
    client.force_login(programme_staff)
    content = client.get(url("list")).content.decode()
    assert "Pôle social A" in content and "Pôle social B" in content
    export = client.get(url("list") + "?export=csv")
    body = b"".join(export.streaming_content).decode("utf-8")
    assert "pole-a" in body and "pole-b" in body
    assert client.get(url("edit", venue_b.pk)).status_code == 200


def test_the_venue_listing_filters_by_sst_and_kind(client, programme_staff, venue_a):
    from places.models import SST, Commune, VenueKind
    from tests.factories import VenueFactory

    VenueFactory(
        name="Collège de Nanterre",
        kind=VenueKind.COLLEGE,
        commune=Commune.objects.get(insee_code="92050"),
    )
    client.force_login(programme_staff)
    nanterre = SST.objects.get(name="Nanterre")
    content = client.get(url("list"), {"sst": nanterre.pk}).content.decode()
    assert "Collège de Nanterre" in content and "Pôle social A" not in content
    content = client.get(url("list"), {"kind": "pole_social"}).content.decode()
    assert "Pôle social A" in content and "Collège de Nanterre" not in content


def test_anonymous_users_are_sent_to_the_login(client, venue_a):
    response = client.get(url("list"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
