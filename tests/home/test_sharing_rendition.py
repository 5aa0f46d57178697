"""The sharing image (Open Graph) of a page showing a record whose image was read with other
renditions prefetched (a work's page) is drawn once, not at every visit."""

import pytest
from wagtail.images.models import AbstractImage

from tests.home.site_data import public_site

pytestmark = pytest.mark.django_db


def test_a_works_sharing_image_is_drawn_once(client, monkeypatch):
    site_data = public_site()
    drawn = []
    original = AbstractImage.generate_rendition_file

    def counting(self, filter, *args, **kwargs):
        drawn.append(filter.spec)
        return original(self, filter, *args, **kwargs)

    monkeypatch.setattr(AbstractImage, "generate_rendition_file", counting)
    first = client.get(site_data["work"])
    assert first.status_code == 200 and b'property="og:image"' in first.content
    drawn.clear()
    second = client.get(site_data["work"])
    assert second.content == first.content
    assert drawn == []
