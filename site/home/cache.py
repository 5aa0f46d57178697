"""The public page cache: whole responses for anonymous visitors (Django's cache middleware),
each stored with the **tags** it was built from, and invalidated tag by tag (issue #16).

How it works
------------
- While a cacheable request runs, a collector (a context variable) gathers the tags of what the
  response shows: the page served (``page:<id>``, added by a ``before_serve_page`` hook), the
  records and lists it reads (``depends_on(...)``, called by the pages' ``get_context``, the
  agenda and the home page's sections). A tag names a family and optionally a scope:
  ``agenda`` (every date of the agenda), ``agenda:venue=<code>`` (the dates at one venue),
  ``programme:<id>``, ``event:<id>``, ``children:<page id>`` (a page's list of sub-pages),
  ``artworks.artwork:<id>``, and one tag per model, its label (``artworks.placement``).
  A scoped tag brings its family's wildcard along (``agenda:*``), bumped when a change cannot
  be pinned down (an import written in bulk).
- Each tag has a version in the cache (the time of its last change, in nanoseconds). A response
  is stored with the versions of its tags, and served only while they are all unchanged: one
  ``get`` for the entry, one ``get_many`` for its tags.
- A change bumps only its tags (``invalidate(...)``): saving or deleting a record, publishing,
  unpublishing, moving or deleting a page (signals), an import (``rows_imported``). What to
  bump for a model is given by the app that owns it (``register_model``); a model of a watched
  app without rules bumps ``site``, on which every entry depends — safe by default. A response
  that declared no tags at all (the search page, the sitemap) depends on ``*``, bumped by every
  change.
- A change is bumped at once and again when its transaction commits, so that a page rendered
  in between from the data not yet committed is not kept.
- A response rendered while one of its tags changed is not stored.

Never ``cache.clear()``: on Redis the cache may share its server with the broker. Editors (a
session cookie) always get fresh pages; ``/admin/`` and the others below are never cached.
"""

import contextlib
import contextvars
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, transaction
from django.http import HttpResponse
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware

UNCACHED_PREFIXES = ("/admin/", "/healthz", "/documents/")

EVERYTHING = "*"  # bumped by every change: the entries that declared nothing depend on it
SITE = "site"  # every entry depends on it: settings, menus, records without rules
VERSION_PREFIX = "public-tag:"

# Apps whose records the public pages may show; among Wagtail's, only these models.
WATCHED_APPS = {"home", "places", "programmes", "artworks"}
WATCHED_WAGTAIL_MODELS = {
    "wagtailcore.site",
    "wagtailcore.pageviewrestriction",
    "wagtailcore.collectionviewrestriction",
    "wagtailimages.image",
    "wagtaildocs.document",
    "wagtailredirects.redirect",
}


def _cache():
    return caches[settings.CACHE_MIDDLEWARE_ALIAS]


# --- tags --------------------------------------------------------------------------------------


def model_tag(model):
    """A model's own tag, its label in lower case: ``artworks.placement``."""
    return model._meta.label_lower


def page_tag(page_or_id):
    return f"page:{getattr(page_or_id, 'pk', page_or_id)}"


def children_tag(page_or_path):
    """The list of a page's sub-pages, by the page's tree path (a child knows its parent's path
    without a query)."""
    return f"children:{getattr(page_or_path, 'path', page_or_path)}"


def family_wildcard(tag):
    """``agenda:venue=12`` → ``agenda:*``; a tag without scope has none."""
    family, sep, _scope = tag.partition(":")
    return f"{family}:*" if sep else None


# --- reading side: what a response depends on --------------------------------------------------


@dataclass
class Collector:
    started: int = field(default_factory=time.time_ns)
    tags: set = field(default_factory=set)


_collector = contextvars.ContextVar("public_cache_collector", default=None)


def depends_on(*tags):
    """Record that the response being built shows what ``tags`` name (no-op outside a cacheable
    request). Called wherever public data is read: pages' ``get_context``, agenda sources,
    home page sections, feeds."""
    collector = _collector.get()
    if collector is None:
        return
    for tag in tags:
        if tag:
            collector.tags.add(str(tag))


@contextlib.contextmanager
def collecting():
    """Gather the tags declared while the block runs (a part of a page built apart, kept in
    the cache by home.fragments), then hand them on to the response being built, if any."""
    outer = _collector.get()
    collector = Collector()
    token = _collector.set(collector)
    try:
        yield collector
    finally:
        _collector.reset(token)
        if outer is not None:
            outer.tags |= collector.tags


def entry_tags(collector):
    """What an entry built under ``collector`` depends on: its tags, their families' wildcards
    and ``site``; ``*`` when it declared nothing (any change may alter it)."""
    return _entry_tags(collector)


def depends_on_page(page, request=None, serve_args=None, serve_kwargs=None):
    """Wagtail's ``before_serve_page`` hook: every page served depends on itself."""
    depends_on(page_tag(page))


def _entry_tags(collector):
    tags = set(collector.tags) or {EVERYTHING}
    tags |= {w for w in map(family_wildcard, tags) if w}
    tags.add(SITE)
    return sorted(tags)


