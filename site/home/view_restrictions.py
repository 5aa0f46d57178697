"""The view restrictions of a public page read from the cache (issue 16).

Wagtail checks, before serving a page, the restrictions of the page and of its ancestors
(``Page.get_view_restrictions``: one query for the ancestors, one for the restrictions). Here
the pages to check (the page and its ancestors, aliases resolved to their source, as Wagtail
does) and whether any of them is restricted are kept by home.fragments under the tag of every
restriction (``wagtailcore.pageviewrestriction``, bumped by every save or delete of one, so a
page made private stops being served publicly at once) and the tags of those pages (a move or
an alias change). A page with no restriction gets an empty queryset without a query; a
restricted page gets Wagtail's own queryset, read fresh.
"""

from home import fragments
from home.cache import depends_on, page_tag

RESTRICTION_TAG = "wagtailcore.pageviewrestriction"


class KeptViewRestrictionsMixin:
    """Put it before ``Page`` among a page type's bases."""

    def get_view_restrictions(self):
        from wagtail.models import PageViewRestriction

        def build():
            page_ids = set()

            def add(page):
                if page.alias_of_id:
                    add(page.alias_of)
                else:
                    page_ids.add(page.pk)

            add(self)
            for page in self.get_ancestors().only("alias_of"):
                add(page)
            restricted = PageViewRestriction.objects.filter(page_id__in=page_ids).exists()
            depends_on(RESTRICTION_TAG, *(page_tag(pk) for pk in sorted(page_ids | {self.pk})))
            return {"page_ids": sorted(page_ids), "restricted": restricted}

        kept = fragments.cached(
            None, "view_restrictions", build, self.pk, self.path, self.alias_of_id
        )
        if not kept["restricted"]:
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(page_id__in=kept["page_ids"])
