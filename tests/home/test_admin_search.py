"""Every record listing of the admin answers a search (and a search on a sorted listing)."""

import pytest
from wagtail.snippets.models import get_snippet_models

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LISTINGS = sorted(get_snippet_models(), key=lambda model: model._meta.label)


@pytest.mark.parametrize("model", LISTINGS, ids=[m._meta.label for m in LISTINGS])
def test_a_search_on_every_listing_answers(client, model):
    client.force_login(UserFactory(username="admin", is_superuser=True, is_staff=True))
    url = model.snippet_viewset.get_url_name("list")
    from django.urls import reverse

    listing = reverse(url)
    assert client.get(listing, {"q": "pole"}).status_code == 200
    for field in getattr(model.snippet_viewset, "list_display", []):
        if isinstance(field, str):
            response = client.get(listing, {"q": "pole", "ordering": field})
            assert response.status_code == 200, (field, response.status_code)


SCOPED = [m for m in LISTINGS if hasattr(m._default_manager.get_queryset(), "venue_path")]


@pytest.mark.parametrize("model", SCOPED, ids=[m._meta.label for m in SCOPED])
def test_a_venue_manager_searches_their_listings(client, manager_a, model):
    """A search answers wherever the listing does (and is refused wherever it is refused)."""
    from django.urls import reverse

    client.force_login(manager_a)
    listing = reverse(model.snippet_viewset.get_url_name("list"))
    plain = client.get(listing).status_code
    assert client.get(listing, {"q": "pole"}).status_code == plain


def test_a_venue_managers_search_finds_only_their_venues(client, manager_a, venue_a, venue_b):
    client.force_login(manager_a)
    page = client.get("/admin/snippets/places/venue/", {"q": "social"}).content.decode()
    assert "Pôle social A" in page and "Pôle social B" not in page
