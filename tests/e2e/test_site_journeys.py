"""Public journey, keyboard walk and the editor → moderator publication, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from home.models import HomePage, StandardPage
from home.roles import MODERATORS, PROGRAMME_STAFF
from tests.e2e.conftest import assert_accessible
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def publish_standard_page(title, slug, show_in_menus=True):
    home = HomePage.objects.get()
    page = home.add_child(
        instance=StandardPage(
            title=title,
            slug=slug,
            show_in_menus=show_in_menus,
            introduction="Une page publiée pour le parcours du navigateur.",
        )
    )
    page.save_revision().publish()
    return page


def test_public_journey_home_menu_search_and_404_are_accessible(live_server, page, shot):
    publish_standard_page("Accessibilité", "accessibilite")
    page.goto(live_server.url + "/")
    expect(page.locator("h1")).to_have_text("Institut des Hauts-de-Seine")
    shot("01-accueil")
    assert_accessible(page)

    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Accessibilité"
    ).click()
    expect(page.locator("h1")).to_have_text("Accessibilité")
    shot("02-page-de-contenu")
    assert_accessible(page)

    page.get_by_label("Rechercher sur le site").fill("accessibilité")
    page.get_by_role("button", name="Rechercher").first.click()
    expect(page.get_by_role("status")).to_contain_text("résultat")
    shot("03-recherche")
    assert_accessible(page)

    page.goto(live_server.url + "/recherche/?q=introuvablezzz")
    expect(page.get_by_role("status")).to_contain_text("Aucun résultat")
    assert_accessible(page)

    page.goto(live_server.url + "/nulle-part/")
    expect(page.locator("h1")).to_have_text("Page introuvable")
    shot("04-page-introuvable")
    assert_accessible(page)


def test_keyboard_only_walk_reaches_every_control_with_a_visible_focus(live_server, page, shot):
    publish_standard_page("Mentions légales", "mentions-legales")
    page.goto(live_server.url + "/")
    controls = page.evaluate(
        """() => [...document.querySelectorAll('a[href], button, input, select, textarea')]
              .filter(el => !el.disabled).length"""
    )
    page.keyboard.press("Tab")
    first = page.evaluate("() => document.activeElement.textContent.trim()")
    assert first == "Aller au contenu"
    expect(page.locator(".skip-link")).to_be_in_viewport()
    shot("01-lien-d-evitement")

    reached = set()
    for _ in range(controls + 5):
        info = page.evaluate(
            """() => { const el = document.activeElement; const s = getComputedStyle(el);
                 return {tag: el.tagName, key: el.outerHTML.slice(0, 120),
                         visible: s.outlineStyle !== 'none' || s.boxShadow !== 'none'}; }"""
        )
        if info["tag"] == "BODY":
            break
        assert info["visible"], f"focus invisible sur {info['key']}"
        reached.add(info["key"])
        page.keyboard.press("Tab")
    assert len(reached) >= controls

    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "contenu"


def login(page, base_url, username):
    page.goto(base_url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "mot-de-passe-test")
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def test_an_editor_submits_a_page_and_a_moderator_publishes_it(live_server, browser, shot):
    UserFactory(username="redactrice", groups=[PROGRAMME_STAFF])
    UserFactory(username="moderateur", groups=[MODERATORS])
    home = HomePage.objects.get()

    editor_context = browser.new_context(viewport={"width": 1280, "height": 900})
    editor = editor_context.new_page()
    login(editor, live_server.url, "redactrice")
    editor.goto(f"{live_server.url}/admin/pages/add/home/standardpage/{home.pk}/")
    editor.fill("#id_title", "Forum Giga Séniors 2026")
    editor.locator("#id_title").blur()  # Wagtail fills the slug from the title on blur
    # Wait for it: submitting before the slug is filled is refused as a validation error.
    expect(editor.locator("#id_slug")).to_have_value(re.compile(r"^forum-giga-s[eé]niors-2026$"))
    editor.locator("footer [data-w-dropdown-target='toggle']").click()
    editor.locator("button[name='action-submit']").click()
    expect(editor.locator(".messages")).to_contain_text("soumise")
    editor.screenshot(path=str(shot.folder / "01-soumise.png"), full_page=True)
    submitted = StandardPage.objects.get(title="Forum Giga Séniors 2026")
    assert not submitted.live
    editor_context.close()

    moderator_context = browser.new_context(viewport={"width": 1280, "height": 900})
    moderator = moderator_context.new_page()
    login(moderator, live_server.url, "moderateur")
    moderator.goto(f"{live_server.url}/admin/pages/{submitted.pk}/edit/")
    moderator.locator("footer [data-w-dropdown-target='toggle']").click()
    moderator.locator(
        "button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])"
    ).click()
    expect(moderator.locator(".messages")).to_contain_text("approuvée et publiée")
    moderator.screenshot(path=str(shot.folder / "02-publiee.png"), full_page=True)
    moderator_context.close()

    submitted.refresh_from_db()
    assert submitted.live
