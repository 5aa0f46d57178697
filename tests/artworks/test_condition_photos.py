"""Condition photos (install and removal) are private files of the placement: no Wagtail image,
so no image library, chooser or admin API lists them; the file is served by a checked view to
the venue's managers and to staff only, never from MEDIA_ROOT."""

import io
from pathlib import Path

import pytest
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model

from artworks.models import PlacementStatus
from home.roles import VENUE_MANAGERS
from tests.artworks.factories import ArtworkFactory, PlacementFactory, png_file
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_b(venue_b):
    user = UserFactory(username="responsable.b", groups=[VENUE_MANAGERS])
    venue_b.managers.add(user)
    return user


@pytest.fixture
def installed(client, manager_a, venue_a):
    """A placement at venue A, installed by its manager with a photo through the admin."""
    placement = PlacementFactory(artwork=ArtworkFactory(title="Œuvre chez A"), venue=venue_a)
    client.force_login(manager_a)
    response = client.post(
        reverse("wagtailsnippets_artworks_placement:confirm", args=[placement.pk]),
        {"condition_notes": "Bon état", "photo": png_file("constat-a.png", colour=(9, 99, 199))},
    )
    assert response.status_code == 302
    client.logout()
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.INSTALLED
    return placement


def photo_url(placement, step="installation"):
    return reverse("wagtailsnippets_artworks_placement:condition_photo", args=[placement.pk, step])


def files_under(root):
    root = Path(root)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_condition_photo_is_a_private_file_not_a_wagtail_image(installed, settings):
    assert installed.install_photo
    assert get_image_model().objects.count() == 0
    assert files_under(settings.MEDIA_ROOT) == []
    stored = files_under(settings.PRIVATE_MEDIA_ROOT)
    assert [p.name for p in stored] == [Path(installed.install_photo.name).name]
    assert "constat-a" not in installed.install_photo.name  # unpredictable name


def test_another_venues_manager_does_not_see_the_photo_in_image_surfaces(
    client, installed, manager_b
):
    client.force_login(manager_b)
    for url in (
        reverse("wagtailimages:index"),
        reverse("wagtailimages_chooser:choose"),
        reverse("wagtailimages_chooser:choose_results"),
        "/admin/api/main/images/",
    ):
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code in (200, 302, 403), url
        assert "Installation" not in body and "constat" not in body, url
        assert "Œuvre chez A" not in body, url


@pytest.mark.parametrize("who", ["manager_b", "anonymous"])
def test_the_photo_is_refused_to_other_venues_and_to_anonymous(client, installed, who, request):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = client.get(photo_url(installed))
    if who == "anonymous":
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    else:
        assert response.status_code == 404
    assert not getattr(response, "streaming", False)


@pytest.mark.parametrize("who", ["manager_a", "programme_staff"])
def test_the_photo_is_served_to_its_venue_and_to_staff(client, installed, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.get(photo_url(installed))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    with PILImage.open(io.BytesIO(b"".join(response.streaming_content))) as image:
        assert image.getpixel((0, 0)) == (9, 99, 199)


def test_the_media_url_of_the_photo_answers_404(client, installed, settings):
    settings.SERVE_MEDIA = True
    name = installed.install_photo.name
    for url in (f"/media/{name}", f"/media/original_images/{Path(name).name}"):
        assert client.get(url).status_code == 404


def test_a_missing_photo_or_unknown_step_is_404(client, installed, programme_staff):
    client.force_login(programme_staff)
    assert client.get(photo_url(installed, "retrait")).status_code == 404
    assert client.get(photo_url(installed, "autre")).status_code == 404


def test_the_admin_shows_the_photo_through_the_checked_url(client, installed, manager_a):
    client.force_login(manager_a)
    edit = reverse("wagtailsnippets_artworks_placement:edit", args=[installed.pk])
    html = client.get(edit).content.decode()
    assert f'src="{photo_url(installed)}"' in html
    assert "/media/" not in html.split("data-condition-photo")[0].rsplit("<a", 1)[-1]
    assert 'name="install_photo"' not in html  # not an upload field of the edit form


def test_removal_photo_is_private_too(client, installed, manager_a, manager_b):
    client.force_login(manager_a)
    client.post(
        reverse("wagtailsnippets_artworks_placement:confirm", args=[installed.pk]),
        {"condition_notes": "Vitre intacte", "photo": png_file("retrait.png")},
    )
    installed.refresh_from_db()
    assert installed.status == PlacementStatus.REMOVED and installed.removal_photo
    assert client.get(photo_url(installed, "retrait")).status_code == 200
    client.force_login(manager_b)
    assert client.get(photo_url(installed, "retrait")).status_code == 404


def test_deleting_a_placement_deletes_its_photos(
    installed, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        installed.delete()
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == []


def test_the_works_history_links_the_photo_through_the_checked_url(
    client, installed, programme_staff
):
    client.force_login(programme_staff)
    edit = reverse("wagtailsnippets_artworks_artwork:edit", args=[installed.artwork_id])
    html = client.get(edit).content.decode()
    assert f'href="{photo_url(installed)}"' in html
    assert installed.install_photo.name not in html
