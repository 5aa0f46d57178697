"""A venue's admin page lists its records (placements, sessions, attendance to log…) and links
straight to each record or action. Places knows none of the domain apps: each registers a
`register_venue_record_links` hook, `fn(venue, user) -> [VenueRecordSection]`, and gives only
what the user may reach (through places.scoping)."""

from dataclasses import dataclass, field

from wagtail import hooks

HOOK_NAME = "register_venue_record_links"


@dataclass
class RecordLink:
    """One record: its label, its page and the actions waiting on it ([(label, url)])."""

    label: str
    url: str = ""
    detail: str = ""
    actions: list = field(default_factory=list)


@dataclass
class VenueRecordSection:
    heading: str
    links: list
    empty_text: str = ""
    #: the full listing of these records for the venue ([(label, url)])
    more: list = field(default_factory=list)
    order: int = 100


def venue_record_sections(venue, user):
    """The sections every domain app gives for this venue and user, in their order."""
    if venue is None or venue.pk is None:
        return []
    sections = []
    for fn in hooks.get_hooks(HOOK_NAME):
        sections.extend(fn(venue, user) or [])
    return sorted(sections, key=lambda section: section.order)
