"""The works, artists and venues in the XML sitemap (home.sitemaps): their pages are routes of
the « Un mois, une œuvre » page, not pages of the tree."""

from home.sitemaps import RecordSitemap
from home.sitemaps import register as register_sitemap
from home.visibility import public_pages


def programme_page():
    """The public « Un mois, une œuvre » page that serves the works' pages, or None."""
    from artworks.models import ArtworkProgrammePage

    return public_pages(ArtworkProgrammePage.objects.all()).order_by("path").first()


class _UnderProgrammePage(RecordSitemap):
    route = ""
    key = "slug"

    def items(self):
        page = programme_page()
        parts = page.get_url_parts(self.request) if page is not None else None
        if parts is None:
            return []
        self.base_path = parts[2]
        return self.queryset().only(self.key).order_by(self.key)

    def location(self, item):
        return f"{self.base_path}{self.route}/{getattr(item, self.key)}/"


class ArtworkSitemap(_UnderProgrammePage):
    route = "oeuvres"

    def queryset(self):
        from artworks.models import Artwork

        return Artwork.objects.all()


class ArtistSitemap(_UnderProgrammePage):
    route = "artistes"

    def queryset(self):
        from artworks.models import Artist

        return Artist.objects.all()


class VenueSitemap(_UnderProgrammePage):
    route = "lieux"
    key = "code"

    def queryset(self):
        from places.models import Venue

        return Venue.objects.active()


def register():
    register_sitemap("oeuvres", ArtworkSitemap)
    register_sitemap("artistes", ArtistSitemap)
    register_sitemap("lieux", VenueSitemap)
