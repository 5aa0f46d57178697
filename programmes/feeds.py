"""iCalendar feeds: every public date of the agenda (programmes' events and « Un mois, une
œuvre » mediation sessions, home.agenda), one programme's dates, one event, one date.

The agenda feeds take the agenda's filters as parameters (``?commune=92004&commune=92012``,
``theme``, ``audience``, ``programme``), so that a subscription keeps what the visitor chose.
Each date has a stable UID (an occurrence's stored UUID, a session's id), so a calendar that
imports the same feed again updates the entries (SEQUENCE, LAST-MODIFIED) instead of
duplicating them."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_GET
from icalendar import Calendar, Event

from home.agenda import Agenda, AgendaFilters
from home.visibility import public_pages
from programmes.agenda import OccurrenceSource
from programmes.calendar import FEED_PAST_DAYS, AgendaFilterForm
from programmes.models import EventPage, Occurrence

PARIS = ZoneInfo("Europe/Paris")


def build_calendar(items, name, request):
    """A VCALENDAR of ``home.agenda.AgendaItem``, in Paris time with its VTIMEZONE."""
    calendar = Calendar()
    calendar.add("prodid", "-//Institut des Hauts-de-Seine//Programmes//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
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


def _feed_filters(request, agenda, **overrides):
    """The agenda's filters read from the feed's parameters (the period left aside), from
    ``FEED_PAST_DAYS`` ago: invalid values are left out, as on the agenda page."""
    form = AgendaFilterForm(request.GET or None, agenda=agenda)
    filters = form.filters(with_period=False)
    values = {
        "communes": filters.communes,
        "programmes": filters.programmes,
        "theme": filters.theme,
        "audience_slug": filters.audience_slug,
        "audience_name": filters.audience_name,
        "start": timezone.now() - timezone.timedelta(days=FEED_PAST_DAYS),
    }
    values.update(overrides)
    return AgendaFilters(**values)


@require_GET
def all_events(request):
    agenda = Agenda(request)
    items = agenda.items(_feed_filters(request, agenda))
    name = f"Agenda — {settings.WAGTAIL_SITE_NAME}"
    return ics_response(build_calendar(items, name, request), "agenda-ihds.ics")


@require_GET
def programme_events(request, slug):
    """One programme's dates, whatever app gives them (« Un mois, une œuvre » included)."""
    agenda = Agenda(request)
    programme = agenda.programme(slug)
    if programme is None:
        raise Http404
    items = agenda.items(_feed_filters(request, agenda, programmes=(slug,)))
    return ics_response(build_calendar(items, programme.title, request), f"agenda-{slug}.ics")


def _occurrence_items(occurrences, request):
    source = OccurrenceSource()
    return source.items(occurrences, source.programmes(request), request)


@require_GET
def event_download(request, page_id):
    event = get_object_or_404(public_pages(EventPage.objects.all()), pk=page_id, is_public=True)
    items = _occurrence_items(Occurrence.objects.public().filter(event=event), request)
    return ics_response(
        build_calendar(items, event.title, request), f"{event.slug}.ics", attachment=True
    )


@require_GET
def occurrence_download(request, uuid):
    occurrence = get_object_or_404(Occurrence.objects.public().select_related("event"), uuid=uuid)
    items = _occurrence_items(Occurrence.objects.filter(pk=occurrence.pk), request)
    return ics_response(
        build_calendar(items, occurrence.event.title, request),
        f"{occurrence.event.slug}-{timezone.localtime(occurrence.start):%Y-%m-%d}.ics",
        attachment=True,
    )
