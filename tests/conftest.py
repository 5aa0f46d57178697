import pytest
from django.conf import settings as django_settings

from home.roles import MODERATORS, PROGRAMME_STAFF, VENUE_MANAGERS
from tests.factories import UserFactory, VenueFactory


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
