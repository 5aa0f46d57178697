import copy

from django import template
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.images.models import AbstractImage
from wagtail.models import Page, Site

from home import fragments
from home.blocks import image_is_public
from home.cache import depends_on, model_tag
from home.legal import LEGAL_PAGE_MODELS, AccessibilityStatementPage, ComplianceStatus
from home.models import SiteSettings
from home.public_site import LOGO_STATIC_PATH, absolute, organization_jsonld, site_for_request
from home.visibility import public_pages

register = template.Library()

SHARING_RENDITION = "fill-1200x630"
# Context names under which routable pages hand their record to the template.
SERVED_RECORDS = ("artwork", "artist", "venue")


@register.inclusion_tag("includes/main_nav.html", takes_context=True)
def main_nav(context):
    """The header menu: the live pages under the site root marked « Afficher dans les menus »;
    the legal pages are in the footer, never here."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    root = site.root_page if site else None
    items = []

    def build():
        depends_on("menu")  # home.cache: bumped by a change of any page under the site root
        return list(
            Page.objects.live()
            .public()
            .in_menu()
            .child_of(root)
            .not_type(*LEGAL_PAGE_MODELS)
            .only("title", "url_path")
        )

    if root is not None:
        items = fragments.cached(request, "main_nav", build, root.pk)
    else:
        depends_on("menu")
    return {
        "request": request,
        "root": root,
        "items": items,
        "current": context.get("page"),
    }


@register.inclusion_tag("includes/legal_links.html", takes_context=True)
def legal_links(context):
    """The footer's legal links (mentions légales, données personnelles, accessibilité) and the
    accessibility status the law requires on every page: two queries, kept in the cache while
    the content stamp stays the same (home.fragments)."""
    request = context.get("request")
    site = site_for_request(request)
    return fragments.cached(
        request, "legal_links", lambda: _legal_links(request), site.pk if site else ""
    )


def _legal_links(request):
    # home.cache: the legal pages (any change of one bumps its model's tag), the menu.
    depends_on("menu", *map(model_tag, LEGAL_PAGE_MODELS))
    pages = list(
        public_pages(Page.objects.type(*LEGAL_PAGE_MODELS)).only(
            "title", "url_path", "content_type"
        )
    )
    order = {model: model.footer_order for model in LEGAL_PAGE_MODELS}
    pages.sort(key=lambda page: order.get(page.specific_class, 0))
    statement = next((p for p in pages if p.specific_class is AccessibilityStatementPage), None)
    status = ""
    if statement is not None:
        status = (
            AccessibilityStatementPage.objects.filter(pk=statement.pk)
            .values_list("compliance_status", flat=True)
            .first()
        )
    links = [
        {
            "title": page.title,
            "url": page.get_url(request),
            "is_statement": page is statement,
        }
        for page in pages
    ]
    return {
        "links": links,
        "accessibility_status": ComplianceStatus(status).label if status else "",
        "has_statement": statement is not None,
    }


@register.inclusion_tag("includes/sharing_meta.html", takes_context=True)
def sharing_meta(context):
    """Canonical link and Open Graph, every address absolute on the
    Wagtail Site's host (home.public_site). A page may set ``og_title``, ``og_description``,
    ``og_image`` (an image) and ``og_type`` in its context."""
    request = context.get("request")
    page = context.get("page")
    site = site_for_request(request)
    root_url = site.root_url if site else ""
    site_settings = SiteSettings.load(request_or_site=request)
    record = _served_record(context)
    title = (
        context.get("og_title")
        or _record_title(record)
        or ((getattr(page, "seo_title", "") or getattr(page, "title", "")) if page else "")
        or site_settings.organisation_name
    )
    description = context.get("og_description") or _page_description(record or page)
    image = context.get("og_image") or _record_image(record) or _page_image(page)
    if image is not None and image_is_public(image):
        image_url = absolute(root_url, _sharing_rendition(image).url)
    else:
        image_url = absolute(root_url, static(LOGO_STATIC_PATH))
    path = request.path if request is not None else (page.url if page else "/")
    return {
        "canonical_url": f"{root_url}{path}",
        "og_title": title,
        "og_description": description,
        "og_image": image_url,
        "og_type": context.get("og_type") or "website",
        "site_name": site_settings.organisation_name,
    }


def _sharing_rendition(image):
    """The image's sharing rendition. An image whose renditions were prefetched for other sizes
    (a card, a work's page) would take this one for missing and draw it again at each request
    (Wagtail trusts a prefetch): it is looked up on a copy without them."""
    if image._get_prefetched_renditions() is not None:
        image = copy.copy(image)
        image._prefetched_objects_cache = {}
        image.__dict__.pop("prefetched_renditions", None)
    return image.get_rendition(SHARING_RENDITION)


@register.simple_tag(takes_context=True)
def organization_jsonld_script(context):
    """The schema.org Organization that publishes the site (end of the body: a page's own
    JSON-LD, e.g. an event's, stays the first of the page)."""
    request = context.get("request")
    site = site_for_request(request)
    data = organization_jsonld(
        site.root_url if site else "", SiteSettings.load(request_or_site=request)
    )
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(data))


def _served_record(context):
    """The work, artist or venue a routable page is showing (its title and image are the ones
    to share, not the programme page's)."""
    for name in SERVED_RECORDS:
        record = context.get(name)
        if record is not None and not isinstance(record, (str, list, dict)):
            return record
    return None


def _record_title(record):
    if record is None:
        return ""
    return getattr(record, "title", "") or getattr(record, "name", "") or str(record)


def _record_image(record):
    for attr in ("public_image", "portrait"):
        image = getattr(record, attr, None)
        if isinstance(image, AbstractImage):
            return image
    return None


def _page_image(page):
    image = getattr(page, "image", None) if page is not None else None
    return image if isinstance(image, AbstractImage) else None


def _page_description(page):
    if page is None:
        return ""
    for attr in ("search_description", "summary", "introduction", "description", "biography"):
        value = getattr(page, attr, "")
        if value:
            return value.strip()[:300]
    return ""
