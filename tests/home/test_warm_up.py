"""After a publication, a Celery task renders again the pages a visitor is most likely to ask
for (home.tasks.warm_public_pages), so that they come from the cache (home.cache)."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from config.celery import app
from home.cache import visits
from home.tasks import WARM_UP_LIMIT, public_base, warm_public_pages, warm_up_paths
from tests.programmes import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings, monkeypatch):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    monkeypatch.setattr(visits, "every", 1)
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    cache.clear()
    yield
    cache.clear()
    app.conf.task_always_eager = eager


def visitor():
    scheme, host = public_base()
    return Client(HTTP_HOST=host), scheme == "https"


def from_cache(client, url, secure):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, secure=secure)
    assert response.status_code == 200, url
    return len(queries) == 0, response.content.decode()


def test_publishing_renders_the_invalidated_pages_again_in_a_worker(
    page_cache, django_capture_on_commit_callbacks
):
    agenda = f.calendar_page()
    programme = f.programme("Giga Séniors")
    client, secure = visitor()
    for url in ("/", agenda.url, programme.url):
        client.get(url, secure=secure)
    assert from_cache(client, "/", secure)[0]

    soon = timezone.now() + datetime.timedelta(days=2)
    event = f.event(programme, "Forum des seniors", start=soon, live=False)
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()

    # The task (run eagerly here) rendered them: the next visitor gets them from the cache,
    # already showing the new event.
    for url in (event.url, programme.url, "/", agenda.url):
        cached, body = from_cache(client, url, secure)
        assert cached, url
        assert "Forum des seniors" in body, url


def test_the_warm_up_is_bounded_and_takes_the_most_visited_pages(page_cache):
    client, secure = visitor()
    f.calendar_page()
    for _visit in range(3):
        client.get("/recherche/?q=forum", secure=secure)
    client.get("/recherche/?q=rare", secure=secure)
    paths = warm_up_paths(["/programmes/giga-seniors/"])
    assert paths[:3] == ["/programmes/giga-seniors/", "/", "/agenda/"]
    assert paths.index("/recherche/?q=forum") < paths.index("/recherche/?q=rare")
    many = warm_up_paths([f"/page-{n}/" for n in range(40)])
    assert len(many) == WARM_UP_LIMIT
    # Paths it cannot render are reported, never raised.
    assert warm_public_pages(["/nulle-part/"]) == {"/nulle-part/": 404}
