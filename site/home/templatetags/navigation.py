from django import template
from wagtail.models import Page, Site

register = template.Library()


@register.inclusion_tag("includes/main_nav.html", takes_context=True)
def main_nav(context):
    """The header menu: the live pages under the site root marked « Afficher dans les menus »."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    root = site.root_page if site else None
    items = []
    if root is not None:
        items = list(
            Page.objects.live().public().in_menu().child_of(root).only("title", "url_path")
        )
    return {
        "request": request,
        "root": root,
        "items": items,
        "current": context.get("page"),
    }
