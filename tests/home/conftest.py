import pytest
from django.core.cache import cache


@pytest.fixture
def page_cache(settings):
    """The public page cache on (the suite turns it off), starting and ending empty."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()
