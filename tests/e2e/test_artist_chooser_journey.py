"""Browser journey: staff give a work two artists through « Ajouter : artiste »: the chooser
opens, is searched by name, two artists are ticked at once, and the work is saved with them."""

import re

import pytest

from home.roles import PROGRAMME_STAFF
from tests.artworks.factories import ArtistFactory, ArtworkFactory
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_staff_pick_two_artists_in_the_searchable_chooser(live_server, browser):
    from playwright.sync_api import expect

    from artworks.models import Artwork

    UserFactory(username="equipe.collection", groups=[PROGRAMME_STAFF])
    ArtistFactory(name="Véronique Ellena", slug="veronique-ellena")
    ArtistFactory(name="Ellen Gallagher", slug="ellen-gallagher")
    ArtistFactory(name="Jean Dupont", slug="jean-dupont")
    work = ArtworkFactory(title="La table")

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "equipe.collection")
    page.fill("#id_password", "mot-de-passe-test")
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.goto(live_server.url + f"/admin/snippets/artworks/artwork/edit/{work.pk}/")
    page.get_by_role("button", name="Ajouter : artiste").click()
    modal = page.locator(".modal-content")
    expect(modal).to_contain_text("Jean Dupont")
    modal.locator("input[name=q]").fill("Ellen")
    expect(modal).not_to_contain_text("Jean Dupont")
    expect(modal).to_contain_text("Ellen Gallagher")
    modal.get_by_role("checkbox").nth(0).check()
    modal.get_by_role("checkbox").nth(1).check()
    modal.get_by_role("button", name=re.compile("Confirmer|Confirm", re.I)).click()
    form = page.locator("form[data-edit-form]")
    expect(form.get_by_text("Ellen Gallagher").first).to_be_visible()
    expect(form.get_by_text("Véronique Ellena").first).to_be_visible()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".messages")).to_contain_text("modifications enregistrées")
    names = sorted(a.name for a in Artwork.objects.get(pk=work.pk).artists.all())
    assert names == ["Ellen Gallagher", "Véronique Ellena"]
    context.close()
