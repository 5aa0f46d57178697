"""The public site's address and identity, for every absolute URL the site hands out (canonical
links, Open Graph, JSON-LD, sitemap, robots.txt).

Wagtail builds absolute URLs from its ``Site`` record (hostname, port). In production the
address comes from the environment (``PUBLIC_SITE_URL``, else ``WAGTAILADMIN_BASE_URL``, else
the first real name of ``ALLOWED_HOSTS``) and is written to the default Site after each
``migrate`` and by the demo loader, so that no ``localhost`` address is ever published.
"""

import json
import os
from urllib.parse import urlsplit

from django.conf import settings
from django.templatetags.static import static
from wagtail.models import Site

LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1", "0.0.0.0", "testserver"}
LOGO_STATIC_PATH = "img/logo-512.png"


def configured_public_url():
    """The public site's base URL given by the environment (``https://nom.fr``), or ``""``."""
    explicit = getattr(settings, "PUBLIC_SITE_URL", "") or os.environ.get(
        "WAGTAILADMIN_BASE_URL", ""
    )
    if explicit:
        return explicit.rstrip("/")
    for host in settings.ALLOWED_HOSTS:
        name = host.lstrip(".")
        if name and "*" not in name and name not in LOCAL_HOSTS:
            return f"{'http' if settings.DEBUG else 'https'}://{name}"
    return ""


def apply_public_url(base_url=None):
    """Write the configured host and port to the default Wagtail Site; return the site, or None
    when nothing is configured or there is no default site yet."""
    base_url = configured_public_url() if base_url is None else base_url
    if not base_url:
        return None
    parts = urlsplit(base_url)
    if not parts.hostname:
        return None
    port = parts.port or (443 if parts.scheme == "https" else 80)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return None
    if (site.hostname, site.port) != (parts.hostname, port):
        site.hostname, site.port = parts.hostname, port
        site.save(update_fields=["hostname", "port"])
    return site


def apply_public_url_after_migrate(sender, **kwargs):
    """``post_migrate`` handler (connected once, for the ``home`` app)."""
    apply_public_url()


def site_for_request(request):
    site = Site.find_for_request(request) if request is not None else None
    return site or Site.objects.filter(is_default_site=True).first()


def absolute(root_url, url):
    """``url`` made absolute on ``root_url`` unless it already is (a CDN's static URL)."""
    if not url or "://" in url or url.startswith("//"):
        return url
    return f"{root_url}{url if url.startswith('/') else '/' + url}"


def organization_jsonld(root_url, site_settings):
    """schema.org Organization describing the body that publishes the site."""
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": site_settings.organisation_name,
        "url": f"{root_url}/",
        "logo": absolute(root_url, static(LOGO_STATIC_PATH)),
    }
    if site_settings.contact_email:
        data["email"] = site_settings.contact_email
    if site_settings.contact_phone:
        data["telephone"] = site_settings.contact_phone
    if site_settings.address:
        data["address"] = " ".join(site_settings.address.split())
    return script_safe_json(data)


def script_safe_json(data):
    """JSON that cannot close its ``<script>`` element early."""
    return (
        json.dumps(data, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )
