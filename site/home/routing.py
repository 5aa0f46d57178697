"""Routing a public request without a query per level of the page tree (issue 16).

Wagtail finds the site of a request (one query), loads its root page and its specific row (two),
then, for each segment of the path, the child page and its specific row (two per level): eight
queries for an event's page before its own work. Here:

- ``CachedSiteMiddleware`` gives Wagtail the request's site with its root page already specific
  (``request._wagtail_site``, which ``Site.find_for_request`` reads), kept by home.fragments
  under the tags ``site`` and the root page's;
- ``ChainRouteMixin`` (on the page types that have children) takes each child met along the
  path from the pages of the whole path, read once (one query and one per page type) and kept
  in the cache under each page's tag and its list of children's tag (home.cache): saving,
  publishing, unpublishing or deleting one of them, or adding a child under one of them,
  reads them again. Kept under the deepest page's path with the slugs of its children, they
  serve a longer path (a routable page's sub-path, an unknown address) unless its next
  segment is one of those children. A child that is not among them is looked up as Wagtail
  does.

Wagtail's own ``route`` of each page still runs (live pages only, routable sub-paths, a draft
parent hiding its subtree): only where the pages come from changes.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.deprecation import MiddlewareMixin

from home import fragments
from home.cache import (
    UNCACHED_PREFIXES,
    Collector,
    children_tag,
    depends_on,
    entry_tags,
    page_tag,
    tag_versions,
)

CHAIN_KEY_PREFIX = "page-chain:"


class CachedSiteMiddleware(MiddlewareMixin):
    """For the public pages Wagtail serves (GET, HEAD): the site and its specific root page from
    the cache, and for the site search (its header, menus and footer). Other views (the floor of
    tests/bench, robots.txt) are left alone."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        from wagtail.views import serve

        from home.views import search

        if (
            view_func in (serve, search)
            and request.method in ("GET", "HEAD")
            and not request.path.startswith(UNCACHED_PREFIXES)
        ):
            site = cached_site(request)
            if site is not None:
                request._wagtail_site = site
        return None


def cached_site(request):
    from wagtail.models import Site

    host = request._get_raw_host()
    port = request.get_port()

    def build():
        site = Site._find_for_request(request)
        if site is None:
            return None
        site.root_page = site.root_page.specific
        depends_on(page_tag(site.root_page), "wagtailcore.site")
        return site

    return fragments.cached(request, "wagtail_site", build, host, port)


class ChainRouteMixin:
    """Children along the request's path taken from the pages read once for the whole path
    (see the module's docstring); put it before ``Page`` among a page type's bases."""

    def route(self, request, path_components):
        if path_components:
            chain = getattr(request, "_page_chain", None)
            if chain is None:
                chain = request._page_chain = page_chain(request, self, path_components)
            child = chain.get(f"{self.url_path}{path_components[0]}/")
            if child is not None:
                child._cached_parent_obj = self  # as Wagtail's route does
                return child.route(request, path_components[1:])
        return super().route(request, path_components)


def _chain_key(root, url_path):
    digest = hashlib.sha1(f"{root.pk}|{url_path}".encode()).hexdigest()
    return f"{CHAIN_KEY_PREFIX}{digest}"


def page_chain(request, root, path_components):
    """The specific pages at each prefix of the path under ``root``, by ``url_path``; those
    the path names that are not pages (a routable sub-path, a typo) are absent."""
    prefixes = [
        root.url_path + "".join(f"{c}/" for c in path_components[: i + 1])
        for i in range(len(path_components))
    ]
    if not getattr(settings, "FRAGMENT_CACHE", True) or getattr(request, "is_preview", False):
        return _read_chain(root, prefixes)
    # One read for every prefix; the longest kept is the deepest page of the path.
    keys = {_chain_key(root, prefix): prefix for prefix in prefixes}
    found = cache.get_many(list(keys))
    for key in sorted(found, key=lambda k: len(keys[k]), reverse=True):
        pages, child_slugs, versions = found[key]
        # Kept for a shorter path: it holds for this one unless the next segment names a
        # child of its deepest page (then read again, and kept for the longer path).
        if tag_versions(versions) == versions and (
            len(pages) == len(prefixes) or path_components[len(pages)] not in child_slugs
        ):
            return {page.url_path: page for page in pages}
        break
    started = time.time_ns()
    chain = _read_chain(root, prefixes)
    if chain:
        deepest = max(chain, key=len)
        tags = {children_tag(root), *(page_tag(p) for p in chain.values())}
        tags |= {children_tag(p) for p in chain.values()}

        versions = tag_versions(entry_tags(Collector(tags=tags)))
        if all(version < started for version in versions.values()):
            child_slugs = set(chain[deepest].get_children().values_list("slug", flat=True))
            cache.set(
                _chain_key(root, deepest),
                (list(chain.values()), child_slugs, versions),
                fragments.TIMEOUT,
            )
    return chain


def _read_chain(root, prefixes):
    """One query for the pages at ``prefixes`` (and one per page type for their specific
    rows), kept only while each one's parent is there too (a chain from the root)."""
    from wagtail.models import Page

    pages = {p.url_path: p for p in Page.objects.filter(url_path__in=prefixes).specific()}
    chain = {}
    parent = root
    for prefix in prefixes:
        page = pages.get(prefix)
        if page is None or not page.path.startswith(parent.path) or page.depth != parent.depth + 1:
            break
        chain[prefix] = page
        parent = page
    return chain
