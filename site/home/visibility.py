"""What the public may reach in the page tree: one rule for every public surface.

A page is public only if it and every one of its ancestors are live (published) and carry no
view restriction (password, login, groups). Wagtail's own ``live().public()`` checks the page's
own ``live`` flag only (a live page under a draft parent stays listed) and reads every
restriction in a query of its own; this rule is a single SQL subquery instead, so a listing that
uses it keeps a fixed number of queries, and it can filter records that point to pages (an
occurrence through its event page) as well as pages themselves.

Use ``public_pages(queryset)`` for a queryset of pages (it stays usable with Wagtail search: the
filter is an ``id IN (…)`` lookup) and ``public_page_ids()`` to filter records by their page,
e.g. ``Occurrence.objects.filter(event_id__in=public_page_ids())``.
"""

from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from wagtail.models import Page, PageViewRestriction


def _self_or_ancestor_of(path_lookup, outer_path):
    """Match pages whose tree path is a prefix of ``outer_path``: the page itself and its
    ancestors (treebeard's materialised path)."""
    return {path_lookup: Substr(outer_path, 1, Length(path_lookup))}


def draft_in_tree(outer_path):
    """True when the page at ``outer_path`` (an ``OuterRef`` to a tree path) or one of its
    ancestors is a draft. The root node (depth 1) is not a served page and is never considered."""
    return Exists(
        Page.objects.filter(live=False, depth__gt=1, **_self_or_ancestor_of("path", outer_path))
    )


def restricted_in_tree(outer_path):
    """True when the page at ``outer_path`` or one of its ancestors carries a view restriction
    (password, login, groups)."""
    return Exists(
        PageViewRestriction.objects.filter(**_self_or_ancestor_of("page__path", outer_path))
    )


def public_page_ids():
    """The ids of every page the public may reach, as a subquery (no query of its own). The
    tree's root node is not a page anyone reaches.

    Two separate ``NOT EXISTS`` rather than one ``NOT (EXISTS … OR EXISTS …)``: PostgreSQL turns
    each into an anti-join over the few drafts and restrictions, read once; the ``OR`` form is run
    again for every page (measured on 10,000 events and 46,000 dates: 15 s instead of 0.1 s to
    count the agenda's dates)."""
    path = OuterRef("path")
    pages = Page.objects.filter(live=True, depth__gt=1)
    return pages.exclude(draft_in_tree(path)).exclude(restricted_in_tree(path)).values("pk")


def public_pages(queryset):
    """``queryset`` (of ``Page`` or a page type) narrowed to pages the public may reach."""
    return queryset.filter(pk__in=public_page_ids())
