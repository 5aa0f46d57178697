"""The public site answers the visitor: a home page that shows what is on, the legal pages of a
French public body, and addresses others can use (canonical, Open Graph, JSON-LD, robots.txt,
sitemap) on the public host."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Site

from home.models import AccessibilityStatementPage, HomePage
from home.public_site import apply_public_url, configured_public_url
from tests.artworks.factories import ArtworkFactory, ImageFactory, PlacementFactory
from tests.factories import VenueFactory
from tests.home.site_data import legal_pages
from tests.programmes import factories as f

pytestmark = pytest.mark.django_db

PUBLIC_HOST = "culture.hauts-de-seine.fr"


def html(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def public_host(db):
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = PUBLIC_HOST, 443
    site.save()
    return site


def section(content, heading_id):
    """The HTML of the home page section titled by ``heading_id``."""
    match = re.search(rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', content, re.S)
    assert match, f"section {heading_id} absente"
    return match.group(0)


def test_the_home_page_shows_the_next_dates_with_their_commune(client, site_data):
    dates = section(html(client.get("/")), "prochaines-dates")
    assert f'href="{site_data["event"]}"' in dates
    assert "Atelier prévention des chutes" in dates
    assert "Nanterre" in dates
    assert 'href="/agenda/"' in dates


def test_the_home_page_shows_the_works_on_show_with_their_image(client, site_data):
    works = section(html(client.get("/")), "oeuvres-exposees")
    assert f'href="{site_data["work"]}"' in works
    assert "<img" in works and "Photo : Paul Bertin" in works


def test_a_work_whose_rights_forbid_online_display_shows_no_image_on_the_home_page(
    client, site_data
):
    work = site_data["objects"]["work"]
    work.public_display_allowed = False
    work.save()
    works = section(html(client.get("/")), "oeuvres-exposees")
    assert work.title in works and "<img" not in works


def test_the_home_page_links_every_programme_as_an_image_card(client, site_data):
    programmes = section(html(client.get("/")), "nos-programmes")
    assert f'<a href="{site_data["programme"]}">Giga Séniors</a>' in programmes
    assert f'<a href="{site_data["umuo"]}">Un mois, une œuvre</a>' in programmes
    assert "Résumé de Giga Séniors." in programmes
    assert "<img" in programmes


def test_near_me_sends_the_chosen_commune_to_the_agenda(client, site_data):
    content = html(client.get("/"))
    form = re.search(
        r'<form class="home-near" action="([^"]+)" method="get">(.*?)</form>', content, re.S
    )
    assert form.group(1) == site_data["agenda"]
    assert 'name="commune"' in form.group(2) and 'value="92050">Nanterre<' in form.group(2)
    agenda = html(client.get(site_data["agenda"], {"commune": "92050"}))
    assert "Atelier prévention des chutes" in agenda


def test_the_home_page_has_a_search_box(client, site_data):
    content = html(client.get("/"))
    assert re.search(r'<form class="home-search"[^>]*action="/recherche/"', content)
    assert 'name="q"' in content


def test_editors_feature_a_page_on_the_home_page(client, site_data):
    home = HomePage.objects.get()
    programme = site_data["programme_page"]
    home.featured = [("page", {"page": programme, "image": None, "text": "À ne pas manquer."})]
    home.save_revision().publish()
    featured = section(html(client.get("/")), "a-la-une")
    assert f'href="{site_data["programme"]}"' in featured and "À ne pas manquer." in featured


def test_a_featured_page_unpublished_since_leaves_the_home_page(client, site_data):
    home = HomePage.objects.get()
    programme = site_data["programme_page"]
    home.featured = [("page", {"page": programme, "image": None, "text": "À ne pas manquer."})]
    home.save_revision().publish()
    programme.unpublish()
    assert "À ne pas manquer." not in html(client.get("/"))


def count_queries(client, url):
    client.get(url)  # renditions are made on the first visit
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_home_page_costs_the_same_queries_whatever_the_amount_of_data(client, site_data):
    small = count_queries(client, "/")
    today = timezone.localdate()
    programme = site_data["programme_page"]
    venues = [VenueFactory(name=f"Lieu {n}", code=f"lieu-{n}") for n in range(6)]
    for n in range(12):
        f.event(
            programme,
            f"Atelier {n}",
            slug=f"atelier-{n}",
            start=timezone.now() + datetime.timedelta(days=1 + n),
            venue=venues[n % 6],
        )
        PlacementFactory(
            artwork=ArtworkFactory(image=ImageFactory()),
            venue=venues[n % 6],
            start_date=today - datetime.timedelta(days=n),
            end_date=today + datetime.timedelta(days=30),
        )
    for n in range(5):
        f.programme(f"Programme {n}", image=ImageFactory())
    assert count_queries(client, "/") == small


# --- legal pages ---------------------------------------------------------------------------


@pytest.fixture
def legal(db):
    return legal_pages()


def test_the_accessibility_statement_follows_the_rgaa_model(client, legal):
    content = html(client.get(legal["accessibility"].url))
    for heading in (
        "État de conformité",
        "Contenus non accessibles",
        "Dérogations pour charge disproportionnée",
        "Établissement de cette déclaration d'accessibilité",
        "Retour d'information et contact",
        "Voies de recours",
    ):
        assert f">{heading}</h" in content, heading
    assert "<strong>partiellement conforme</strong>" in content
    assert "<strong>78,5 %</strong>" in content
    assert "Défenseur des droits" in content and "Libre réponse 71120" in content
    assert "accessibilite@example.fr" in content


def test_the_legal_notice_names_publisher_director_and_host(client, legal):
    content = html(client.get(legal["notice"].url))
    assert ">Éditeur</h2>" in content and "Département des Hauts-de-Seine" in content
    assert ">Directeur ou directrice de la publication</h2>" in content
    assert "Le Président du Conseil départemental" in content
    assert ">Hébergeur</h2>" in content and "Hébergeur Exemple SAS" in content


def test_the_personal_data_page_lists_each_processing_and_the_rights(client, legal):
    content = html(client.get(legal["privacy"].url))
    assert ">Responsable de traitement</h2>" in content
    assert "<dt>Finalités</dt><dd>Publier les programmes.</dd>" in content
    assert "Mission d&#x27;intérêt public (RGPD, art. 6-1-e)" in content
    assert "Durée des fonctions, puis 6 mois" in content
    assert "droit d'accès, de rectification, d'effacement" in content
    assert "dpo@hauts-de-seine.fr" in content
    assert "CNIL" in content and "https://www.cnil.fr/fr/plaintes" in content


def test_every_page_says_the_accessibility_status_in_its_footer(client, site_data):
    legal = site_data["legal_pages"]
    for url in ("/", site_data["programme"], site_data["work"], legal["notice"].url):
        footer = html(client.get(url)).split('<footer class="site-footer"', 1)[1]
        assert (
            f'<a href="{legal["accessibility"].url}">Accessibilité : partiellement conforme</a>'
            in footer
        )
        assert f'href="{legal["notice"].url}"' in footer
        assert f'href="{legal["privacy"].url}"' in footer


def test_without_a_statement_the_footer_says_not_compliant(client):
    footer = html(client.get("/")).split('<footer class="site-footer"', 1)[1]
    assert "Accessibilité : non conforme" in footer


def test_legal_pages_are_never_in_the_main_menu(client, site_data):
    legal = site_data["legal_pages"]
    content = html(client.get("/"))
    menu = re.search(r'<nav class="main-nav".*?</nav>', content, re.S).group(0)
    assert "Nos programmes" in menu
    for page in legal.values():
        assert page.url not in menu


@pytest.mark.parametrize(
    "rate, status",
    [(Decimal("30"), "partial"), (Decimal("80"), "full"), (Decimal("100"), "partial")],
)
def test_a_status_that_contradicts_the_rate_is_refused(legal, rate, status):
    statement = AccessibilityStatementPage.objects.get()
    statement.compliance_rate, statement.compliance_status = rate, status
    with pytest.raises(ValidationError) as error:
        statement.full_clean()
    assert "compliance_status" in error.value.message_dict


def test_a_compliance_claim_needs_an_audit(legal):
    statement = AccessibilityStatementPage.objects.get()
    statement.compliance_rate, statement.audit_date = None, None
    with pytest.raises(ValidationError) as error:
        statement.full_clean()
    assert set(error.value.message_dict) >= {"compliance_rate", "audit_date"}


# --- addresses for others: canonical, Open Graph, JSON-LD, robots.txt, sitemap ---------------


def meta(content, prop):
    match = re.search(rf'<meta property="{prop}" content="([^"]*)">', content)
    assert match, prop
    return match.group(1)


def test_every_public_page_has_canonical_and_open_graph_on_the_public_host(
    client, site_data, public_host
):
    urls = [value for key, value in site_data.items() if isinstance(value, str)]
    for url in urls:
        content = html(client.get(url))
        path = url.split("?")[0]
        canonical = re.search(r'<link rel="canonical" href="([^"]+)">', content).group(1)
        assert canonical == f"https://{PUBLIC_HOST}{path}", url
        assert meta(content, "og:url") == canonical
        assert meta(content, "og:title")
        assert meta(content, "og:type") == "website"
        assert meta(content, "og:image").startswith(f"https://{PUBLIC_HOST}/")
        assert "localhost" not in canonical + meta(content, "og:image")


def test_a_work_is_shared_with_its_own_title_and_image(client, site_data, public_host):
    content = html(client.get(site_data["work"]))
    assert meta(content, "og:title") == site_data["objects"]["work"].title
    assert re.match(rf"https://{PUBLIC_HOST}/media/images/.+\.png$", meta(content, "og:image"))


def test_a_programme_is_shared_with_its_image_and_summary(client, site_data, public_host):
    content = html(client.get(site_data["programme"]))
    assert meta(content, "og:description") == "Résumé de Giga Séniors."
    assert "/media/images/" in meta(content, "og:image")


def test_the_organization_json_ld_parses(client, public_host):
    content = html(client.get("/"))
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', content, re.S)
    organization = next(json.loads(s) for s in scripts if '"Organization"' in s)
    assert organization["@context"] == "https://schema.org"
    assert organization["name"] == "Institut des Hauts-de-Seine"
    assert organization["url"] == f"https://{PUBLIC_HOST}/"
    assert organization["logo"] == f"https://{PUBLIC_HOST}/static/img/logo-512.png"


def test_the_favicons_are_linked(client):
    content = html(client.get("/"))
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in content
    assert 'href="/static/img/favicon-32.png" type="image/png"' in content
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/img/favicon-32.png"


def test_robots_txt_keeps_crawlers_out_of_the_admin_and_points_at_the_sitemap(client, public_host):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines and "Disallow: /admin/" in lines
    assert f"Sitemap: https://{PUBLIC_HOST}/sitemap.xml" in lines


def test_the_sitemap_lists_pages_works_artists_and_venues_on_the_public_host(
    client, site_data, public_host
):
    content = client.get("/sitemap.xml").content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", content)
    for key in ("work", "artist", "venue", "programme", "event", "accessibility", "home"):
        assert f"https://{PUBLIC_HOST}{site_data[key]}" in locations, key
    assert all(loc.startswith(f"https://{PUBLIC_HOST}/") for loc in locations)


def test_the_public_address_from_the_environment_is_written_to_the_default_site(settings):
    settings.PUBLIC_SITE_URL = "https://culture.hauts-de-seine.fr"
    site = apply_public_url()
    site.refresh_from_db()
    assert (site.hostname, site.port) == (PUBLIC_HOST, 443)
    assert site.root_url == f"https://{PUBLIC_HOST}"


def test_without_an_explicit_address_the_first_real_allowed_host_is_used(settings, monkeypatch):
    monkeypatch.delenv("WAGTAILADMIN_BASE_URL", raising=False)
    settings.PUBLIC_SITE_URL = ""
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", ".programmes.example.fr"]
    assert configured_public_url() == "https://programmes.example.fr"
    settings.ALLOWED_HOSTS = ["localhost", "*"]
    assert configured_public_url() == ""


def test_staff_edit_the_legal_pages_and_the_home_page_in_the_admin(client, legal, admin_user):
    client.force_login(admin_user)
    home = HomePage.objects.get()
    for page in (*legal.values(), home):
        response = client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200, page
    for model in (AccessibilityStatementPage, type(legal["notice"]), type(legal["privacy"])):
        assert not model.can_create_at(home)  # one of each, already there
        assert model.parent_page_types == ["home.HomePage"]


def test_a_missing_page_has_no_canonical_address(client, public_host):
    response = client.get("/nulle-part/")
    assert response.status_code == 404
    content = response.content.decode()
    assert 'rel="canonical"' not in content and 'content="noindex"' in content
