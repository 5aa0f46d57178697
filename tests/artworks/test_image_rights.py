"""Images of works whose rights forbid online display: their files leave the public media
(originals and renditions), they cannot be chosen nor saved in a page body, and no public page
renders them; images of allowed works are unchanged."""

import json
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import caches
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, streamfield

from home.blocks import IMAGE_NOT_PUBLIC
from home.models import HomePage, StandardPage
from tests.artworks.factories import ArtworkFactory, ImageFactory, png_file
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_cached_renditions():
    """Wagtail caches renditions by image id, and ids come back after each test's rollback."""
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what waits for the commit (old files deleted) as a real request would."""

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return run


@pytest.fixture
def forbidden(commit):
    image = ImageFactory(title="Image interdite", file=png_file("interdite.png"))
    artwork = ArtworkFactory(title="Œuvre réservée", image=image)
    artwork.public_display_allowed = False
    commit(artwork.save)
    image.refresh_from_db()
    return artwork, image


@pytest.fixture
def allowed():
    image = ImageFactory(title="Image autorisée", file=png_file("autorisee.png"))
    ArtworkFactory(title="Œuvre visible", image=image)
    image.refresh_from_db()
    return image


def media_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_the_original_of_a_forbidden_image_leaves_the_public_media(forbidden, settings, client):
    _, image = forbidden
    settings.SERVE_MEDIA = True
    assert not any("interdite" in name for name in media_files(settings))
    assert client.get("/media/original_images/interdite.png").status_code == 404
    assert (Path(settings.PRIVATE_MEDIA_ROOT) / image.file.name).is_file()
    assert image.file.url.startswith("/admin/images-privees/")
    assert "interdite" not in image.file.name  # the new name is not predictable


def test_renditions_of_a_forbidden_image_are_private(forbidden, settings, client, programme_staff):
    _, image = forbidden
    rendition = image.get_rendition("max-165x165")
    assert rendition.url.startswith("/admin/images-privees/")
    assert (Path(settings.PRIVATE_MEDIA_ROOT) / rendition.file.name).is_file()
    assert not any(name.startswith("images/") for name in media_files(settings))
    assert client.get(rendition.url).status_code == 302  # anonymous: to the login page
    client.force_login(programme_staff)
    response = client.get(rendition.url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"


def test_the_private_image_view_checks_image_permissions(forbidden, client, programme_staff):
    _, image = forbidden
    url = image.file.url
    no_images = UserFactory(username="sans.images")
    no_images.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(no_images)
    assert client.get(url).status_code == 404
    client.force_login(programme_staff)
    assert client.get(url).status_code == 200
    # Only marked image files: not other private files, not a name no image has.
    assert client.get("/admin/images-privees/original_images/prive-inconnu.png").status_code == 404
    assert client.get("/admin/images-privees/spreadsheets/imports/x.csv").status_code == 404


def test_renditions_made_before_the_flag_are_deleted(commit, settings):
    image = ImageFactory(title="Avant", file=png_file("avant.png"))
    artwork = ArtworkFactory(image=image)
    public_rendition = image.get_rendition("max-165x165").file.name
    assert public_rendition in media_files(settings)
    artwork.public_display_allowed = False
    commit(artwork.save)
    assert media_files(settings) == []


def test_allowing_display_again_brings_the_image_back(forbidden, commit, settings):
    artwork, image = forbidden
    artwork.public_display_allowed = True
    commit(artwork.save)
    image.refresh_from_db()
    assert image.file.url.startswith("/media/original_images/")
    assert image.file.name in media_files(settings)
    assert not (Path(settings.PRIVATE_MEDIA_ROOT) / "original_images").exists() or not any(
        (Path(settings.PRIVATE_MEDIA_ROOT) / "original_images").iterdir()
    )


def test_a_replaced_file_of_a_forbidden_image_stays_private(forbidden, commit, settings):
    _, image = forbidden
    image.file = png_file("remplacee.png")
    commit(image.save)
    image.refresh_from_db()
    assert image.file.url.startswith("/admin/images-privees/")
    assert media_files(settings) == []


def test_images_of_allowed_works_stay_public(allowed, settings):
    assert allowed.file.url == "/media/original_images/autorisee.png"
    assert allowed.get_rendition("max-165x165").url.startswith("/media/images/autorisee")


def test_an_upload_cannot_pick_the_private_storage_by_its_name(client, programme_staff, settings):
    client.force_login(programme_staff)
    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "Piège", "file": png_file("prive-piege.png")},
    )
    assert response.status_code == 302
    image = get_image_model().objects.get(title="Piège")
    assert image.file.url.startswith("/media/original_images/")


@pytest.mark.parametrize("query", [{}, {"q": "Image"}])
def test_the_chooser_does_not_offer_a_forbidden_image(
    client, programme_staff, forbidden, allowed, query
):
    client.force_login(programme_staff)
    html = client.get(reverse("wagtailimages_chooser:choose_results"), query).content.decode()
    assert "Image autorisée" in html
    assert "Image interdite" not in html


def _body_with_image(image):
    return nested_form_data(
        {
            "title": "À propos",
            "slug": "a-propos",
            "introduction": "",
            "body": streamfield(
                [("image", {"image": image.pk, "alt_text": "Une œuvre", "decorative": ""})]
            ),
        }
    )


@pytest.fixture
def home(db):
    return HomePage.objects.first() or Page.get_first_root_node()


@pytest.mark.parametrize("publish", [False, True])
def test_a_page_body_refuses_a_forbidden_image(client, programme_staff, forbidden, home, publish):
    _, image = forbidden
    client.force_login(programme_staff)
    data = _body_with_image(image)
    if publish:
        data["action-publish"] = "publish"
    url = reverse("wagtailadmin_pages:add", args=("home", "standardpage", home.pk))
    response = client.post(url, data)
    assert response.status_code == 200
    error = response.context["form"].errors.as_data()["body"][0]
    assert str(IMAGE_NOT_PUBLIC) in json.dumps(error.as_json_data(), ensure_ascii=False)
    assert not StandardPage.objects.filter(slug="a-propos").exists()


def test_a_page_body_accepts_an_allowed_image(client, programme_staff, allowed, home):
    client.force_login(programme_staff)
    url = reverse("wagtailadmin_pages:add", args=("home", "standardpage", home.pk))
    response = client.post(url, _body_with_image(allowed))
    assert response.status_code == 302
    assert StandardPage.objects.filter(slug="a-propos").exists()


def test_a_public_page_never_renders_an_image_forbidden_after_publication(
    client, allowed, home, commit
):
    page = StandardPage(title="À propos", slug="a-propos")
    page.body = [("image", allowed)]
    home.add_child(instance=page)
    page.save_revision().publish()
    assert "/media/images/autorisee" in client.get(page.url).content.decode()
    artwork = ArtworkFactory(title="Autre œuvre", image=allowed)
    artwork.public_display_allowed = False
    commit(artwork.save)
    html = client.get(page.url).content.decode()
    assert "block-image" not in html and "images-privees" not in html
