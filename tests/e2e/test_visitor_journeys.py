"""A visitor's journeys through the public site (issue 14), at a phone's width (390 px) and a
desktop's (1280 px), on the factory site of tests/home/site_data.py. Only the home page's
address is typed: everything else is reached by clicking.

(a) home → a work on show now → its venue: directions and map (tiles refused, as on a network
    that blocks them) → the venue's next dates → « Ajouter à mon agenda » downloads a calendar
    file that calendars can read → the directory of venues → the venue's dates on the agenda;
(b) the home page's search box: « Ellena » → the artist → one of her works → where to see it.

axe checks the venue page, the works index and the venue directory once (at 390 px)."""

import re
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.e2e.conftest import assert_accessible
from tests.home.site_data import public_site

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WIDTHS = (390, 1280)
NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


def fits(page):
    assert page.evaluate(NO_SIDEWAYS_SCROLL), page.url


def test_visitor_journeys_at_phone_and_desktop_widths(live_server, page, shot):
    from playwright.sync_api import expect

    site = public_site()
    objects = site["objects"]
    work, venue, event = objects["work"], objects["venue"], objects["event"]
    # The map's tiles come from another site: refused, the page must stay usable.
    page.route(re.compile(r"^https?://(?!localhost|127\.0\.0\.1)"), lambda route: route.abort())

    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        checking_axe = width == 390

        # --- (a) a work on show now, its venue and the venue's dates -------------------------
        page.goto(live_server.url + site["home"])
        shot(f"{width}-a1-accueil")
        works = page.locator("section.home-works")
        expect(works.get_by_role("heading", level=2)).to_be_visible()
        works.get_by_role("link", name=work.title).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(work.title)
        fits(page)
        shot(f"{width}-a2-oeuvre")

        if checking_axe:  # the works index, and back to the work through it
            page.get_by_role("link", name="← Toutes les œuvres").click()
            page.wait_for_url("**/oeuvres/")
            fits(page)
            shot(f"{width}-a2b-index-oeuvres")
            assert_accessible(page)
            page.locator("main").get_by_role("link", name=work.title).first.click()
            page.wait_for_url(f"**/oeuvres/{work.slug}/")

        page.locator(".current-venue").get_by_role("link", name=venue.name).click()
        page.wait_for_url(f"**/lieux/{venue.code}/")
        expect(page.get_by_role("heading", level=1)).to_have_text(venue.name)
        directions = page.get_by_role("link", name="Itinéraire")
        assert directions.get_attribute("href").startswith(
            "https://www.openstreetmap.org/directions?"
        )
        expect(page.locator(".leaflet-container")).to_be_visible()
        expect(page.locator(".leaflet-marker-icon")).to_have_count(1)
        fits(page)
        shot(f"{width}-a3-lieu")
        if checking_axe:
            assert_accessible(page)

        dates = page.locator("section.venue-dates")
        expect(dates.get_by_role("heading", name="Prochaines dates dans ce lieu")).to_be_visible()
        items = dates.locator(".venue-date")
        expect(items).to_have_count(2)  # the event, then the mediation session
        expect(items.nth(0).get_by_role("link", name=event.title, exact=True)).to_be_visible()
        expect(items.nth(1)).to_contain_text(f"Médiation autour de «\u00a0{work.title}\u00a0»")
        dates.scroll_into_view_if_needed()
        shot(f"{width}-a4-prochaines-dates")
        for index, title in (
            (0, event.title),
            (1, f"Médiation autour de «\u00a0{work.title}\u00a0»"),
        ):
            with page.expect_download() as download_info:
                items.nth(index).get_by_role(
                    "link", name=re.compile("Ajouter à mon agenda")
                ).click()
            download = download_info.value
            assert download.suggested_filename.endswith(".ics")
            calendar = Calendar.from_ical(Path(download.path()).read_bytes())
            (entry,) = calendar.walk("VEVENT")
            assert str(entry["SUMMARY"]) == title
            assert venue.name in str(entry["LOCATION"])
            assert entry["DTSTART"].params["TZID"] == "Europe/Paris"
            assert entry["DTEND"].dt > entry["DTSTART"].dt

        page.get_by_role("link", name="← Tous les lieux").click()
        page.wait_for_url("**/lieux/")
        expect(page.locator(".leaflet-container")).to_be_visible()
        fits(page)
        shot(f"{width}-a5-annuaire-des-lieux")
        if checking_axe:
            assert_accessible(page)
        page.locator(".venue-directory-list").get_by_role("link", name=venue.name).click()
        page.wait_for_url(f"**/lieux/{venue.code}/")
        page.get_by_role("link", name="Toutes les dates de ce lieu").click()
        page.wait_for_url(f"**/agenda/?lieu={venue.code}")
        expect(page.locator(".result-count")).to_contain_text("2 dates trouvées")
        expect(page.locator(".active-filter")).to_have_text(venue.name)
        fits(page)
        shot(f"{width}-a6-agenda-du-lieu")
        page.locator(".active-filter-list").get_by_role("link", name=re.compile("Retirer")).click()
        expect(page.locator(".active-filter")).to_have_count(0)
        assert "lieu=" not in page.url

        # --- (b) search « Ellena » → the artist → a work → where to see it -----------------
        page.locator("a.brand").click()  # the site's name leads home
        page.wait_for_url(live_server.url + "/")
        page.locator("#accueil-recherche").fill("Ellena")
        page.locator("form.home-search").get_by_role("button", name="Rechercher").click()
        page.wait_for_url(re.compile(r"/recherche/\?q=Ellena"))
        fits(page)
        shot(f"{width}-b1-recherche")
        results = page.locator(".search-results")
        results.get_by_role("link", name="Véronique Ellena").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Véronique Ellena")
        fits(page)
        shot(f"{width}-b2-artiste")
        page.locator("main").get_by_role("link", name=work.title).first.click()
        page.wait_for_url(f"**/oeuvres/{work.slug}/")
        shot(f"{width}-b3-oeuvre")
        page.locator(".current-venue").get_by_role("link", name=venue.name).click()
        page.wait_for_url(f"**/lieux/{venue.code}/")
        expect(page.get_by_role("heading", level=1)).to_have_text(venue.name)
        expect(page.get_by_role("link", name="Itinéraire")).to_be_visible()
        shot(f"{width}-b4-lieu")

    assert [e for e in page.console_errors if "Content Security Policy" in e] == []
    print(f"\nCaptures : {shot.folder}")
