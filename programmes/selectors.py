"""Reads shared by the public pages and feeds, each a fixed number of queries."""

import json

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


def event_jsonld(event, occurrences, request=None, limit=20):
    """schema.org Event, one per upcoming date (or the last dates when all are past)."""
    now = timezone.now()
    shown = [o for o in occurrences if o.end >= now][:limit] or occurrences[-limit:]
    url = event.get_full_url(request)
    items = []
    for occurrence in shown:
        item = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": event.title,
            "description": event.summary,
            "startDate": timezone.localtime(occurrence.start).isoformat(),
            "endDate": timezone.localtime(occurrence.end).isoformat(),
            "eventStatus": "https://schema.org/EventCancelled"
            if occurrence.is_cancelled
            else (
                "https://schema.org/EventRescheduled"
                if occurrence.changed_by_hand and occurrence.sequence
                else "https://schema.org/EventScheduled"
            ),
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "location": _place_jsonld(occurrence),
            "organizer": ORGANISER,
            "isAccessibleForFree": True,
            "url": url,
        }
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
