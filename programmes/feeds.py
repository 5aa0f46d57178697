"""iCalendar feeds: every public date, one programme's dates, one event, one date.

Each date has a UID derived from its stored UUID, so a calendar that imports the same feed again
updates the entries (SEQUENCE, LAST-MODIFIED) instead of duplicating them."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_GET
from icalendar import Calendar, Event

from home.visibility import public_pages
from programmes.models import EventPage, Occurrence, OccurrenceStatus, ProgrammePage

PARIS = ZoneInfo("Europe/Paris")
# How far back a feed goes: calendars keep their own history.
FEED_PAST_DAYS = 90


def build_calendar(occurrences, name, request):
    calendar = Calendar()
    calendar.add("prodid", "-//Institut des Hauts-de-Seine//Programmes//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    base_url = request.build_absolute_uri("/").rstrip("/")
    now = timezone.now()
    for occurrence in occurrences:
        event = occurrence.event
        item = Event()
        item.add("uid", occurrence.ical_uid)
        item.add("dtstamp", now)
        item.add("dtstart", occurrence.start.astimezone(PARIS))
        item.add("dtend", occurrence.end.astimezone(PARIS))
        item.add("summary", event.title)
        description = event.summary
        if occurrence.note:
            description = f"{occurrence.note}\n\n{description}"
        item.add("description", description)
        if occurrence.place_label:
            item.add("location", occurrence.place_label)
        item.add("url", f"{base_url}{event.url_path_for_feed}")
        item.add("sequence", occurrence.sequence)
        item.add("last-modified", max(occurrence.updated_at, event.last_published_at or now))
        item.add("created", occurrence.created_at)
        item.add(
            "status",
            "CANCELLED" if occurrence.status == OccurrenceStatus.CANCELLED else "CONFIRMED",
        )
        if event.programme_id:
            item.add("categories", [event.programme.title])
        calendar.add_component(item)
    calendar.add_missing_timezones()
    return calendar


def ics_response(calendar, filename, attachment=False):
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=900"
    return response


def _feed_occurrences():
    since = timezone.now() - timezone.timedelta(days=FEED_PAST_DAYS)
    return (
        Occurrence.objects.public()
        .filter(end__gte=since)
        .select_related("event", "event__programme", "venue__commune", "commune")
        .order_by("start", "pk")
    )


def _with_urls(occurrences, request):
    """Page URLs without one query per page: relative to the site root path."""
    from wagtail.models import Site

    site = Site.find_for_request(request)
    root_path = site.root_page.url_path if site else "/"
    occurrences = list(occurrences)
    for occurrence in occurrences:
        path = occurrence.event.url_path
        occurrence.event.url_path_for_feed = "/" + path[len(root_path) :].lstrip("/")
    return occurrences


@require_GET
def all_events(request):
    occurrences = _with_urls(_feed_occurrences(), request)
    name = f"Agenda — {settings.WAGTAIL_SITE_NAME}"
    return ics_response(build_calendar(occurrences, name, request), "agenda-ihds.ics")


@require_GET
def programme_events(request, slug):
    programme = public_pages(ProgrammePage.objects.filter(slug=slug)).order_by("pk").first()
    if programme is None:
        raise Http404
    occurrences = _with_urls(_feed_occurrences().filter(event__programme=programme), request)
    return ics_response(
        build_calendar(occurrences, programme.title, request), f"agenda-{programme.slug}.ics"
    )


@require_GET
def event_download(request, page_id):
    event = get_object_or_404(public_pages(EventPage.objects.all()), pk=page_id, is_public=True)
    occurrences = _with_urls(
        Occurrence.objects.public()
        .filter(event=event)
        .select_related("event", "event__programme", "venue__commune", "commune"),
        request,
    )
    return ics_response(
        build_calendar(occurrences, event.title, request), f"{event.slug}.ics", attachment=True
    )


@require_GET
def occurrence_download(request, uuid):
    queryset = Occurrence.objects.public().select_related(
        "event", "event__programme", "venue__commune", "commune"
    )
    occurrence = get_object_or_404(queryset, uuid=uuid)
    occurrences = _with_urls([occurrence], request)
    return ics_response(
        build_calendar(occurrences, occurrence.event.title, request),
        f"{occurrence.event.slug}-{timezone.localtime(occurrence.start):%Y-%m-%d}.ics",
        attachment=True,
    )
