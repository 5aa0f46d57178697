import pytest
from wagtail.models import Page

from home.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db


def test_the_home_page_is_french_and_accessible(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert 'class="skip-link" href="#contenu"' in html
    assert 'id="contenu"' in html
    assert 'aria-label="Navigation principale"' in html
    assert "Institut des Hauts-de-Seine" in html


def test_editors_can_change_the_home_page_body(client):
    home = HomePage.objects.get()
    home.body = [("paragraph", "<p>Bienvenue aux Alto-séquanais</p>")]
    home.save_revision().publish()
    assert "Bienvenue aux Alto-séquanais" in client.get("/").content.decode()


def test_menu_pages_appear_in_the_header(client):
    home = HomePage.objects.get()
    home.add_child(
        instance=StandardPage(title="Accessibilité", slug="accessibilite", show_in_menus=True)
    )
    html = client.get("/").content.decode()
    assert 'href="/accessibilite/"' in html


def test_search_finds_pages_and_says_so_in_french(client):
    home = HomePage.objects.get()
    home.add_child(
        instance=StandardPage(
            title="Mentions légales", slug="mentions-legales", introduction="Éditeur du site"
        )
    )
    response = client.get("/recherche/", {"q": "mentions"})
    html = response.content.decode()
    assert "Mentions légales" in html
    assert "résultat" in html
    empty = client.get("/recherche/", {"q": "zzzzintrouvable"}).content.decode()
    assert "Aucun résultat pour « zzzzintrouvable »" in empty


def test_unknown_pages_get_a_french_404(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_the_sitemap_lists_live_pages(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert b"<urlset" in response.content


def test_healthz_reports_database_and_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "broker": "ok"}}


def test_the_wagtail_admin_speaks_french(client, programme_staff):
    client.force_login(programme_staff)
    html = client.get("/admin/").content.decode()
    assert 'lang="fr"' in html
    assert "Tableau de bord" in html or "Pages" in html
    assert Page.objects.filter(depth=2).count() == 1
