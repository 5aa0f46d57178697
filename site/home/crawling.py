"""What search engines read: ``robots.txt`` and the XML sitemap, both on the Wagtail Site's host."""

from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import reverse
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from home import fragments
from home.public_site import site_for_request
from home.sitemaps import sitemaps

FAVICON_STATIC_PATH = "img/favicon-32.png"


def sitemap(request):
    """Pages and the records served as pages (home.sitemaps), kept under the content stamp
    (home.fragments) with its headers."""
    page = request.GET.get("p", "1")

    def build():
        response = wagtail_sitemap(request, sitemaps=sitemaps())
        if response.status_code != 200:
            return None
        response.render()
        return response.content, list(response.headers.items())

    cached = (
        fragments.cached(request, "sitemap", build, request.scheme, page, per_minute=True)
        if page.isdigit()
        else None
    )
    if cached is None:
        return wagtail_sitemap(request, sitemaps=sitemaps())
    content, headers = cached
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    return response


def robots_txt(request):
    """Crawlers may read the public site, not the staff's space."""
    site = site_for_request(request)
    root_url = site.root_url if site else request.build_absolute_uri("/").rstrip("/")
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /documents/",
        "",
        f"Sitemap: {root_url}{reverse('sitemap')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def favicon(request):
    """Browsers and crawlers that ask ``/favicon.ico`` without reading the page's icon links."""
    return HttpResponsePermanentRedirect(static(FAVICON_STATIC_PATH))
