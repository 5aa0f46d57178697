"""The XML sitemap: the public pages (home.visibility) and the records other apps serve as
pages (works, artists, venues…), every address absolute on the Wagtail Site's host.

An app registers its record sitemaps from its ``AppConfig.ready`` with :func:`register`; ``home``
never imports the domain apps.
"""

from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap as DjangoSitemap
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap

from home.visibility import public_pages

_record_sitemaps = {}


class PublicSitemap(Sitemap):
    def items(self):
        """Wagtail lists live pages outside restricted sections; a live page under a draft or
        restricted ancestor is left out too (and the restrictions cost no query of their own)."""
        pages = self.get_wagtail_site().root_page.get_descendants(inclusive=True)
        return public_pages(pages).order_by("path").defer_streamfields().specific()


class RecordSitemap(Sitemap):
    """Records served under a page: ``location(item)`` returns the path from the site's root
    (``/un-mois-une-oeuvre/oeuvres/…/``); the protocol and host are the Wagtail Site's, never
    the request's (a proxy may hand the server ``localhost``)."""

    def lastmod(self, item):
        return None

    def get_urls(self, page=1, site=None, protocol=None):
        root = urlsplit(self.get_wagtail_site().root_url)
        return self._urls(page, root.scheme, root.netloc)

    def _urls(self, page, protocol, domain):
        return DjangoSitemap._urls(self, page, protocol, domain)


def register(name, sitemap_class):
    """Add a :class:`RecordSitemap` subclass to the sitemap under ``name``."""
    _record_sitemaps[name] = sitemap_class


def sitemaps():
    """Every section of the sitemap, pages first (for ``wagtail.contrib.sitemaps.views``)."""
    return {"pages": PublicSitemap, **_record_sitemaps}
