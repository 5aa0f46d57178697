"""The XML sitemap: Wagtail's, listing only pages the public may reach (home.visibility)."""

from wagtail.contrib.sitemaps.sitemap_generator import Sitemap

from home.visibility import public_pages


class PublicSitemap(Sitemap):
    def items(self):
        """Wagtail lists live pages outside restricted sections; a live page under a draft or
        restricted ancestor is left out too (and the restrictions cost no query of their own)."""
        pages = self.get_wagtail_site().root_page.get_descendants(inclusive=True)
        return public_pages(pages).order_by("path").defer_streamfields().specific()
