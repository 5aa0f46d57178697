"""iCalendar feeds: every public date of the agenda (programmes' events and « Un mois, une
œuvre » mediation sessions, home.agenda), one programme's dates, one event, one date.

The agenda feeds take the agenda's filters as parameters (``?commune=92004&commune=92012``,
``lieu``, ``theme``, ``audience``, ``programme``), so that a subscription keeps what the
visitor chose.
Each date has a stable UID (an occurrence's stored UUID, a session's id), so a calendar that
imports the same feed again updates the entries (SEQUENCE, LAST-MODIFIED) instead of
duplicating them.

Every feed is kept by the public page cache (home.cache) under the tags of what it lists: the
agenda's feeds under ``agenda`` (the agenda's sources declare it), an event's download under
its event; a change of a date or an event builds them again.

Every feed is bounded (issue #16): the dates from ``FEED_PAST_DAYS`` (90) days ago to
``FEED_FUTURE_DAYS`` (365) days ahead, at most ``FEED_MAX_ITEMS`` (1,000), the earliest first;
the feed's X-WR-CALDESC says so. One event's download keeps its dates however far ahead they
are, at most ``FEED_MAX_ITEMS`` of them from ``FEED_PAST_DAYS`` ago."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_GET

from home import fragments
from home.agenda import Agenda, AgendaFilters
from home.cache import depends_on, page_tag
from home.ical import build_calendar, ics_response
from home.visibility import public_pages
from programmes.agenda import OccurrenceSource
from programmes.cache_tags import event_tag, programme_tag
from programmes.calendar import (
    FEED_FUTURE_DAYS,
    FEED_MAX_ITEMS,
    FEED_PARAMETERS,
    FEED_PAST_DAYS,
    AgendaFilterForm,
)
from programmes.models import EventPage, Occurrence


def _feed_form(request, agenda):
    return AgendaFilterForm(request.GET or None, agenda=agenda)


def _feed_filters(request, agenda, form=None, **overrides):
    """The agenda's filters read from the feed's parameters (the period left aside), over the
    feed's window: invalid values are left out, as on the agenda page."""
    start, end = _window()
    form = form or _feed_form(request, agenda)
    filters = form.filters(with_period=False)
    values = {
        "communes": filters.communes,
        "venues": filters.venues,
        "programmes": filters.programmes,
        "theme": filters.theme,
        "audience_slug": filters.audience_slug,
        "audience_name": filters.audience_name,
        "start": start,
        "end": end,
    }
    values.update(overrides)
    return AgendaFilters(**values)


def _window():
    now = timezone.now()
    return (
        now - timezone.timedelta(days=FEED_PAST_DAYS),
        now + timezone.timedelta(days=FEED_FUTURE_DAYS),
    )


# The feeds' description (X-WR-CALDESC): what a subscriber gets.
FEED_DESCRIPTION = (
    f"Les dates des {FEED_PAST_DAYS} derniers jours et des {FEED_FUTURE_DAYS} prochains jours, "
    f"{FEED_MAX_ITEMS} au plus (les plus proches d'abord)."
)

EVENT_FEED_DESCRIPTION = (
    f"Les dates de l'événement depuis {FEED_PAST_DAYS} jours, {FEED_MAX_ITEMS} au plus "
    "(les plus proches d'abord)."
)


def _feed_items(agenda, filters):
    """The first ``FEED_MAX_ITEMS`` items of the window, in start order: a fixed number of
    queries whatever the agenda holds."""
    return agenda.slice(filters, 0, FEED_MAX_ITEMS)


def _cached_body(request, name, build, form, *parts):
    """The feed's body, kept in the cache (home.fragments) under the tags its build declared
    (the agenda's, an event's) and the minute (its window and DTSTAMP), for feeds asked with
    known, valid parameters only: a key per filter that exists, never per text anyone types."""
    params = request.GET
    known = set(params) <= set(FEED_PARAMETERS) and (not form.is_bound or form.is_valid())
    if not known:
        return build()
    return fragments.cached(
        request, name, build, *parts, params.urlencode(), request.scheme, per_minute=True
    )


@require_GET
def all_events(request):
    agenda = Agenda(request)
    form = _feed_form(request, agenda)

    def build():
        items = _feed_items(agenda, _feed_filters(request, agenda, form))
        name = f"Agenda — {settings.WAGTAIL_SITE_NAME}"
        return build_calendar(items, name, request, description=FEED_DESCRIPTION).to_ical()

    body = _cached_body(request, "agenda_feed", build, form)
    return ics_response(body, "agenda-ihds.ics")


@require_GET
def programme_events(request, slug):
    """One programme's dates, whatever app gives them (« Un mois, une œuvre » included)."""
    agenda = Agenda(request)
    programme = agenda.programme(slug)
    if programme is None:
        raise Http404
    form = _feed_form(request, agenda)

    def build():
        items = _feed_items(agenda, _feed_filters(request, agenda, form, programmes=(slug,)))
        return build_calendar(
            items, programme.title, request, description=FEED_DESCRIPTION
        ).to_ical()

    body = _cached_body(request, "programme_feed", build, form, slug)
    return ics_response(body, f"agenda-{slug}.ics")


def _occurrence_items(occurrences, request):
    source = OccurrenceSource()
    return source.items(occurrences, source.programmes(request), request)


@require_GET
def event_download(request, page_id):
    event = get_object_or_404(public_pages(EventPage.objects.all()), pk=page_id, is_public=True)

    def build():
        # home.cache: the event, its dates, its programme's title (CATEGORIES).
        depends_on(page_tag(event), event_tag(event.pk), programme_tag(event.programme_id))
        # One event's download: from FEED_PAST_DAYS ago, however far ahead its dates are (an
        # event announced early), at most FEED_MAX_ITEMS of them.
        start, _end = _window()
        occurrences = Occurrence.objects.public().filter(event=event, end__gte=start)
        first = occurrences.order_by("start", "pk").values_list("pk", flat=True)[:FEED_MAX_ITEMS]
        items = _occurrence_items(Occurrence.objects.filter(pk__in=list(first)), request)
        return build_calendar(
            items, event.title, request, description=EVENT_FEED_DESCRIPTION
        ).to_ical()

    # Kept under the event's tags and the minute (home.fragments), whatever the parameters.
    body = fragments.cached(
        request,
        "event_feed",
        build,
        event.pk,
        event.latest_revision_id,
        request.scheme,
        per_minute=True,
    )
    return ics_response(body, f"{event.slug}.ics", attachment=True)


@require_GET
def occurrence_download(request, uuid):
    occurrence = get_object_or_404(Occurrence.objects.public().select_related("event"), uuid=uuid)

    def build():
        # home.cache: the date, its event, its programme's title (CATEGORIES).
        depends_on(
            page_tag(occurrence.event_id),
            event_tag(occurrence.event_id),
            programme_tag(occurrence.event.programme_id),
        )
        items = _occurrence_items(Occurrence.objects.filter(pk=occurrence.pk), request)
        return build_calendar(items, occurrence.event.title, request).to_ical()

    # Kept under the date's tags and the minute (home.fragments): a key per date that exists.
    body = fragments.cached(
        request, "occurrence_feed", build, occurrence.pk, request.scheme, per_minute=True
    )
    return ics_response(
        body,
        f"{occurrence.event.slug}-{timezone.localtime(occurrence.start):%Y-%m-%d}.ics",
        attachment=True,
    )
