import json

import pytest
from django.conf import settings as django_settings

from home.roles import MODERATORS, PROGRAMME_STAFF, VENUE_MANAGERS
from tests.factories import UserFactory, VenueFactory

_MIGRATED = {}


@pytest.fixture(scope="session", autouse=True)
def _migrated_data(django_db_setup, django_db_blocker):
    """What migrations wrote (communes, roles, the home page), as serialized when the test
    database was created. Taken before any browser starts: Playwright's greenlets give Django a
    fresh connection object that lacks it."""
    from django.db import connection

    with django_db_blocker.unblock():
        if "wagtailcore_page" not in connection.introspection.table_names():
            return None  # no test collected here uses the database: pytest-django made none
        contents = getattr(connection, "_test_serialized_contents", None)
        _MIGRATED["contents"] = contents or connection.creation.serialize_db_to_string()
    return _MIGRATED["contents"]


def restore_migrated_data(contents):
    """Bring back what migrations wrote, once a transactional test has emptied the tables."""
    from django.apps import apps
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection

    # Start from empty tables (a flush that ran post_migrate left content types behind),
    # keeping sequences past the ids about to be restored (PostgreSQL).
    call_command(
        "flush", interactive=False, inhibit_post_migrate=True, reset_sequences=False, verbosity=0
    )
    # Content types first: building a page (multi-table inheritance) asks for its content type,
    # and must find the row with its original id rather than create a second one.
    from django.contrib.contenttypes.models import ContentType

    rows = json.loads(contents)
    content_types = [row for row in rows if row["model"] == "contenttypes.contenttype"]
    connection.creation.deserialize_db_from_string(json.dumps(content_types))
    ContentType.objects.clear_cache()
    others = [row for row in rows if row["model"] != "contenttypes.contenttype"]
    connection.creation.deserialize_db_from_string(json.dumps(others))
    # Rows came back with their ids: move PostgreSQL's sequences past them.
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(sql)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test flushes the database when it ends. In one process pytest-django runs
    those tests last; split over processes (pytest-xdist) a plain test may follow one, and must
    find the migrated data (communes, roles, the home page) as migrations left it."""
    result = yield
    marker = item.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or any(
        name in item.fixturenames for name in ("transactional_db", "live_server")
    )
    if transactional and nextitem is not None and "contents" in _MIGRATED:
        from pytest_django.plugin import blocking_manager_key
        from wagtail.models import Page

        with item.config.stash[blocking_manager_key].unblock():
            if not Page.objects.exists():
                restore_migrated_data(_MIGRATED["contents"])
    return result


@pytest.fixture(scope="session", autouse=True)
def _plain_http():
    """Tests talk plain HTTP to the test client and to the browser tests' live server, whose
    middleware is built once per session (before function-scoped settings overrides)."""
    django_settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True)
def _plain_static_storage(settings, tmp_path, monkeypatch):
    """Tests render templates without running collectstatic, and write media and private files
    to a temp dir."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    private = settings.STORAGES["private"]
    if private["BACKEND"].endswith("FileSystemStorage"):  # not S3: a temp dir too
        settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
        settings.STORAGES = {
            **settings.STORAGES,
            "private": {
                **private,
                "OPTIONS": {**private["OPTIONS"], "location": settings.PRIVATE_MEDIA_ROOT},
            },
        }
        # File fields resolve their storage once, when the models load.
        from django.core.files.storage import storages

        from artworks.models import Placement
        from spreadsheets.models import ExportJob, ImportJob

        private_fields = (
            (ImportJob, "file"),
            (ImportJob, "rejected_file"),
            (ExportJob, "file"),
            (Placement, "install_photo"),
            (Placement, "removal_photo"),
        )
        for model, name in private_fields:
            monkeypatch.setattr(model._meta.get_field(name), "storage", storages["private"])
    # Whole-page caching is tested on its own (tests/home/test_page_cache.py); elsewhere each
    # request must run the view, for query counts and fresh content.
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    # Likewise the parts of pages cached under their tags (home/fragments.py, tested in
    # tests/home/test_fragments.py): query counts measure the pages' own work.
    settings.FRAGMENT_CACHE = False


@pytest.fixture
def programme_staff(db):
    return UserFactory(username="equipe", groups=[PROGRAMME_STAFF])


@pytest.fixture
def moderator(db):
    return UserFactory(username="moderatrice", groups=[MODERATORS])


@pytest.fixture
def venue_a(db):
    return VenueFactory(name="Pôle social A", code="pole-a")


@pytest.fixture
def venue_b(db):
    return VenueFactory(name="Pôle social B", code="pole-b")


@pytest.fixture
def manager_a(db, venue_a):
    user = UserFactory(username="responsable.a", groups=[VENUE_MANAGERS])
    venue_a.managers.add(user)
    return user
