"""Reads shared by the public pages and feeds, each a fixed number of queries."""

import json

from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.models import Page

from programmes.models import AttendanceRecord, Edition, Occurrence, SchoolLevel

ORGANISER = {
    "@type": "Organization",
    "name": "Institut des Hauts-de-Seine",
    "url": "https://www.hauts-de-seine.fr/",
}


def live_programmes(index_page):
    """Every live programme under the index, whatever its page type (« Un mois, une œuvre » is a
    page type of the artworks app): one query, plus one per page type."""
    return list(Page.objects.child_of(index_page).live().public().order_by("title").specific())


def public_occurrences():
    return Occurrence.objects.public().for_listing()


def upcoming_occurrences_of_programme(programme, limit=10):
    return list(public_occurrences().upcoming().filter(event__programme=programme)[:limit])


def occurrences_of_event(event):
    return list(event.occurrences.select_related("venue__commune", "commune").order_by("start"))


def calendar_page(form, page_number, per_page):
    queryset = form.filter(public_occurrences())
    return Paginator(queryset, per_page).get_page(page_number)


def querystring_without_page(query_dict):
    params = query_dict.copy()
    params.pop("page", None)
    return params.urlencode()


def edition_reach(programme):
    """Each edition of the programme with its targets, planned classes and the reach so far:
    sums of recorded attendance only — never a person."""
    editions = list(
        Edition.objects.filter(programme=programme)
        .prefetch_related("targets__audience", "classes", "venues__commune", "communes")
        .order_by("-start_date")
    )
    if not editions:
        return []
    reached = {
        row["occurrence__event__edition"]: row
        for row in AttendanceRecord.objects.filter(occurrence__event__edition__in=editions)
        .values("occurrence__event__edition")
        .annotate(
            people=Sum("total"),
            sessions=Count("pk"),
            venues=Count("occurrence__venue", distinct=True),
        )
        .order_by()
    }
    for edition in editions:
        row = reached.get(edition.pk, {})
        edition.reach_people = row.get("people") or 0
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
    return AttendanceRecord.objects.filter(
        occurrence__event__programme=programme, occurrence__start__year=year
    ).aggregate(
        people=Sum("total"),
        sessions=Count("pk"),
        venues=Count("occurrence__venue", distinct=True),
        communes=Count(
            Coalesce("occurrence__commune", "occurrence__venue__commune"), distinct=True
        ),
    ) | {"year": year}


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
