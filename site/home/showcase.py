"""What the home page shows from the domain apps, without ``home`` importing them.

An app registers, from its ``AppConfig.ready``, a provider per section (« prochaines dates »,
« œuvres exposées en ce moment », « nos programmes »). A provider is called with the request and
a number of cards and returns a :class:`Section`; it must run a fixed number of queries whatever
the amount of data (prefetch the images' renditions with :data:`CARD_RENDITION`).
"""

from dataclasses import dataclass, field
from typing import Any

# Keep in step with the {% image %} tag of home/includes/showcase_card.html.
CARD_RENDITION = "fill-480x360"

UPCOMING_DATES = "upcoming_dates"
WORKS_ON_SHOW = "works_on_show"
PROGRAMMES = "programmes"

_providers = {}


@dataclass
class Card:
    title: str
    url: str
    summary: str = ""
    image: Any = None  # a Wagtail image whose CARD_RENDITION is prefetched, or None
    credit: str = ""  # the image's credit, shown wherever the image is
    when: Any = None  # a datetime (a date of the agenda) or None
    place: str = ""
    label: str = ""  # a short tag above the title (« Prévention », « Toutes culottées »)


@dataclass
class Section:
    title: str
    cards: list = field(default_factory=list)
    more_url: str = ""
    more_label: str = ""
    # The communes the « more » page filters by (the agenda's « près de chez vous » select):
    # objects with `insee_code` and `name`.
    communes: list = field(default_factory=list)


def register(key, provider):
    """Register ``provider(request, limit) -> Section | None`` for a section of the home page."""
    _providers[key] = provider


def section(key, request, limit):
    provider = _providers.get(key)
    return provider(request, limit) if provider else None


def registered():
    return set(_providers)
