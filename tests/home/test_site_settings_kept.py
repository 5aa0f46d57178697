"""The site's settings kept in the cache for public requests (home.models.SiteSettings.load):
no query on a visit, a change shown on the next one, the admin reads the row itself."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import SiteSettings

pytestmark = pytest.mark.django_db


def test_a_change_of_the_settings_shows_on_the_next_visit(client, fragments_on):
    site_settings = SiteSettings.load()
    site_settings.organisation_name = "Institut des essais"
    site_settings.save()
    assert "Institut des essais" in client.get("/").content.decode()
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/").content.decode()
    assert "Institut des essais" in html
    assert not [q for q in queries if "home_sitesettings" in q["sql"]]
    site_settings.organisation_name = "Institut renommé"
    site_settings.save()
    html = client.get("/recherche/?q=rien").content.decode()
    assert "Institut renommé" in html
    assert "Institut des essais" not in html


def test_the_admin_reads_the_settings_row(rf, fragments_on):
    public = rf.get("/")
    SiteSettings.load(request_or_site=public)
    SiteSettings.objects.update(organisation_name="Changé sans signal")
    admin = rf.get("/admin/settings/home/sitesettings/")
    assert SiteSettings.load(request_or_site=admin).organisation_name == "Changé sans signal"
