import datetime

import pytest
from django.core.management import call_command

from artworks.models import Artist, Artwork, ArtworkProgrammePage, Placement

pytestmark = pytest.mark.django_db


def test_demo_holds_the_seed_example_and_a_year_of_rotations(client):
    call_command("load_demo_data", verbosity=0)
    seed = Placement.objects.filter(
        venue__code="pole-social-dasnieres-gennevilliers",
        artwork__series="Clairs Obscurs",
        end_date=datetime.date(2023, 7, 30),
    )
    assert seed.count() == 2
    assert {a.name for p in seed for a in p.artwork.artists.all()} == {"Véronique Ellena"}
    assert Artwork.objects.count() == 40 and Artist.objects.count() == 10
    assert Placement.objects.dates("start_date", "month").count() >= 12
    page = ArtworkProgrammePage.objects.get()
    assert client.get(page.url).status_code == 200
