"""Reads shared by the public pages and feeds, each a fixed number of queries."""

import json
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.models import Page

from home.visibility import public_pages
from programmes import disclosure
from programmes.models import AttendanceRecord, Edition, Occurrence, SchoolLevel

ORGANISER = {
    "@type": "Organization",
    "name": "Institut des Hauts-de-Seine",
    "url": "https://www.hauts-de-seine.fr/",
}


def live_programmes(index_page):
    """Every live programme under the index, whatever its page type (« Un mois, une œuvre » is a
    page type of the artworks app): one query, plus one per page type. A programme is listed
    only if it and its ancestors are live and unrestricted (home.visibility)."""
    programmes = public_pages(Page.objects.child_of(index_page))
    return list(programmes.order_by("title").specific())


def public_occurrences():
    return Occurrence.objects.public().for_listing()


def upcoming_occurrences_of_programme(programme, limit=10):
    return list(public_occurrences().upcoming().filter(event__programme=programme)[:limit])


def occurrences_of_event(event):
    return list(event.occurrences.select_related("venue__commune", "commune").order_by("start"))


# The event page lists the next dates, folds the following ones, and sends to the agenda beyond.
FIRST_DATES = 5
FOLDED_DATES = 50
PAST_DATES_OF_ENDED_EVENT = 5


@dataclass
class EventPlace:
    """A place where dates of the event are held, printed once however many dates it hosts."""

    key: tuple
    name: str
    street: str
    commune: object
    accessibility: str

    @property
    def short_label(self):
        town = self.commune.name if self.commune is not None else ""
        return ", ".join(part for part in (self.name, town) if part and part != self.street) or (
            self.street
        )


@dataclass
class EventSchedule:
    """What the event page shows of the dates: the next ones, the folded ones, or — when the
    event is over — its last dates marked past; each distinct place once."""

    first: list
    folded: list
    past: list
    upcoming_count: int
    past_count: int
    places: list
    agenda_url: str = ""

    @property
    def listed(self):
        return self.first + self.folded or self.past

    @property
    def more_count(self):
        """Upcoming dates neither listed nor folded: found in the agenda."""
        return self.upcoming_count - len(self.first) - len(self.folded)

    @property
    def is_over(self):
        return not self.upcoming_count and bool(self.past_count)

    @property
    def open_dates(self):
        return [o for o in self.first + self.folded if not o.is_cancelled]

    @property
    def is_bookable(self):
        return any(o.is_bookable for o in self.open_dates)

    @property
    def is_full(self):
        """Every upcoming date still held is full: the page says « Complet »."""
        dates = self.open_dates
        return bool(dates) and all(o.is_full for o in dates)

    @property
    def has_full_dates(self):
        return any(o.is_full for o in self.open_dates)

    @property
    def single_place(self):
        """All listed dates share one place: it is printed once and not beside each date."""
        return len({o.place.key for o in self.listed}) <= 1

    @property
    def known_places(self):
        return _known(self.places)


def _place_key(occurrence):
    if occurrence.venue_id:
        return ("venue", occurrence.venue_id)
    return ("address", occurrence.address, occurrence.commune_id)


def _places_of(occurrences):
    places = {}
    for occurrence in occurrences:
        key = _place_key(occurrence)
        if key not in places:
            venue = occurrence.venue if occurrence.venue_id else None
            places[key] = EventPlace(
                key=key,
                name=venue.name if venue else "",
                street=venue.address if venue else occurrence.address,
                commune=occurrence.place_commune,
                accessibility=venue.accessibility_notes if venue else "",
            )
        occurrence.place = places[key]
    return list(places.values())


def _known(places):
    """Places worth a block: an « unknown » place (no venue, address nor commune) has none."""
    return [p for p in places if p.name or p.street or p.commune is not None]


