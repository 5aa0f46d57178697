import pytest
from django.utils import timezone
from wagtail.models import Page

from artworks.models import ArtworkProgrammePage
from home.models import HomePage


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def programme_page(db):
    home = HomePage.objects.first() or Page.get_first_root_node()
    page = ArtworkProgrammePage(
        title="Un mois, une œuvre", slug="un-mois-une-oeuvre", introduction="Des œuvres du FDAC."
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page
