"""Each hostile or malformed input is refused (or neutralised) with a clear French message,
and nothing is written."""

import time
from functools import cache

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.images import get_image_model

from places.models import Venue
from tests.security.corpus import BAD_IMAGES, BAD_SPREADSHEETS, HOSTILE_TEXT

pytestmark = pytest.mark.django_db

Image = get_image_model()


@cache
def corpus_bytes(builder):
    return builder()


@pytest.mark.parametrize("name", sorted(BAD_IMAGES))
def test_a_bad_image_is_refused_at_upload_and_nothing_is_stored(client, programme_staff, name):
    client.force_login(programme_staff)
    upload = SimpleUploadedFile(name, corpus_bytes(BAD_IMAGES[name]))
    response = client.post(
        reverse("wagtailimages:add"), {"title": "Essai", "file": upload, "collection": 1}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert errors and all(isinstance(e, str) for e in errors)
    french = " ".join(errors)
    assert any(word in french for word in ("image", "fichier", "pixels", "format")), french
    assert Image.objects.count() == 0


@pytest.mark.parametrize("name", sorted(BAD_IMAGES))
def test_a_bad_photo_at_install_confirmation_is_refused(client, manager_a, venue_a, name):
    from artworks.models import PlacementStatus
    from tests.artworks.factories import PlacementFactory

    placement = PlacementFactory(venue=venue_a)
    client.force_login(manager_a)
    url = reverse("wagtailsnippets_artworks_placement:confirm", args=[placement.pk])
    response = client.post(
        url,
        {
            "condition_notes": "Bon état",
            "photo": SimpleUploadedFile(name, corpus_bytes(BAD_IMAGES[name])),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["photo"]
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.PLANNED
    assert not placement.install_photo
    assert Image.objects.count() == 0


@pytest.mark.parametrize("name", sorted(BAD_SPREADSHEETS))
def test_a_hostile_spreadsheet_is_refused_with_a_french_message(client, programme_staff, name):
    from spreadsheets.models import ImportJob

    client.force_login(programme_staff)
    before = Venue.objects.count()
    response = client.post(
        reverse("spreadsheets:import", args=["lieux"]),
        {"file": SimpleUploadedFile(name, corpus_bytes(BAD_SPREADSHEETS[name]))},
        follow=True,
    )
    assert response.status_code == 200
    form = response.context.get("form")
    message = " ".join(form.errors.get("file", [])) if form is not None else ""
    assert message, "aucun message d'erreur"
    assert any(
        word in message for word in ("fichier", "feuille", "classeur", "volumineux", "format")
    ), message
    assert Venue.objects.count() == before
    assert not ImportJob.objects.filter(status=ImportJob.Status.DONE).exists()


def test_an_over_long_name_is_refused_in_french_and_nothing_written(client, programme_staff):
    client.force_login(programme_staff)
    before = Venue.objects.count()
    response = client.post(
        reverse("wagtailsnippets_places_venue:add"),
        {"name": "P" * 5000, "code": "trop-long", "kind": "pole_social", "commune": 1},
    )
    assert response.status_code == 200
    assert "au plus 200 caractères" in " ".join(response.context["form"].errors["name"])
    assert Venue.objects.count() == before


def test_html_and_script_in_public_text_fields_are_shown_as_text(client):
    from artworks.models import ArtworkProgrammePage
    from home.models import HomePage
    from tests.artworks.factories import ArtistFactory, ArtworkFactory, PlacementFactory
    from tests.factories import VenueFactory

    home = HomePage.objects.get()
    home.introduction = HOSTILE_TEXT
    home.save_revision().publish()
    programme = home.add_child(
        instance=ArtworkProgrammePage(title="Un mois, une œuvre", slug="un-mois-une-oeuvre")
    )
    programme.save_revision().publish()
    venue = VenueFactory(
        name=HOSTILE_TEXT[:200],
        code="lieu-hostile",
        accessibility_notes=HOSTILE_TEXT,
        address=HOSTILE_TEXT[:255],
    )
    artist = ArtistFactory(name="Artiste " + HOSTILE_TEXT[:80], biography=HOSTILE_TEXT)
    work = ArtworkFactory(title=HOSTILE_TEXT[:200], artists=[artist], series=HOSTILE_TEXT[:100])
    from django.utils import timezone

    today = timezone.localdate()
    PlacementFactory(artwork=work, venue=venue, start_date=today, end_date=today)

    pages = [
        "/",
        "/un-mois-une-oeuvre/",
        f"/un-mois-une-oeuvre/oeuvres/{work.slug}/",
        f"/un-mois-une-oeuvre/artistes/{artist.slug}/",
        f"/un-mois-une-oeuvre/lieux/{venue.code}/",
        "/recherche/?q=" + HOSTILE_TEXT,
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "<script>alert" not in html, url
        assert "<img src=x onerror" not in html, url
    assert "&lt;script&gt;alert" in client.get("/").content.decode()


def test_a_good_image_still_uploads(client, programme_staff):
    import io

    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 48), (30, 90, 120)).save(buffer, "JPEG")
    client.force_login(programme_staff)
    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Bonne",
            "file": SimpleUploadedFile("bonne.jpg", buffer.getvalue()),
            "collection": 1,
        },
    )
    assert response.status_code == 302
    assert Image.objects.filter(title="Bonne").exists()


@pytest.mark.parametrize("name", ["jpeg-tronque.jpg", "bombe-de-decompression.png"])
def test_the_multiple_upload_refuses_bad_images_too(client, programme_staff, name):
    client.force_login(programme_staff)
    response = client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile(name, corpus_bytes(BAD_IMAGES[name]))},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200
    payload = response.json()
    assert payload["success"] is False
    assert payload["error_message"]
    assert Image.objects.count() == 0


@pytest.mark.parametrize("in_child", [False, True], ids=["en-processus", "processus-enfant"])
@pytest.mark.parametrize(
    "name,expected",
    [
        ("bombe-commentaire.xlsx", "commentaire XML"),
        ("exposant-geant.ods", "cellule B2"),
        ("entites-non-listees.xlsx", "DTD ou d'entités"),
    ],
)
def test_a_costly_spreadsheet_is_refused_at_upload_quickly_and_nothing_is_written(
    client, programme_staff, settings, name, expected, in_child
):
    """Each of these held a gunicorn worker past its timeout (or ended in a traceback)."""
    from pathlib import Path

    from spreadsheets.models import ImportJob

    if in_child:  # what a large workbook goes through: the same refusal, from the child
        settings.SPREADSHEETS_IN_PROCESS_SIZE = 0
    client.force_login(programme_staff)
    before = Venue.objects.count()
    data = corpus_bytes(BAD_SPREADSHEETS[name])
    started = time.monotonic()
    response = client.post(
        reverse("spreadsheets:import", args=["lieux"]),
        {"file": SimpleUploadedFile(name, data)},
    )
    elapsed = time.monotonic() - started
    assert elapsed < 5, f"{elapsed:.2f} s"
    assert response.status_code == 200
    message = " ".join(response.context["form"].errors["file"])
    assert expected in message and "refusé" in message, message
    assert "Traceback" not in response.content.decode()
    assert Venue.objects.count() == before
    assert ImportJob.objects.count() == 0
    for root in (settings.PRIVATE_MEDIA_ROOT, settings.MEDIA_ROOT):
        assert not [path for path in Path(root).rglob("*") if path.is_file()], root