def tag_versions(tags):
    """The current version of each tag; a tag never seen gets version 0."""
    cache = _cache()
    keys = {VERSION_PREFIX + tag: tag for tag in tags}
    found = cache.get_many(list(keys))
    for key in keys.keys() - found.keys():
        cache.add(key, 0, None)
    if len(found) < len(keys):
        found = cache.get_many(list(keys))
    return {keys[key]: value for key, value in found.items()}


# --- writing side: what a change bumps -------------------------------------------------------


_rules = {}
_bulk_rules = {}


def register_model(model, tags=None, bulk_tags=None):
    """Say what a change of ``model`` bumps, beyond its own tag:

    - ``tags(instance)``: the tags of one instance (read its fields, not many queries); called
      after the save and with the row as it was before it, so that a date moved from one venue
      to another refreshes both venues;
    - ``bulk_tags()``: the tags when rows changed without being named (an import written in
      bulk); by default the wildcards of the families ``tags`` gives are not known, so it
      should be given whenever ``tags`` is.

    ``tags=None`` marks a model the public never sees (only its own tag is bumped)."""
    _rules[model] = tags
    _bulk_rules[model] = bulk_tags


def _rule_for(model):
    for klass in model.__mro__:
        if klass in _rules:
            return klass, _rules[klass]
    return None, None


def _watched(model):
    from wagtail.models import BaseLogEntry

    if issubclass(model, BaseLogEntry):
        return False
    label = model._meta.label_lower
    return model._meta.app_label in WATCHED_APPS or label in WATCHED_WAGTAIL_MODELS


def changed_tags(instance):
    """The tags to bump when ``instance`` is saved or deleted."""
    from wagtail.models import Page

    model = type(instance)
    tags = {model_tag(model)}
    if isinstance(instance, Page):
        tags |= {page_tag(instance), children_tag(instance.path[: -instance.steplen])}
        if instance.depth and instance.depth <= 3:  # the site root's children: the menu
            tags.add("menu")
        if type(instance) is Page:  # a tree operation on a bare page: its type's rules
            try:
                instance = instance.specific_deferred
            except ObjectDoesNotExist:  # deleted: its specific row went first
                return tags | {SITE}
            model = type(instance)
    owner, rule = _rule_for(model)
    if owner is None:
        if not isinstance(instance, Page):
            tags.add(SITE)
    elif rule is not None:
        tags |= set(rule(instance))
    return tags


def bulk_changed_tags(model):
    """The tags to bump when some rows of ``model`` changed, not known one by one."""
    owner, rule = _rule_for(model)
    tags = {model_tag(model)}
    if owner is None:
        tags.add(SITE)
    elif _bulk_rules.get(owner) is not None:
        tags |= set(_bulk_rules[owner]())
    elif rule is not None:
        tags.add(SITE)  # rules for single rows but none for bulk: the safe way
    return tags


def invalidate(tags):
    """Bump ``tags`` (and ``*``) now, and again when the transaction commits."""
    tags = {str(tag) for tag in tags if tag} | {EVERYTHING}
    _bump(tags)
    if connection.in_atomic_block:
        pending = getattr(connection, "_public_cache_pending", None)
        if pending is None:
            pending = connection._public_cache_pending = set()

            def bump_pending():
                connection._public_cache_pending = None
                _bump(pending)

            transaction.on_commit(bump_pending)
        pending |= tags


def _bump(tags):
    if not tags:
        return
    version = time.time_ns()
    _cache().set_many({VERSION_PREFIX + tag: version for tag in tags}, None)


def current_generation():
    """A number that changes with every change the public site may show (the version of ``*``),
    for caches of whole-site values (the search's vocabulary)."""
    return tag_versions([EVERYTHING])[EVERYTHING]


def invalidate_public_pages(**kwargs):
    """Receiver of ``spreadsheets.signals.rows_imported`` (and callable by hand): the tags of the
    rows of ``model`` (written in bulk, hence unnamed), or everything without a model."""
    model = kwargs.get("model")
    invalidate(bulk_changed_tags(model) if model is not None else {SITE})


# --- the middleware ----------------------------------------------------------------------------