def event_schedule(event, request=None, now=None):
    """The dates of the event page in four queries whatever their number: how many are to come
    and past, the next ``FIRST_DATES + FOLDED_DATES`` and, only for an event that is over, its
    last dates (plus one for the agenda's address when dates overflow the page)."""
    from programmes.models import CalendarPage

    now = now or timezone.now()
    dates = event.occurrences.select_related("venue__commune", "commune")
    counts = event.occurrences.aggregate(
        upcoming=Count("pk", filter=Q(end__gte=now)), past=Count("pk", filter=Q(end__lt=now))
    )
    upcoming = list(
        dates.filter(end__gte=now).order_by("start", "pk")[: FIRST_DATES + FOLDED_DATES]
    )
    past = []
    if not upcoming and counts["past"]:
        past = list(dates.filter(end__lt=now).order_by("-start", "-pk")[:PAST_DATES_OF_ENDED_EVENT])
        past.reverse()
    schedule = EventSchedule(
        first=upcoming[:FIRST_DATES],
        folded=upcoming[FIRST_DATES:],
        past=past,
        upcoming_count=counts["upcoming"],
        past_count=counts["past"],
        places=_places_of(upcoming or past),
    )
    if schedule.more_count > 0:
        agenda = public_pages(CalendarPage.objects.all()).first()
        if agenda is not None:
            schedule.agenda_url = agenda.get_url(request)
            if event.programme is not None:  # the page's breadcrumb loads it anyway
                query = urlencode({"programme": event.programme.slug})
                schedule.agenda_url = f"{schedule.agenda_url}?{query}"
    return schedule


def edition_reach(programme, year=None):
    """Each edition of the programme with its targets, planned classes and the reach so far:
    sums of recorded attendance only — never a person. With ``year``, each edition also carries
    ``reach_people_in_year``, the part of its reach recorded that year (for ``public_reach``)."""
    editions = list(
        Edition.objects.filter(programme=programme)
        .prefetch_related("targets__audience", "classes", "venues__commune", "communes")
        .order_by("-start_date")
    )
    if not editions:
        return []
    in_year = Q(occurrence__start__year=year) if year is not None else Q(pk__in=[])
    reached = {
        row["occurrence__event__edition"]: row
        for row in AttendanceRecord.objects.of_live_events()
        .filter(occurrence__event__edition__in=editions)
        .values("occurrence__event__edition")
        .annotate(
            people=Sum("total"),
            people_in_year=Sum("total", filter=in_year),
            sessions=Count("pk"),
            venues=Count("occurrence__venue", distinct=True),
        )
        .order_by()
    }
    for edition in editions:
        row = reached.get(edition.pk, {})
        edition.reach_people = row.get("people") or 0
        edition.reach_people_in_year = row.get("people_in_year") or 0
        edition.reach_sessions = row.get("sessions") or 0
        edition.reach_venues = row.get("venues") or 0
        edition.target_people = sum(t.people_count for t in edition.targets.all())
        edition.planned_classes = sum(c.class_count for c in edition.classes.all())
        by_level = dict.fromkeys(SchoolLevel.values, 0)
        for school_class in edition.classes.all():
            by_level[school_class.level] += school_class.class_count
        edition.classes_by_level = [(level, n) for level, n in by_level.items() if n]
    return editions


def programme_reach_this_year(programme, today=None):
    """People reached this year, venues and communes, from the attendance records: one
    aggregate query; the template applies the small-number rule (« moins de 5 »)."""
    year = (today or timezone.localdate()).year
    return AttendanceRecord.objects.of_live_events().filter(
        occurrence__event__programme=programme, occurrence__start__year=year
    ).aggregate(
        people=Sum("total"),
        sessions=Count("pk"),
        venues=Count("occurrence__venue", distinct=True),
        communes=Count(
            Coalesce("occurrence__commune", "occurrence__venue__commune"), distinct=True
        ),
    ) | {"year": year}


