"""Admin menu wiring of the site shell."""

from wagtail import hooks

# Wagtail's help menu links to its English guide and release notes: not for our staff.
ENGLISH_HELP_ITEMS = {"editor-guide"}


@hooks.register("construct_help_menu")
def keep_french_help_only(request, menu_items):
    menu_items[:] = [
        item
        for item in menu_items
        if item.name not in ENGLISH_HELP_ITEMS and not item.name.startswith("whats-new")
    ]


@hooks.register("construct_homepage_panels")
def remove_english_release_banner(request, panels):
    """The dashboard's « What's new in Wagtail » banner links to the same English guide."""
    panels[:] = [panel for panel in panels if panel.name != "whats_new_in_wagtail_version"]


@hooks.register("construct_homepage_panels")
def add_staff_work_queues(request, panels):
    """Programme staff's and moderators' queues of Wagtail's own records (home.dashboard)."""
    from home.dashboard import (
        EmptyReviewQueuePanel,
        ImportsPanel,
        PagesInProgressPanel,
        is_moderator,
        is_programme_staff,
    )

    if is_programme_staff(request.user):
        panels.extend([PagesInProgressPanel(request.user), ImportsPanel(request.user)])
    if is_moderator(request.user):
        panels.append(EmptyReviewQueuePanel(request.user))


@hooks.register("register_admin_viewset", order=1)  # after Wagtail's own (order -1) replaces it
def register_decision_page_viewset():
    """Every page type's views, with a French message after a moderation decision."""
    from home.moderation import decision_page_viewset

    return decision_page_viewset


@hooks.register("register_public_search_source")
def public_pages_search_source():
    """The public search (home.search) finds the pages the public may reach."""
    from home.page_search import PAGE_SOURCE

    return PAGE_SOURCE
