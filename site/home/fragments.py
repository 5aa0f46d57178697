"""Parts of public pages kept in the cache, keyed on what they show (issue 16).

A fragment's key holds a *stamp* of the content: in one query per request, the newest page log
entry and model log entry (publish, unpublish, move, delete, view restrictions, records edited in
the admin), the count and newest publication of live pages, and the count and newest id of each
record table the public pages show (dates and attendance records with their last change,
editions, audiences, partners, works, placements, mediation sessions, venues, artists). A change
that alters a fragment changes the stamp, so a fragment needs no invalidation hook: a new stamp
is a new key, and old keys expire. Fragments that depend on the time (the next dates) add the
current minute to their key. An edit that neither the admin logs nor a date's ``updated_at``
records (a script changing a placement's status in place) shows once the fragment expires
(``TIMEOUT``).
"""

import hashlib

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

TIMEOUT = 600  # seconds; settings.FRAGMENT_CACHE = False turns the fragments off (tests)

# (app label, model name, aggregates): the tables whose changes public fragments follow.
_TABLES = [
    ("wagtailcore", "PageLogEntry", "max(id)"),
    ("wagtailcore", "ModelLogEntry", "max(id)"),
    ("wagtailcore", "Page", "sum(CASE WHEN live THEN 1 ELSE 0 END), max(last_published_at)"),
    ("wagtailcore", "PageViewRestriction", "count(*), max(id)"),
    ("wagtailimages", "Image", "count(*), max(id)"),
    ("programmes", "Occurrence", "count(*), max(updated_at)"),
    ("programmes", "AttendanceRecord", "max(id), max(updated_at)"),
    ("programmes", "AttendancePart", "max(id)"),
    ("programmes", "Edition", "count(*), max(id)"),
    ("programmes", "EditionTarget", "count(*), max(id)"),
    ("programmes", "EditionClass", "count(*), max(id)"),
    ("programmes", "Audience", "count(*), max(id)"),
    ("programmes", "Partner", "count(*), max(id)"),
    ("places", "Venue", "count(*), max(id)"),
    ("artworks", "Artwork", "count(*), max(id)"),
    ("artworks", "Artist", "count(*), max(id)"),
    ("artworks", "Placement", "count(*), max(id)"),
    ("artworks", "MediationSession", "count(*), max(id)"),
]


def _stamp_sql():
    parts = []
    for app_label, model_name, aggregates in _TABLES:
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            continue
        table = connection.ops.quote_name(model._meta.db_table)
        for aggregate in aggregates.split(", "):
            parts.append(f"(SELECT {aggregate} FROM {table})")
    return "SELECT " + ", ".join(parts)


def content_stamp(request=None):
    """The stamp of the public content, read once per request."""
    stamp = getattr(request, "_content_stamp", None) if request is not None else None
    if stamp is None:
        with connection.cursor() as cursor:
            cursor.execute(_stamp_sql())
            stamp = hashlib.sha1(repr(cursor.fetchone()).encode()).hexdigest()[:16]
        if request is not None:
            request._content_stamp = stamp
    return stamp


def cached(request, name, build, *parts, per_minute=False):
    """``build()``'s value, kept under a key made of ``name``, ``parts``, the content stamp, the
    host asked for (absolute addresses) and, with ``per_minute``, the current minute."""
    if not getattr(settings, "FRAGMENT_CACHE", True):
        return build()
    host = request.META.get("HTTP_HOST", "") if request is not None else ""
    key = [name, content_stamp(request), host, *map(str, parts)]
    if per_minute:
        key.append(timezone.now().strftime("%Y%m%d%H%M"))
    digest = hashlib.sha1("|".join(key).encode()).hexdigest()
    full_key = f"fragment:{name}:{digest}"
    value = cache.get(full_key)
    if value is None:
        value = build()
        if value:  # not an empty answer (a 404), whose keys anyone may make up
            cache.set(full_key, value, TIMEOUT)
    return value
