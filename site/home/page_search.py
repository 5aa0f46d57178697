"""The public pages as a source of the site search (home.search): every page the public may
reach (home.visibility), matched on its title, its search description and the plain text
Wagtail's search index keeps of its indexed fields (StreamField bodies included)."""

from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page
from wagtail.search.models import IndexEntry

from home.search import SearchResult, SearchSource, excerpt, matching
from home.visibility import public_pages


def _body_column():
    """The index entry's plain-text body: ``body_text`` on PostgreSQL (``body`` is a search
    vector there), ``body`` on SQLite and MySQL."""
    names = {f.name for f in IndexEntry._meta.get_fields()}
    return "body_text" if "body_text" in names else "body"


def indexed_body():
    entries = IndexEntry.objects.filter(
        content_type_id=OuterRef("content_type_id"),
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
    )
    return Subquery(entries.values(_body_column())[:1])


def search_pages(query, request=None, limit=100):
    pages = matching(
        public_pages(Page.objects.filter(depth__gt=1)).annotate(search_body=indexed_body()),
        query,
        title="title",
        fields=["title", "search_description", "search_body"],
    )
    return [
        SearchResult(
            title=page.title,
            url=page.get_url(request),
            kind="page",
            kind_label=_("Page"),
            rank=page.search_rank,
            excerpt=page.search_description or excerpt(page.search_body, query.terms),
        )
        for page in pages[:limit]
    ]


def public_page_titles():
    return [(public_pages(Page.objects.filter(depth__gt=1)), "title")]


PAGE_SOURCE = SearchSource(
    key="page",
    label=_("Page"),
    plural_label=_("Pages"),
    search=search_pages,
    suggestion_fields=public_page_titles,
    order=10,
)
