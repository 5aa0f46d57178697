"""Helpers of the journeys that only click (issue 13): log in on the login page (the one
address typed), then reach everything through the sidebar and the pages' own links, counting
each click, choice in a list and field filled."""

import re

PASSWORD = "mot-de-passe-test"


class Clicks:
    """Counts what a person does: clicks, choices in a list, fields filled (one each)."""

    def __init__(self):
        self.count = 0

    def click(self, locator):
        locator.click()
        self.count += 1

    def select(self, locator, **option):
        locator.select_option(**option)
        self.count += 1

    def fill(self, locator, value):
        locator.fill(value)
        self.count += 1

    def fill_date(self, locator, value):
        """A date field of Wagtail's picker, typed instead of clicked in its calendar, then
        Enter: the calendar closes and the next field gets the focus."""
        self.fill(locator, value)
        locator.press("Enter")

    def check(self, locator):
        locator.check()
        self.count += 1


def no_open_calendar(page):
    """Close the date pickers' calendars left open by typed dates (the picker's own close
    event, as a click elsewhere would send): they would cover the form's footer."""
    page.evaluate("() => window.jQuery('.xdsoft_datetimepicker').trigger('close.xdsoft')")


def login(page, base_url, username):
    """The login page is the only admin address a journey types: it ends on the dashboard."""
    from playwright.sync_api import expect

    page.goto(base_url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def sidebar(page):
    return page.locator("[data-wagtail-sidebar], aside").first


def open_menu(page, clicks, group, item):
    """The sidebar: a group, then one of its items."""
    menu = sidebar(page)
    clicks.click(menu.get_by_role("button", name=group))
    clicks.click(menu.get_by_role("link", name=item))


def open_dashboard(page, clicks):
    """Back to the dashboard through the sidebar's « Tableau de bord » link."""
    from playwright.sync_api import expect

    clicks.click(sidebar(page).get_by_role("link", name="Tableau de bord").first)
    expect(page).to_have_url(re.compile(r"/admin/$"))


def report(name, clicks):
    print(f"\nCLICKS {name}: {clicks.count}")
