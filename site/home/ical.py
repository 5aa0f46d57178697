"""iCalendar files of agenda items (home.agenda.AgendaItem), whatever app gives them: the
agenda's feeds (programmes) and the one-date downloads of every source (an event's date, a
mediation session).

The file is written here line by line (RFC 5545: escaped text, lines folded at 75 octets, CRLF)
rather than through the icalendar library's objects, which cost about a millisecond per date:
a feed of 1,000 dates is written in a few tens of milliseconds (tests/bench/feeds.py). The tests
read every feed back with the icalendar library. The time zone is Europe/Paris with its
standing rules (last Sunday of March and of October), valid for every year."""

import datetime
from zoneinfo import ZoneInfo

from django.http import HttpResponse
from django.utils import timezone

PARIS = ZoneInfo("Europe/Paris")
TZID = "Europe/Paris"
PRODID = "-//Institut des Hauts-de-Seine//Programmes//FR"

VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)

_TEXT_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n", "\r": ""})


def escape_text(value):
    """A TEXT value (RFC 5545 §3.3.11)."""
    return str(value).translate(_TEXT_ESCAPES)


def fold(line):
    """A content line folded at 75 octets (never inside a UTF-8 character), ending in CRLF."""
    data = line.encode()
    if len(data) <= 75:
        return data + b"\r\n"
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # a continuation byte
            end -= 1
        parts.append(data[start:end])
        start, limit = end, 74  # the leading space of a continuation line counts
    return b"\r\n ".join(parts) + b"\r\n"


def _one_line(value):
    return " ".join(str(value).splitlines())


def _utc(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _paris(moment):
    return f"TZID={TZID}:{moment.astimezone(PARIS):%Y%m%dT%H%M%S}"


class FeedCalendar:
    """A VCALENDAR of ``home.agenda.AgendaItem``, in Paris time with its VTIMEZONE; a feed
    says its window in ``description`` (X-WR-CALDESC). ``chunks()`` writes it a date at a
    time, ``to_ical()`` whole."""

    def __init__(self, items, name, request, description=""):
        self.items = items
        self.name = name
        self.request = request
        self.description = description

    def header(self):
        lines = [
            "BEGIN:VCALENDAR",
            f"PRODID:{PRODID}",
            "VERSION:2.0",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            # Extension properties are written as the icalendar library writes them: as is.
            f"X-WR-CALNAME:{_one_line(self.name)}",
            f"X-WR-TIMEZONE:{TZID}",
        ]
        if self.description:
            lines.append(f"X-WR-CALDESC:{_one_line(self.description)}")
        lines.extend(VTIMEZONE)
        return b"".join(fold(line) for line in lines)

    def event_lines(self, item, now):
        yield "BEGIN:VEVENT"
        yield f"UID:{escape_text(item.uid)}"
        yield f"DTSTAMP:{now}"
        yield f"DTSTART;{_paris(item.start)}"
        yield f"DTEND;{_paris(item.end)}"
        yield f"SUMMARY:{escape_text(item.title)}"
        if item.description:
            yield f"DESCRIPTION:{escape_text(item.description)}"
        if item.place_label:
            yield f"LOCATION:{escape_text(item.place_label)}"
        if item.url:
            yield f"URL:{self.request.build_absolute_uri(item.url)}"
        yield f"SEQUENCE:{int(item.sequence)}"
        if item.last_modified:
            yield f"LAST-MODIFIED:{_utc(item.last_modified)}"
        if item.created:
            yield f"CREATED:{_utc(item.created)}"
        yield f"STATUS:{'CANCELLED' if item.is_cancelled else 'CONFIRMED'}"
        if item.programme:
            yield f"CATEGORIES:{escape_text(item.programme.title)}"
        yield "END:VEVENT"

    def chunks(self):
        now = _utc(timezone.now())
        yield self.header()
        for item in self.items:
            yield b"".join(fold(line) for line in self.event_lines(item, now))
        yield fold("END:VCALENDAR")

    def to_ical(self):
        return b"".join(self.chunks())


def build_calendar(items, name, request, description=""):
    """The calendar of ``items`` (``home.agenda.AgendaItem``), see ``FeedCalendar``."""
    return FeedCalendar(items, name, request, description)


def ics_response(calendar, filename, attachment=False):
    """The calendar (a ``FeedCalendar`` or its bytes, kept by home.fragments) as a response that
    the public page cache keeps (home.cache) under the tags its view read, for 15 minutes at
    most, as calendar applications are told."""
    body = calendar if isinstance(calendar, bytes) else calendar.to_ical()
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=900"
    return response
