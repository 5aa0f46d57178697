"""Wagtail's generic admin wording, where the project can set its own: French, not gendered
with « un(e) », no English guide, no « Root »."""

from html import unescape

import pytest
from django.urls import reverse
from wagtail.models import Page

from tests.artworks.factories import NO_ARTIST_LINKS

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "a@exemple.fr", "x"))
    return client


def test_the_page_explorer_root_is_named_in_french(admin_client):
    assert Page.objects.get(depth=1).title == "Racine du site"
    html = admin_client.get(reverse("wagtailadmin_explore_root")).content.decode()
    assert "Root" not in html
    assert "Status actuel" not in html and "Statut actuel de la page" in html


def test_the_help_menu_does_not_send_staff_to_the_english_guide(admin_client):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "guide.wagtail.org" not in html
    assert "What's new" not in html


def test_generic_snippet_wording_is_not_gendered_with_brackets(admin_client):
    listing = admin_client.get(reverse("wagtailsnippets_artworks_artwork:list"))
    html = listing.content.decode()
    assert "Ajouter : œuvre" in html and "un(e)" not in html
    add = reverse("wagtailsnippets_artworks_artwork:add")
    refused = admin_client.post(
        add, {"inventory_number": "", "title": "", **NO_ARTIST_LINKS}, follow=True
    )
    page = unescape(refused.content.decode())
    assert "Rien n'a été enregistré : corrigez les erreurs signalées ci-dessous." in page
    assert "Le(la)" not in page
    created = admin_client.post(
        add,
        {"inventory_number": "FDAC 2009.14", "title": "Clairs Obscurs", **NO_ARTIST_LINKS},
        follow=True,
    )
    assert "Œuvre « Clairs Obscurs (FDAC 2009.14) » : création enregistrée." in unescape(
        created.content.decode()
    )


def test_the_import_history_counts_imports(admin_client):
    from spreadsheets.models import ExportJob, ImportJob

    assert str(ImportJob._meta.verbose_name_plural) == "imports"
    assert str(ExportJob._meta.verbose_name_plural) == "exports"
