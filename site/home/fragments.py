"""Parts of public pages kept in the cache, under the same tags as whole pages (issue 16).

A fragment is built by a function; the tags it declares while building (``depends_on`` in the
showcase sources, the agenda, the pages' selectors — see home/cache.py) are stored with it, with
their versions. It is served while those versions are unchanged (one ``get`` and one
``get_many`` on the cache, no query), and its tags are then handed on to the page being built,
so that the whole-page cache knows what the fragment showed. A fragment that declared nothing
depends on ``*``, bumped by every change. Fragments that depend on the time (the next dates)
add the current minute to their key. ``settings.FRAGMENT_CACHE = False`` turns them off (the
tests measure the pages' own work).
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from home.cache import collecting, depends_on, entry_tags, tag_versions

TIMEOUT = 600  # seconds


def cached(request, name, build, *parts, per_minute=False, timeout=TIMEOUT):
    """``build()``'s value, kept under a key made of ``name``, ``parts``, the host asked for
    (absolute addresses) and, with ``per_minute``, the current minute; valid while the tags it
    declared are unchanged, for ``timeout`` seconds at most. A preview (Wagtail's
    ``request.is_preview``) always builds."""
    if not getattr(settings, "FRAGMENT_CACHE", True) or getattr(request, "is_preview", False):
        return build()  # a preview shows the draft: never read from the cache, nor kept
    host = request.META.get("HTTP_HOST", "") if request is not None else ""
    key = [name, host, *map(str, parts)]
    if per_minute:
        key.append(timezone.now().strftime("%Y%m%d%H%M"))
    full_key = f"fragment:{name}:{hashlib.sha1('|'.join(key).encode()).hexdigest()}"
    entry = cache.get(full_key)
    if entry is not None:
        value, versions = entry
        if tag_versions(versions) == versions:
            depends_on(*versions)
            return value
    started = time.time_ns()
    with collecting() as collector:
        value = build()
    versions = tag_versions(entry_tags(collector))
    # Not an empty answer (a 404, whose keys anyone may make up), nor one built while what it
    # shows was changing.
    if value and all(version < started for version in versions.values()):
        cache.set(full_key, (value, versions), timeout)
    return value