def _cacheable(request):
    return (
        settings.PUBLIC_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.path.startswith(UNCACHED_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES  # editors see fresh pages
    )


class TaggedCache:
    """Django's cache as the middleware sees it: a response goes in with the versions of the
    tags its request collected, and comes out only while they are unchanged. Other values (the
    middleware's header lists) pass through."""

    def __init__(self, cache, collector=None):
        self.cache = cache
        self.collector = collector

    def get(self, key, default=None):
        entry = self.cache.get(key)
        if not isinstance(entry, dict) or "response" not in entry:
            return default if entry is None else entry
        versions = entry["versions"]
        if tag_versions(versions) != versions:
            return default
        return entry["response"]

    def set(self, key, value, timeout=None):
        if not isinstance(value, HttpResponse):
            return self.cache.set(key, value, timeout)
        if self.collector is None:
            return None
        versions = tag_versions(_entry_tags(self.collector))
        if any(v > self.collector.started for v in versions.values()):
            return None  # something it shows changed while it was rendered
        self.cache.set(key, {"response": value, "versions": versions}, timeout)
        return None

    def __getattr__(self, name):
        return getattr(self.cache, name)


class _TaggedMixin:
    """The settings read at each request (tests change them), and the tagged cache of the
    request being served (its collector is in a context variable, never on the middleware,
    which every thread shares)."""

    @property
    def key_prefix(self):
        return settings.CACHE_MIDDLEWARE_KEY_PREFIX

    @key_prefix.setter
    def key_prefix(self, value):
        pass

    @property
    def cache_timeout(self):
        return settings.PUBLIC_PAGE_CACHE_SECONDS

    @cache_timeout.setter
    def cache_timeout(self, value):
        pass

    @property
    def cache(self):
        return TaggedCache(_cache(), _collector.get())


class UpdatePublicPageCache(_TaggedMixin, UpdateCacheMiddleware):
    def _should_update_cache(self, request, response):
        return _cacheable(request) and super()._should_update_cache(request, response)

    def process_response(self, request, response):
        try:
            return super().process_response(request, response)
        finally:
            token = getattr(request, "_public_cache_token", None)
            if token is not None:
                request._public_cache_token = None
                _collector.reset(token)


class FetchPublicPageCache(_TaggedMixin, FetchFromCacheMiddleware):
    def process_request(self, request):
        if not _cacheable(request):
            request._cache_update_cache = False
            return None
        request._public_cache_token = _collector.set(Collector())
        visits.record(request.get_full_path()[:500])
        return super().process_request(request)


# --- visits, for the warm-up (home.tasks) ----------------------------------------------------


class Visits:
    """A small, bounded count of cache hits per path (at most ``size`` paths, the least visited
    forgotten first), kept in the cache: which invalidated pages deserve rendering again."""

    key = "public-pages:visits"
    size = 50
    every = 20  # record one hit in ``every`` (a write per hit would cost more than it saves)

    def __init__(self):
        self._seen = 0

    def record(self, path):
        self._seen += 1
        if self._seen % self.every:
            return
        cache = _cache()
        counts = cache.get(self.key) or {}
        counts[path] = counts.get(path, 0) + 1
        if len(counts) > self.size:
            for stale in sorted(counts, key=counts.get)[: len(counts) - self.size]:
                del counts[stale]
        cache.set(self.key, counts, None)

    def most_visited(self, limit):
        counts = _cache().get(self.key) or {}
        return sorted(counts, key=counts.get, reverse=True)[:limit]


visits = Visits()


# --- signals -------------------------------------------------------------------------------------


def _on_save(sender, instance, **kwargs):
    if not _watched(sender) or kwargs.get("raw"):
        return
    if kwargs.get("created") and _is_setting(sender):
        return  # a settings row made on first read holds the defaults the pages showed
    tags = changed_tags(instance)
    tags |= getattr(instance, "_public_cache_before", set())
    instance._public_cache_before = set()
    invalidate(tags)


def _is_setting(model):
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting

    return issubclass(model, (BaseGenericSetting, BaseSiteSetting))


def _on_pre_save(sender, instance, **kwargs):
    """The tags of the row as it was (a date moved away from a venue refreshes that venue)."""
    owner, rule = _rule_for(sender)
    if rule is None or instance.pk is None or kwargs.get("raw"):
        return
    before = sender._base_manager.filter(pk=instance.pk).first()
    instance._public_cache_before = set(rule(before)) if before is not None else set()


def _on_delete(sender, instance, **kwargs):
    if _watched(sender):
        invalidate(changed_tags(instance))


def _on_page_change(sender, instance, **kwargs):
    invalidate(changed_tags(instance))
    if settings.PUBLIC_PAGE_CACHE_SECONDS > 0:
        transaction.on_commit(lambda: warm_up_after(instance))


def warm_up_after(page):
    """Once a publication is committed: render again, in a worker, the page, its parent (which
    lists it), the home page, the agenda and the most visited pages (home.tasks)."""
    from home.tasks import warm_public_pages, warm_up_paths

    published = [page.url, page.get_parent().url] if page.url else []
    warm_public_pages.delay(warm_up_paths([p for p in published if p]))


def _on_page_move(sender, instance, **kwargs):
    """A page moved takes its sub-pages' addresses along (and every link to them): rare enough
    to refresh everything."""
    invalidate({SITE})


def connect_invalidation():
    """Publishing, unpublishing, moving; saving or deleting any record the public pages show."""
    from django.db.models.signals import post_delete, post_save, pre_save
    from wagtail import hooks
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(_on_page_change, dispatch_uid="public-cache-published")
    page_unpublished.connect(_on_page_change, dispatch_uid="public-cache-unpublished")
    post_page_move.connect(_on_page_move, dispatch_uid="public-cache-moved")
    pre_save.connect(_on_pre_save, dispatch_uid="public-cache-pre-save")
    post_save.connect(_on_save, dispatch_uid="public-cache-save")
    post_delete.connect(_on_delete, dispatch_uid="public-cache-delete")
    global _hook_registered
    if not _hook_registered:
        hooks.register("before_serve_page", depends_on_page)
        _hook_registered = True


_hook_registered = False
