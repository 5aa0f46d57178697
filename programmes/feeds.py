"""iCalendar feeds: every public date of the agenda (programmes' events and « Un mois, une
œuvre » mediation sessions, home.agenda), one programme's dates, one event, one date.

The agenda feeds take the agenda's filters as parameters (``?commune=92004&commune=92012``,
``lieu``, ``theme``, ``audience``, ``programme``), so that a subscription keeps what the
visitor chose.
Each date has a stable UID (an occurrence's stored UUID, a session's id), so a calendar that
imports the same feed again updates the entries (SEQUENCE, LAST-MODIFIED) instead of
duplicating them."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_GET

from home.agenda import Agenda, AgendaFilters
from home.ical import build_calendar, ics_response
from home.visibility import public_pages
from programmes.agenda import OccurrenceSource
from programmes.calendar import FEED_PAST_DAYS, AgendaFilterForm
from programmes.models import EventPage, Occurrence


def _feed_filters(request, agenda, **overrides):
    """The agenda's filters read from the feed's parameters (the period left aside), from
    ``FEED_PAST_DAYS`` ago: invalid values are left out, as on the agenda page."""
    form = AgendaFilterForm(request.GET or None, agenda=agenda)
    filters = form.filters(with_period=False)
    values = {
        "communes": filters.communes,
        "venues": filters.venues,
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
