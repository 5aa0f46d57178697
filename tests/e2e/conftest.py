"""Browser journeys in Debian's Chromium driven by Playwright; skipped, with a message, when
Chromium or Playwright is missing. Screenshots go to test-output/e2e/<run>/<test>/."""

import os
import re
import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import restore_migrated_data

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
RUN_ID = os.environ.get("E2E_RUN_ID") or time.strftime("%Y%m%d-%H%M%S")
OUTPUT = ROOT / "test-output" / "e2e" / RUN_ID
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    reason = None
    if not Path(CHROMIUM).exists():
        reason = f"navigateur absent ({CHROMIUM}) : installez le paquet Debian « chromium »"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "Playwright n'est pas installé"
    if reason:
        print(f"\n!! Tests navigateur ignorés : {reason}")
        for item in items:
            if "e2e" in item.keywords:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(autouse=True)
def _restore_migrated_data(_migrated_data, transactional_db):
    """live_server tests flush the database when they end; bring the migrated data back."""
    from django.db import connection
    from wagtail.models import Page

    # Known to this connection object, the data also makes the closing flush skip post_migrate.
    connection._test_serialized_contents = _migrated_data
    if not Page.objects.exists():
        restore_migrated_data(_migrated_data)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    # The ORM calls made while Playwright ran used connections of their own: close them so
    # that PostgreSQL can drop the test database at the end of the session.
    from django.db import connections

    connections.close_all()


@pytest.fixture
def page(browser, request):
    """A fresh browser context; console errors (CSP violations included) are collected."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.console_errors = []
    page.on(
        "console",
        lambda message: (
            page.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def shot(page, request):
    """shot("01-accueil") saves a full-page screenshot for this test and returns its path."""
    folder = OUTPUT / re.sub(r"[^\w.-]+", "_", request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)

    def take(name):
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    take.folder = folder
    return take


def axe_violations(page):
    """WCAG 2.1 A and AA violations that axe-core finds on the current page."""
    if not AXE_JS.exists():
        pytest.skip("axe-core absent : lancez « npm ci » (make test le fait quand npm existe)")
    # page.evaluate goes through the DevTools protocol, so the page's CSP does not block axe.
    page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_TAGS,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


def assert_accessible(page):
    violations = axe_violations(page)
    assert violations == [], "\n".join(violations)
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []
