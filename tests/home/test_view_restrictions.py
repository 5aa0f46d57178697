"""The view restrictions of a page kept in the cache (home.view_restrictions): a page made
private, or under an ancestor made private, stops being served publicly at once, and is served
again when the restriction goes; a public page checks its restrictions without a query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from tests.programmes import factories as f

pytestmark = pytest.mark.django_db


def restriction_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    sql = [q["sql"] for q in queries if "pageviewrestriction" in q["sql"]]
    return response, sql


def test_a_public_page_is_served_without_reading_its_restrictions_again(client, fragments_on):
    event = f.event(f.programme("Giga Séniors"), "Atelier mémoire")
    assert client.get(event.url).status_code == 200
    response, sql = restriction_queries(client, event.url)
    assert response.status_code == 200
    assert sql == []


@pytest.mark.parametrize("on", ["page", "ancestor"])
def test_a_page_made_private_stops_being_served_at_once(client, fragments_on, on):
    programme = f.programme("Giga Séniors")
    event = f.event(programme, "Atelier mémoire")
    assert client.get(event.url).status_code == 200
    assert client.get(event.url).status_code == 200  # from the cache
    restriction = PageViewRestriction.objects.create(
        page=event if on == "page" else programme, restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(event.url)
    assert response.status_code == 302
    assert "login" in response["Location"]
    restriction.delete()
    assert client.get(event.url).status_code == 200


def test_a_password_shows_its_form_from_the_first_request_after_it_is_set(client, fragments_on):
    programme = f.programme("Giga Séniors")
    assert client.get(programme.url).status_code == 200
    PageViewRestriction.objects.create(
        page=programme, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    response = client.get(programme.url)
    assert response.status_code == 200
    assert b'name="password"' in response.content


def test_a_page_moved_under_a_private_page_is_no_longer_public(client, fragments_on):
    private = f.programme("Réservé")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    event = f.event(f.programme("Giga Séniors"), "Atelier mémoire")
    assert client.get(event.url).status_code == 200
    Page.objects.get(pk=event.pk).move(private, pos="last-child")
    event.refresh_from_db()
    assert client.get(event.url).status_code == 302


def test_the_admin_still_sees_the_restrictions_of_a_page(fragments_on):
    programme = f.programme("Giga Séniors")
    event = f.event(programme, "Atelier mémoire")
    assert not event.get_view_restrictions().exists()
    restriction = PageViewRestriction.objects.create(
        page=programme, restriction_type=PageViewRestriction.LOGIN
    )
    assert list(event.get_view_restrictions()) == [restriction]
    assert list(event.get_view_restrictions().order_by("-page__depth")) == [restriction]
