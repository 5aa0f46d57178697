"""The public page cache: Django's per-site cache middleware, for anonymous visitors only, with
a generation number in the key so that any publication or record change invalidates every
cached page at once (no cache.clear(), which on Redis would flush the broker's database too).
"""

from django.conf import settings
from django.core.cache import caches
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware

GENERATION_KEY = "public-pages:generation"
UNCACHED_PREFIXES = ("/admin/", "/healthz", "/documents/")


def _cache():
    return caches[settings.CACHE_MIDDLEWARE_ALIAS]


def current_generation():
    return _cache().get_or_set(GENERATION_KEY, 1, None)


def invalidate_public_pages(**kwargs):
    try:
        _cache().incr(GENERATION_KEY)
    except ValueError:
        _cache().set(GENERATION_KEY, 2, None)


def _cacheable(request):
    return (
        settings.PUBLIC_PAGE_CACHE_SECONDS > 0
        and not request.path.startswith(UNCACHED_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES  # editors see fresh pages
    )


class _GenerationKeyMixin:
    @property
    def key_prefix(self):
        return f"{settings.CACHE_MIDDLEWARE_KEY_PREFIX}:{current_generation()}"

    @key_prefix.setter
    def key_prefix(self, value):
        pass

    @property
    def cache_timeout(self):
        return settings.PUBLIC_PAGE_CACHE_SECONDS

    @cache_timeout.setter
    def cache_timeout(self, value):
        pass


class UpdatePublicPageCache(_GenerationKeyMixin, UpdateCacheMiddleware):
    def _should_update_cache(self, request, response):
        return _cacheable(request) and super()._should_update_cache(request, response)


class FetchPublicPageCache(_GenerationKeyMixin, FetchFromCacheMiddleware):
    def process_request(self, request):
        if not _cacheable(request):
            request._cache_update_cache = False
            return None
        return super().process_request(request)


def connect_invalidation():
    """Publishing, unpublishing, and saving or deleting any record the public pages show."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published, page_unpublished

    page_published.connect(invalidate_public_pages, dispatch_uid="public-cache-published")
    page_unpublished.connect(invalidate_public_pages, dispatch_uid="public-cache-unpublished")

    watched_apps = set(settings.PROJECT_APPS) | {"wagtailcore", "wagtailimages", "wagtaildocs"}

    def on_change(sender, **kwargs):
        if sender._meta.app_label in watched_apps and sender._meta.model_name not in {
            "revision",
            "pagelogentry",
            "modellogentry",
            "referenceindex",
            "importjob",
        }:
            invalidate_public_pages()

    post_save.connect(on_change, weak=False, dispatch_uid="public-cache-save")
    post_delete.connect(on_change, weak=False, dispatch_uid="public-cache-delete")
