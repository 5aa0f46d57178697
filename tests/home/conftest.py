import pytest
from django.core.cache import cache

from tests.home.site_data import public_site


@pytest.fixture
def page_cache(settings):
    """The public page cache on (the suite turns it off), starting and ending empty."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def fragments_on(settings):
    """The fragment cache on (the suite turns it off), starting and ending empty."""
    settings.FRAGMENT_CACHE = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site_data(db):
    """The public site of tests/home/site_data.py: pages, events, works, venues."""
    return public_site()
