import pytest

from home.models import HomePage

pytestmark = pytest.mark.django_db


def test_a_public_page_is_served_from_the_cache_the_second_time(
    client, page_cache, django_assert_max_num_queries
):
    first = client.get("/")
    assert first.status_code == 200
    with django_assert_max_num_queries(0):
        second = client.get("/")
    assert second.content == first.content
    assert "Content-Security-Policy" in second


def test_publishing_invalidates_the_cached_pages(client, page_cache):
    client.get("/")
    home = HomePage.objects.get()
    home.introduction = "Nouvelle introduction publiée"
    home.save_revision().publish()
    assert "Nouvelle introduction publiée" in client.get("/").content.decode()


def test_a_record_change_invalidates_the_cached_pages(client, page_cache, venue_a):
    client.get("/recherche/?q=x")
    from home.cache import SITE, tag_versions

    before = tag_versions([SITE])
    venue_a.name = "Pôle social renommé"
    venue_a.save()
    assert tag_versions([SITE]) != before


def test_logged_in_editors_and_the_admin_are_never_served_from_the_cache(
    client, page_cache, programme_staff, django_assert_max_num_queries
):
    client.get("/")
    client.force_login(programme_staff)
    home = HomePage.objects.get()
    HomePage.objects.filter(pk=home.pk).update(introduction="Changée sans signal")
    assert "Changée sans signal" in client.get("/").content.decode()
    assert client.get("/admin/").status_code == 200
    assert "no-cache" in client.get("/admin/")["Cache-Control"]
