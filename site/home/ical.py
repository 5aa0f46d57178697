"""iCalendar files of agenda items (home.agenda.AgendaItem), whatever app gives them: the
agenda's feeds (programmes) and the one-date downloads of every source (an event's date, a
mediation session)."""

from zoneinfo import ZoneInfo

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

PARIS = ZoneInfo("Europe/Paris")


def build_calendar(items, name, request, description=""):
    """A VCALENDAR of ``home.agenda.AgendaItem``, in Paris time with its VTIMEZONE; a feed
    says its window in ``description`` (X-WR-CALDESC)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Institut des Hauts-de-Seine//Programmes//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    if description:
        calendar.add("x-wr-caldesc", description)
    now = timezone.now()
    for agenda_item in items:
        item = Event()
        item.add("uid", agenda_item.uid)
        item.add("dtstamp", now)
        item.add("dtstart", agenda_item.start.astimezone(PARIS))
        item.add("dtend", agenda_item.end.astimezone(PARIS))
        item.add("summary", agenda_item.title)
        if agenda_item.description:
            item.add("description", agenda_item.description)
        if agenda_item.place_label:
            item.add("location", agenda_item.place_label)
        if agenda_item.url:
            item.add("url", request.build_absolute_uri(agenda_item.url))
        item.add("sequence", agenda_item.sequence)
        if agenda_item.last_modified:
            item.add("last-modified", agenda_item.last_modified)
        if agenda_item.created:
            item.add("created", agenda_item.created)
        item.add("status", "CANCELLED" if agenda_item.is_cancelled else "CONFIRMED")
        if agenda_item.programme:
            item.add("categories", [agenda_item.programme.title])
        calendar.add_component(item)
    calendar.add_missing_timezones()
    return calendar


def ics_response(calendar, filename, attachment=False):
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=900"
    return response