def public_reach(programme, today=None):
    """The reach figures of the programme page, made safe to publish (programmes.disclosure):
    ``(reach_this_year, editions)``, two queries.

    - The year's people total adds up from, for each edition reached that year, its people that
      year and its people other years (the page shows the edition's whole reach, so the
      difference is readable), plus the people of the year's sessions outside any edition: if
      one of these cells is from 1 to 4, the total is withheld.
    - Counts of places reached (the year's venues and communes, an edition's « dans N lieux »)
      are published only when 5 or more (and, for an edition, with 5 sessions or more), never as
      « moins de 5 »: the page lists each edition's planned venues by name, which bounds a small
      count (« Lieux concernés : 1 » beside « moins de 5 lieux » gives 1), and a noun after a
      small count would follow it (« lieu » / « lieux »)."""
    reach = programme_reach_this_year(programme, today)
    editions = edition_reach(programme, year=reach["year"])
    people_year = reach["people"] or 0
    cells = [people_year - sum(e.reach_people_in_year for e in editions)]  # outside any edition
    for edition in editions:
        if edition.reach_people_in_year:
            cells += [
                edition.reach_people_in_year,
                edition.reach_people - edition.reach_people_in_year,
            ]
    reach["people"] = disclosure.publishable_total(reach["people"], cells)
    # Counts of places: left out, not worded, when small (see the docstring).
    reach["public_venues"] = disclosure.unbounded_count(reach["venues"])
    reach["public_communes"] = disclosure.unbounded_count(reach["communes"])
    for edition in editions:
        edition.public_venues = (
            None
            if disclosure.is_small(edition.reach_sessions)
            else disclosure.unbounded_count(edition.reach_venues)
        )
    return reach, editions


def _place_jsonld(occurrence):
    commune = occurrence.place_commune
    address = {"@type": "PostalAddress", "addressCountry": "FR", "addressRegion": "Hauts-de-Seine"}
    street = occurrence.venue.address if occurrence.venue_id else occurrence.address
    if street:
        address["streetAddress"] = street
    if commune is not None:
        address["addressLocality"] = commune.name
        address["postalCode"] = commune.postal_code
    place = {"@type": "Place", "address": address}
    place["name"] = occurrence.venue.name if occurrence.venue_id else (street or str(commune))
    if occurrence.venue_id and occurrence.venue.latitude is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(occurrence.venue.latitude),
            "longitude": float(occurrence.venue.longitude),
        }
    return place


def absolute_page_url(page, request=None):
    """The page's address as the visitor reached it (« https://… » of the request's host, which
    ALLOWED_HOSTS vouches for), so that search engines never read the « http://localhost » of a
    Wagtail Site left with its default host name; without a request, the Site's root URL."""
    if request is None:
        return page.get_full_url()
    return request.build_absolute_uri(page.get_url(request))


def _status_jsonld(occurrence):
    if occurrence.is_cancelled:
        return "https://schema.org/EventCancelled"
    if occurrence.changed_by_hand and occurrence.sequence:
        return "https://schema.org/EventRescheduled"
    return "https://schema.org/EventScheduled"


def _offer_jsonld(event, occurrence, url):
    if occurrence.is_full:
        availability = "https://schema.org/SoldOut"
    elif occurrence.is_past or occurrence.is_cancelled:
        availability = "https://schema.org/Discontinued"
    else:
        availability = "https://schema.org/InStock"
    return {
        "@type": "Offer",
        "url": event.booking_url or url,
        "price": 0,
        "priceCurrency": "EUR",
        "availability": availability,
    }


def event_jsonld(event, occurrences, request=None):
    """schema.org Event, one per date listed on the page (see ``event_schedule``)."""
    url = absolute_page_url(event, request)
    items = []
    for occurrence in occurrences:
        item = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": event.title,
            "description": event.summary,
            "startDate": timezone.localtime(occurrence.start).isoformat(),
            "endDate": timezone.localtime(occurrence.end).isoformat(),
            "eventStatus": _status_jsonld(occurrence),
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "location": _place_jsonld(occurrence),
            "organizer": ORGANISER,
            "isAccessibleForFree": True,
            "url": url,
        }
        if event.has_booking:
            item["offers"] = _offer_jsonld(event, occurrence, url)
        if event.capacity:
            item["maximumAttendeeCapacity"] = event.capacity
        if event.audience_id:
            item["audience"] = {"@type": "Audience", "audienceType": event.audience.name}
        items.append(item)
    payload = items[0] if len(items) == 1 else items
    # Safe inside <script>: no "</script>" can close the element early.
    return (
        json.dumps(payload, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )
